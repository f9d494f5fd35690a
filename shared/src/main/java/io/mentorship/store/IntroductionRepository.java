package io.mentorship.store;

import static io.mentorship.store.TableLayout.PK;
import static io.mentorship.store.TableLayout.SK;
import static io.mentorship.store.TableLayout.history;
import static io.mentorship.store.TableLayout.key;
import static io.mentorship.store.TableLayout.n;
import static io.mentorship.store.TableLayout.s;
import static io.mentorship.store.TableLayout.user;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mentorship.introductions.Introduction;
import io.mentorship.introductions.IntroductionStatus;
import io.mentorship.json.Json;
import io.mentorship.matching.Commonality;
import io.mentorship.profile.Role;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Introductions ({@code INTRO#<id>}), each member's boxes ({@code HISTORY#<id> / INTRO#IN|OUT#<createdAt>#<id>}),
 * the pair lock ({@code PAIR#<a>#<b>}: one open introduction or mentorship per pair, and the 90-day cool-off after
 * a decline), the per-requester pending counter, the members each member must not be matched with now
 * ({@code USER#<id> / EXCL#<other>}), and the expiry schedule ({@code EXPIRY#<date> / <expiresAt>#<id>}).
 * Every invariant is a conditional write on one item.
 */
public final class IntroductionRepository {
    private final DynamoDbClient dynamo;
    private final String table;
    private final BoundedCounter pending;

    public IntroductionRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.pending = new BoundedCounter(dynamo, table, TableLayout.COUNTERS, "pendingOut");
    }

    /** Takes one of the requester's pending slots; false when they already have {@code max} pending. */
    public boolean reservePendingSlot(String userId, int max) {
        return pending.take(userId, max);
    }

    public void releasePendingSlot(String userId) {
        pending.release(userId);
    }

    /**
     * Claims the pair for a new introduction: fails while another introduction or a mentorship between them is
     * open, or within 90 days of a decline.
     */
    public boolean claimPair(String a, String b, String introductionId, Instant now) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(Map.of(
                            PK, s(TableLayout.pair(a, b)), SK, s(TableLayout.PAIR_SK),
                            "state", s(PairState.PENDING.value()), "introductionId", s(introductionId)))
                    .conditionExpression("attribute_not_exists(pk) OR #state = :open OR "
                            + "(#state = :declined AND apartUntil < :now)")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":open", s(PairState.OPEN.value()),
                            ":declined", s(PairState.DECLINED.value()), ":now", s(TableLayout.time(now)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Sets the pair's state: {@code open}, {@code paired} (with the mentorship), {@code declined} until a date. */
    public void setPair(String a, String b, PairState state, String reference, Instant apartUntil) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(PK, s(TableLayout.pair(a, b)),
                SK, s(TableLayout.PAIR_SK), "state", s(state.value())));
        if (reference != null) {
            item.put("reference", s(reference));
        }
        if (apartUntil != null) {
            // Compared with a time in the claim's condition: stored fixed-width, so text order is time order.
            item.put("apartUntil", s(TableLayout.time(apartUntil)));
        }
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    /** Whether the two have ever been introduced (an introduction or a mentorship between them exists). */
    public boolean everIntroduced(String a, String b) {
        var item = dynamo.getItem(r -> r.tableName(table).key(TableLayout.pairKey(a, b)).consistentRead(true))
                .item();
        return item != null && !item.isEmpty();
    }

    /** The open introduction between two members, if any. */
    public Optional<String> pendingIntroductionBetween(String a, String b) {
        var item = dynamo.getItem(r -> r.tableName(table).key(TableLayout.pairKey(a, b)).consistentRead(true))
                .item();
        if (item == null || item.isEmpty() || !PairState.PENDING.value().equals(item.get("state").s())) {
            return Optional.empty();
        }
        return Optional.of(item.get("introductionId").s());
    }

    /** Keeps {@code other} out of {@code userId}'s suggestions (pending, paired, or declined until a date). */
    public void exclude(String userId, String other, PairState reason, Instant until) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(PK, s(user(userId)),
                SK, s(TableLayout.EXCLUSION.of(other)), "reason", s(reason.value())));
        if (until != null) {
            item.put("until", s(until));
            // DynamoDB's TTL removes lapsed exclusions, so a member's state does not grow with their history.
            item.put("ttl", n(until.getEpochSecond()));
        }
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    public void unexclude(String userId, String other) {
        dynamo.deleteItem(r -> r.tableName(table).key(key(user(userId), TableLayout.EXCLUSION.of(other))));
    }

    public void create(Introduction intro) {
        dynamo.putItem(r -> r.tableName(table).item(toItem(intro))
                .conditionExpression("attribute_not_exists(pk)"));
        dynamo.putItem(r -> r.tableName(table).item(pointer(intro.requesterId(), false, intro)));
        dynamo.putItem(r -> r.tableName(table).item(pointer(intro.recipientId(), true, intro)));
        dynamo.putItem(r -> r.tableName(table).item(Map.of(
                PK, s(expiryPartition(intro.expiresAt())),
                SK, s(TableLayout.expiryEntry(intro.expiresAt(), intro.id())), "introductionId", s(intro.id()))));
    }

    public Optional<Introduction> find(String id) {
        var item = dynamo.getItem(r -> r.tableName(table).key(TableLayout.introductionKey(id)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /**
     * Moves a pending introduction to {@code to}; false if it was no longer pending (someone else decided first).
     */
    public boolean decide(String id, IntroductionStatus to, Instant now, String reason, String mentorshipId) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":to", s(to.toString()),
                ":pending", s(IntroductionStatus.PENDING.toString()), ":now", s(now)));
        StringBuilder update = new StringBuilder("SET #status = :to, decidedAt = :now");
        if (reason != null) {
            update.append(", declineReason = :reason");
            values.put(":reason", s(reason));
        }
        if (mentorshipId != null) {
            update.append(", mentorshipId = :mentorship");
            values.put(":mentorship", s(mentorshipId));
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(TableLayout.introductionKey(id))
                    .updateExpression(update.toString())
                    .conditionExpression("#status = :pending")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** A member's introductions, newest first: {@code box} is {@code incoming} or {@code outgoing}. */
    public List<Introduction> list(String userId, boolean incoming, int limit) {
        var pointers = dynamo.query(r -> r.tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :box)")
                .expressionAttributeValues(Map.of(":pk", s(history(userId)),
                        ":box", s((incoming ? TableLayout.INCOMING : TableLayout.OUTGOING).text())))
                .scanIndexForward(false).limit(limit)).items();
        List<Introduction> out = new ArrayList<>();
        for (var pointer : pointers) {
            find(pointer.get("introductionId").s()).ifPresent(out::add);
        }
        return out;
    }

    /** Ids of pending introductions whose expiry is due by {@code now} (looking back {@code days} days). */
    public List<String> dueForExpiry(Instant now, int days, int limit) {
        List<String> due = new ArrayList<>();
        for (int back = days; back >= 0 && due.size() < limit; back--) {
            String partition = expiryPartition(now.minusSeconds(back * 86_400L));
            var items = dynamo.query(r -> r.tableName(table)
                    .keyConditionExpression("pk = :pk AND sk <= :now")
                    .expressionAttributeValues(Map.of(":pk", s(partition), ":now", s(TableLayout.expiryDueBy(now))))
                    .limit(limit)).items();
            for (var item : items) {
                due.add(item.get("introductionId").s());
            }
        }
        return due.subList(0, Math.min(limit, due.size()));
    }

    public void unschedule(Introduction intro) {
        dynamo.deleteItem(r -> r.tableName(table).key(key(expiryPartition(intro.expiresAt()),
                TableLayout.expiryEntry(intro.expiresAt(), intro.id()))));
    }

    private static String expiryPartition(Instant when) {
        return TableLayout.expiryDay(LocalDate.ofInstant(when, ZoneOffset.UTC));
    }

    private static Map<String, AttributeValue> pointer(String userId, boolean incoming, Introduction intro) {
        return Map.of(PK, s(history(userId)),
                SK, s(TableLayout.boxEntry(incoming, intro.createdAt(), intro.id())), "introductionId", s(intro.id()));
    }

    private static Map<String, AttributeValue> toItem(Introduction i) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(TableLayout.INTRODUCTION.of(i.id())));
        item.put(SK, s(TableLayout.INTRODUCTION_SK));
        item.put("id", s(i.id()));
        item.put("requesterId", s(i.requesterId()));
        item.put("recipientId", s(i.recipientId()));
        item.put("as", s(i.as().toString()));
        item.put("mentorId", s(i.mentorId()));
        item.put("menteeId", s(i.menteeId()));
        if (i.message() != null) {
            item.put("message", s(i.message()));
        }
        item.put("status", s(i.status().toString()));
        item.put("commonalities", s(Json.write(i.commonalities())));
        item.put("createdAt", s(i.createdAt()));
        item.put("expiresAt", s(i.expiresAt()));
        return item;
    }

    private static Introduction fromItem(Map<String, AttributeValue> item) {
        List<Commonality> commonalities = Json.mapper().convertValue(Json.read(item.get("commonalities").s(),
                Object.class), new TypeReference<List<Commonality>>() {
                });
        return new Introduction(item.get("id").s(), item.get("requesterId").s(), item.get("recipientId").s(),
                Role.parse(item.get("as").s()).orElseThrow(), item.get("mentorId").s(), item.get("menteeId").s(),
                text(item, "message"), IntroductionStatus.parse(item.get("status").s()).orElseThrow(), commonalities,
                TableLayout.instant(item, "createdAt"), TableLayout.instant(item, "expiresAt"),
                TableLayout.instant(item, "decidedAt"),
                text(item, "declineReason"), text(item, "mentorshipId"));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
