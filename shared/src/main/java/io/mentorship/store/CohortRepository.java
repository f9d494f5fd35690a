package io.mentorship.store;

import static io.mentorship.store.TableLayout.PK;
import static io.mentorship.store.TableLayout.SK;
import static io.mentorship.store.TableLayout.key;
import static io.mentorship.store.TableLayout.s;
import static io.mentorship.store.TableLayout.user;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mentorship.json.Json;
import io.mentorship.profile.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Cohorts, kept under {@code COHORT#<id>}:
 * <ul>
 *   <li>{@code COHORT}: name, topics, closing time, who created it and when;</li>
 *   <li>{@code MEMBER#<userId>}: a member and their role (mirrored under {@code USER#<userId> / COHORT#<id>},
 *       so that members list their own cohorts);</li>
 *   <li>{@code RUN}: the latest assignment run: its id, state, times, summary (JSON) and number of pair pages;</li>
 *   <li>{@code RUN#<runId>#PAIRS#<page>}: the run's proposed pairs, {@value #PAIRS_PER_PAGE} a page, with what
 *       publishing did for each;</li>
 *   <li>{@code INTRO#<menteeId>}: the introduction publishing made for a mentee, so a re-run knows who is
 *       already served.</li>
 * </ul>
 */
public final class CohortRepository {
    public static final int PAIRS_PER_PAGE = 100;

    private final DynamoDbClient dynamo;
    private final String table;

    public CohortRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public record Cohort(String id, String name, List<String> topics, Instant closesAt, Instant createdAt,
                         String createdBy) {
    }

    public record Membership(String cohortId, String userId, Role role, Instant joinedAt, String cohortName) {
    }

    /** A run as stored; {@code summary} is JSON written by the assignment, null before it finished. */
    public record Run(String runId, RunState state, Instant requestedAt, Instant startedAt, Instant finishedAt,
                      String summary, int pages, String error, Instant publishedAt, Integer introduced,
                      Integer skipped) {
    }

    /**
     * A proposed pair and, once published, its introduction or why there is none.
     *
     * @param outcome null before publishing; "introduced" or the reason it was skipped
     */
    public record Pair(String menteeId, String menteeName, String mentorId, String mentorName, int score,
                       Object commonalities, String introductionId, String outcome) {
        public Pair published(String introductionId, String outcome) {
            return new Pair(menteeId, menteeName, mentorId, mentorName, score, commonalities, introductionId,
                    outcome);
        }
    }

    /** The introduction publishing made for a mentee of the cohort. */
    public record CohortIntroduction(String menteeId, String mentorId, String introductionId, String runId) {
    }

    private static String pk(String cohortId) {
        return TableLayout.COHORT.of(cohortId);
    }

    /** Creates the cohort; false if the id is taken. */
    public boolean create(Cohort cohort) {
        Map<String, AttributeValue> item = new HashMap<>(key(pk(cohort.id()), TableLayout.COHORT_SK));
        item.put("name", s(cohort.name()));
        item.put("topics", AttributeValue.fromL(cohort.topics().stream().map(TableLayout::s).toList()));
        item.put("closesAt", s(cohort.closesAt()));
        item.put("createdAt", s(cohort.createdAt()));
        item.put("createdBy", s(cohort.createdBy()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public Optional<Cohort> find(String cohortId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(key(pk(cohortId), TableLayout.COHORT_SK))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Cohort(cohortId, item.get("name").s(),
                item.get("topics").l().stream().map(AttributeValue::s).toList(), TableLayout.instant(item, "closesAt"),
                TableLayout.instant(item, "createdAt"), item.get("createdBy").s()));
    }

    /** Adds the member in {@code role}, or changes their role. */
    public void join(Cohort cohort, String userId, Role role, Instant now) {
        dynamo.putItem(r -> r.tableName(table).item(Map.of(PK, s(pk(cohort.id())), SK,
                s(TableLayout.COHORT_MEMBER.of(userId)), "role", s(role.name()), "joinedAt", s(now))));
        dynamo.putItem(r -> r.tableName(table).item(Map.of(PK, s(user(userId)), SK,
                s(TableLayout.MEMBER_OF_COHORT.of(cohort.id())), "role", s(role.name()), "joinedAt", s(now),
                "name", s(cohort.name()))));
    }

    /** Removes the member; false if they were not one. */
    public boolean leave(String cohortId, String userId) {
        var old = dynamo.deleteItem(r -> r.tableName(table).key(key(pk(cohortId), TableLayout.COHORT_MEMBER.of(userId)))
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)).attributes();
        dynamo.deleteItem(r -> r.tableName(table).key(key(user(userId), TableLayout.MEMBER_OF_COHORT.of(cohortId))));
        return old != null && !old.isEmpty();
    }

    /** Every member of the cohort, in the order they joined (ties by id). */
    public List<Membership> members(String cohortId) {
        List<Membership> out = new ArrayList<>();
        for (var item : queryAll(pk(cohortId), TableLayout.COHORT_MEMBER.text())) {
            out.add(new Membership(cohortId, TableLayout.COHORT_MEMBER.rest(item.get(SK).s()),
                    Role.valueOf(item.get("role").s()), TableLayout.instant(item, "joinedAt"), null));
        }
        out.sort(java.util.Comparator.comparing(Membership::joinedAt).thenComparing(Membership::userId));
        return out;
    }

    /** The cohorts {@code userId} belongs to. */
    public List<Membership> cohortsOf(String userId) {
        List<Membership> out = new ArrayList<>();
        for (var item : queryAll(user(userId), TableLayout.MEMBER_OF_COHORT.text())) {
            out.add(new Membership(TableLayout.MEMBER_OF_COHORT.rest(item.get(SK).s()), userId,
                    Role.valueOf(item.get("role").s()), TableLayout.instant(item, "joinedAt"), item.get("name").s()));
        }
        return out;
    }

    public Optional<Run> run(String cohortId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(key(pk(cohortId), TableLayout.COHORT_RUN_SK))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Run(item.get("runId").s(),
                RunState.parse(item.get("state").s()), TableLayout.instant(item, "requestedAt"),
                TableLayout.instant(item, "startedAt"), TableLayout.instant(item, "finishedAt"), text(item, "summary"),
                item.containsKey("pages") ? Integer.parseInt(item.get("pages").n()) : 0, text(item, "error"),
                TableLayout.instant(item, "publishedAt"), number(item, "introduced"), number(item, "skipped")));
    }

    /** Starts a new run unless the latest is in one of {@code busyStates} (at least one); false if it is. */
    public boolean startRun(String cohortId, String runId, Instant now, List<RunState> busyStates) {
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> notBusy = new ArrayList<>();
        for (int i = 0; i < busyStates.size(); i++) {
            values.put(":busy" + i, s(busyStates.get(i).value()));
            notBusy.add("#state <> :busy" + i);
        }
        try {
            dynamo.putItem(r -> r.tableName(table).item(Map.of(PK, s(pk(cohortId)), SK, s(TableLayout.COHORT_RUN_SK),
                            "runId", s(runId), "state", s(RunState.QUEUED.value()), "requestedAt", s(now)))
                    .conditionExpression("attribute_not_exists(pk) OR (" + String.join(" AND ", notBusy) + ")")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Moves run {@code runId} from one of {@code from} to {@code to}; false if it is not in one (or superseded). */
    public boolean moveRun(String cohortId, String runId, List<RunState> from, RunState to, Instant now,
                           Map<String, AttributeValue> alsoSet) {
        Map<String, AttributeValue> values = new HashMap<>(alsoSet);
        values.put(":run", s(runId));
        values.put(":to", s(to.value()));
        values.put(":now", s(now));
        List<String> ors = new ArrayList<>();
        for (int i = 0; i < from.size(); i++) {
            values.put(":from" + i, s(from.get(i).value()));
            ors.add("#state = :from" + i);
        }
        String at = to.enteredAt();
        StringBuilder update = new StringBuilder("SET #state = :to, ").append(at).append(" = :now");
        Map<String, String> names = new HashMap<>(Map.of("#state", "state"));
        for (String attribute : alsoSet.keySet()) {
            String name = attribute.substring(1);
            names.put("#" + name, name);
            update.append(", #").append(name).append(" = ").append(attribute);
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(pk(cohortId), TableLayout.COHORT_RUN_SK))
                    .updateExpression(update.toString())
                    .conditionExpression("runId = :run AND (" + String.join(" OR ", ors) + ")")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Writes the run's pairs, {@value #PAIRS_PER_PAGE} a page; returns the number of pages. */
    public int writePairs(String cohortId, String runId, List<Pair> pairs) {
        List<WriteRequest> writes = new ArrayList<>();
        int pages = 0;
        for (int from = 0; from < pairs.size(); from += PAIRS_PER_PAGE) {
            List<Pair> page = pairs.subList(from, Math.min(pairs.size(), from + PAIRS_PER_PAGE));
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder()
                    .item(pageItem(cohortId, runId, pages, page)).build()).build());
            pages++;
        }
        BatchWrite.all(dynamo, table, writes);
        return pages;
    }

    public void writePage(String cohortId, String runId, int page, List<Pair> pairs) {
        dynamo.putItem(r -> r.tableName(table).item(pageItem(cohortId, runId, page, pairs)));
    }

    private static Map<String, AttributeValue> pageItem(String cohortId, String runId, int page, List<Pair> pairs) {
        return Map.of(PK, s(pk(cohortId)), SK, s(pageKey(runId, page)), "pairs", s(Json.write(pairs)));
    }

    private static String pageKey(String runId, int page) {
        return TableLayout.cohortRunPage(runId, page);
    }

    public List<Pair> page(String cohortId, String runId, int page) {
        var item = dynamo.getItem(r -> r.tableName(table).key(key(pk(cohortId), pageKey(runId, page)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return List.of();
        }
        try {
            return Json.mapper().readValue(item.get("pairs").s(), new TypeReference<List<Pair>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public void recordIntroduction(String cohortId, CohortIntroduction intro) {
        dynamo.putItem(r -> r.tableName(table).item(Map.of(PK, s(pk(cohortId)), SK,
                s(TableLayout.COHORT_INTRODUCTION.of(intro.menteeId())), "mentorId", s(intro.mentorId()),
                "introductionId",
                s(intro.introductionId()), "runId", s(intro.runId()))));
    }

    public List<CohortIntroduction> introductions(String cohortId) {
        List<CohortIntroduction> out = new ArrayList<>();
        for (var item : queryAll(pk(cohortId), TableLayout.COHORT_INTRODUCTION.text())) {
            out.add(new CohortIntroduction(TableLayout.COHORT_INTRODUCTION.rest(item.get(SK).s()),
                    item.get("mentorId").s(), item.get("introductionId").s(), item.get("runId").s()));
        }
        return out;
    }

    private List<Map<String, AttributeValue>> queryAll(String pk, String prefix) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(prefix)))
                    .exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    private static Integer number(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? Integer.valueOf(item.get(name).n()) : null;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? item.get(name).s() : null;
    }
}
