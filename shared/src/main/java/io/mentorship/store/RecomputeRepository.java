package io.mentorship.store;

import static io.mentorship.store.TableLayout.n;
import static io.mentorship.store.TableLayout.s;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The global recompute that a weight change or a guidelines publication starts ({@code CONFIG / RECOMPUTE}): its
 * generation (a newer one supersedes it), why and when it started, where its walk of the member directory stands,
 * and how many members it scheduled and finished.
 */
public final class RecomputeRepository {
    private static final Map<String, AttributeValue> KEY =
            TableLayout.key(TableLayout.CONFIG, TableLayout.RECOMPUTE_SK);
    /** Several of these names are DynamoDB reserved words. */
    private static final Map<String, String> NAMES = Map.of("#generation", "generation", "#reason", "reason",
            "#startedAt", "startedAt", "#cursor", "cursor", "#scheduled", "scheduled", "#done", "done");

    private final DynamoDbClient dynamo;
    private final String table;

    public RecomputeRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The cursor once the walk has scheduled every page of every shard. */
    public static final String WALK_FINISHED = "done";

    /** A recompute as stored. {@code cursor}: the shard and page token of the next page ({@link #WALK_FINISHED}). */
    public record Progress(long generation, String reason, Instant startedAt, String cursor, long scheduled,
                           long done, Instant lastDoneAt) {
        public boolean schedulingFinished() {
            return WALK_FINISHED.equals(cursor);
        }

        public RecomputeState state() {
            return schedulingFinished() && done >= scheduled ? RecomputeState.DONE : RecomputeState.RUNNING;
        }
    }

    /** Starts a new generation, superseding any running one; returns it. */
    public long start(String reason, Instant now) {
        var updated = dynamo.updateItem(r -> r.tableName(table).key(KEY)
                .updateExpression("ADD #generation :one SET #reason = :reason, #startedAt = :now, #cursor = :first, "
                        + "#scheduled = :zero, #done = :zero")
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(Map.of(":one", n(1), ":reason", s(reason), ":now", s(now),
                        ":first", s(cursor(0, null)), ":zero", n(0)))
                .returnValues(ReturnValue.ALL_NEW));
        return Long.parseLong(updated.attributes().get("generation").n());
    }

    public Optional<Progress> current() {
        var item = dynamo.getItem(r -> r.tableName(table).key(KEY).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Progress(Long.parseLong(item.get("generation").n()), item.get("reason").s(),
                TableLayout.instant(item, "startedAt"), item.get("cursor").s(),
                Long.parseLong(item.get("scheduled").n()), Long.parseLong(item.get("done").n()),
                TableLayout.instant(item, "lastDoneAt")));
    }

    /**
     * Moves the walk from {@code from} to {@code to} after a page was scheduled, once: a repeated delivery of the
     * same page finds the cursor moved and changes nothing. False when superseded or already moved.
     */
    public boolean advance(long generation, String from, String to, int scheduled) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(KEY)
                    .conditionExpression("#generation = :g AND #cursor = :from")
                    .updateExpression("SET #cursor = :to ADD #scheduled :n")
                    .expressionAttributeNames(Map.of("#generation", "generation", "#cursor", "cursor",
                            "#scheduled", "scheduled"))
                    .expressionAttributeValues(Map.of(":g", n(generation), ":from", s(from), ":to", s(to),
                            ":n", n(scheduled))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Counts finished members of {@code generation} (nothing if a newer one started). */
    public void finished(long generation, int members, Instant now) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(KEY)
                    .conditionExpression("#generation = :g")
                    .updateExpression("ADD #done :n SET lastDoneAt = :now")
                    .expressionAttributeNames(Map.of("#generation", "generation", "#done", "done"))
                    .expressionAttributeValues(Map.of(":g", n(generation), ":n", n(members), ":now", s(now))));
        } catch (ConditionalCheckFailedException e) {
            // Superseded: the newer generation counts its own.
        }
    }

    /** Whether {@code generation} is the running one. */
    public boolean isCurrent(long generation) {
        return current().map(p -> p.generation() == generation).orElse(false);
    }

    public static String cursor(int shard, Map<String, String> start) {
        if (start == null) {
            return shard + "|";
        }
        return shard + "|" + io.mentorship.json.Json.write(new java.util.TreeMap<>(start));
    }

    /** The progress as the admin API shows it. */
    public static Map<String, Object> view(Progress p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generation", p.generation());
        out.put("reason", p.reason());
        out.put("startedAt", p.startedAt());
        out.put("membersScheduled", p.scheduled());
        out.put("membersDone", Math.min(p.done(), p.scheduled()));
        out.put("state", p.state());
        return out;
    }

}
