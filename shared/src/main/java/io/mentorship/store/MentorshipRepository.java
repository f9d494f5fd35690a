package io.mentorship.store;

import static io.mentorship.store.TableLayout.PK;
import static io.mentorship.store.TableLayout.SK;
import static io.mentorship.store.TableLayout.history;
import static io.mentorship.store.TableLayout.key;
import static io.mentorship.store.TableLayout.n;
import static io.mentorship.store.TableLayout.s;
import static io.mentorship.store.TableLayout.user;

import io.mentorship.introductions.Mentorship;
import io.mentorship.introductions.MentorshipStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Mentorships ({@code MENTORSHIP#<id>}, listed under both members) and each mentor's capacity in use
 * ({@code USER#<mentor> / CAPACITY}). A unit of capacity is taken by one conditional update, so however many
 * accepts race, the count never passes the mentor's capacity.
 */
public final class MentorshipRepository {
    private final DynamoDbClient dynamo;
    private final String table;
    private final BoundedCounter capacityInUse;

    public MentorshipRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.capacityInUse = new BoundedCounter(dynamo, table, TableLayout.CAPACITY, "active");
    }

    /** Takes one unit of the mentor's capacity; false when {@code capacity} units are already in use. */
    public boolean takeCapacity(String mentorId, int capacity) {
        return capacityInUse.take(mentorId, capacity);
    }

    public void releaseCapacity(String mentorId) {
        capacityInUse.release(mentorId);
    }

    public int activeMentees(String mentorId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(key(user(mentorId), TableLayout.CAPACITY))
                .consistentRead(true)).item();
        return item == null || !item.containsKey("active") ? 0 : Integer.parseInt(item.get("active").n());
    }

    public void create(Mentorship m) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(TableLayout.MENTORSHIP.of(m.id())));
        item.put(SK, s(TableLayout.MENTORSHIP_SK));
        item.put("id", s(m.id()));
        item.put("mentorId", s(m.mentorId()));
        item.put("menteeId", s(m.menteeId()));
        item.put("introductionId", s(m.introductionId()));
        item.put("status", s(m.status().toString()));
        item.put("startedAt", s(m.startedAt()));
        dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        for (String member : List.of(m.mentorId(), m.menteeId())) {
            dynamo.putItem(r -> r.tableName(table).item(Map.of(PK, s(history(member)),
                    SK, s(TableLayout.MENTORSHIP_ENTRY.of(m.id())), "mentorshipId", s(m.id()))));
        }
    }

    public Optional<Mentorship> find(String id) {
        var item = dynamo.getItem(r -> r.tableName(table).key(TableLayout.mentorshipKey(id))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    public List<Mentorship> listFor(String userId) {
        var pointers = dynamo.query(r -> r.tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :m)")
                .expressionAttributeValues(Map.of(":pk", s(history(userId)),
                        ":m", s(TableLayout.MENTORSHIP_ENTRY.text())))).items();
        List<Mentorship> out = new ArrayList<>();
        for (var p : pointers) {
            find(p.get("mentorshipId").s()).ifPresent(out::add);
        }
        return out;
    }

    /** Ends an active mentorship; false if it had already ended. */
    public boolean end(String id, String by, Integer rating, String feedback, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":ended", s(MentorshipStatus.ENDED.toString()),
                ":active", s(MentorshipStatus.ACTIVE.toString()), ":now", s(now), ":by", s(by)));
        StringBuilder update = new StringBuilder("SET #status = :ended, endedAt = :now, endedBy = :by");
        if (rating != null) {
            update.append(", rating = :rating");
            values.put(":rating", n(rating));
        }
        if (feedback != null) {
            update.append(", feedback = :feedback");
            values.put(":feedback", s(feedback));
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(TableLayout.mentorshipKey(id))
                    .updateExpression(update.toString())
                    .conditionExpression("#status = :active")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Mentorship fromItem(Map<String, AttributeValue> item) {
        return new Mentorship(item.get("id").s(), item.get("mentorId").s(), item.get("menteeId").s(),
                item.get("introductionId").s(), MentorshipStatus.parse(item.get("status").s()),
                TableLayout.instant(item, "startedAt"),
                TableLayout.instant(item, "endedAt"), text(item, "endedBy"),
                item.containsKey("rating") ? Integer.parseInt(item.get("rating").n()) : null, text(item, "feedback"));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
