package io.mentorship.store;

import static io.mentorship.store.TableLayout.key;
import static io.mentorship.store.TableLayout.s;

import io.mentorship.events.MentorshipEvent;
import io.mentorship.json.Json;
import io.mentorship.profile.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Delivered notifications: {@code INBOX#<userId> / <occurredAt>#<eventId>}, one per event and recipient (the key
 * makes a repeated delivery a no-op), and announcements to everyone of a role ({@code INBOX#ROLE#<role>}), read
 * together with the member's own items instead of being copied to every inbox.
 */
public final class InboxRepository {
    private final DynamoDbClient dynamo;
    private final String table;

    public InboxRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Stores the event in the recipient's inbox; false when it was already there (a repeated delivery). */
    public boolean deliver(String recipient, MentorshipEvent event) {
        return put(recipient == null ? TableLayout.ROLE_INBOX.of(event.role()) : TableLayout.INBOX.of(recipient),
                event);
    }

    /** Records that the notification for this inbox item went out. */
    public void markNotified(String recipient, MentorshipEvent event) {
        dynamo.updateItem(r -> r.tableName(table).key(key(TableLayout.INBOX.of(recipient), sortKey(event)))
                .updateExpression("SET notified = :yes")
                .expressionAttributeValues(Map.of(":yes", AttributeValue.fromBool(true))));
    }

    public boolean notified(String recipient, MentorshipEvent event) {
        var item = dynamo.getItem(r -> r.tableName(table).key(key(TableLayout.INBOX.of(recipient), sortKey(event)))
                .consistentRead(true)).item();
        return item != null && item.containsKey("notified") && item.get("notified").bool();
    }

    /** The member's inbox, newest first, with the announcements for the roles they take. */
    public List<MentorshipEvent> list(String userId, List<Role> roles, int limit) {
        List<MentorshipEvent> out = new ArrayList<>(query(TableLayout.INBOX.of(userId), limit));
        for (Role role : roles) {
            out.addAll(query(TableLayout.ROLE_INBOX.of(role), limit));
        }
        out.sort(Comparator.comparing(MentorshipEvent::occurredAt).reversed()
                .thenComparing(MentorshipEvent::eventId));
        return out.subList(0, Math.min(limit, out.size()));
    }

    private boolean put(String partition, MentorshipEvent event) {
        Map<String, AttributeValue> item = new HashMap<>(key(partition, sortKey(event)));
        item.put("event", s(Json.write(event)));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private List<MentorshipEvent> query(String partition, int limit) {
        return dynamo.query(r -> r.tableName(table).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(partition))).scanIndexForward(false).limit(limit))
                .items().stream().map(i -> Json.read(i.get("event").s(), MentorshipEvent.class)).toList();
    }

    private static String sortKey(MentorshipEvent event) {
        return TableLayout.inboxEntry(event.occurredAt(), event.eventId());
    }
}
