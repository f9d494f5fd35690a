package io.mentorship.store;

import static io.mentorship.store.TableLayout.key;
import static io.mentorship.store.TableLayout.n;
import static io.mentorship.store.TableLayout.user;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A number attribute of one item that only moves between zero and a limit, one step at a time, each step a single
 * conditional {@code ADD}: however many callers race, it never passes either bound.
 */
final class BoundedCounter {
    private final DynamoDbClient dynamo;
    private final String table;
    private final String sortKey;
    private final String attribute;

    BoundedCounter(DynamoDbClient dynamo, String table, String sortKey, String attribute) {
        this.dynamo = dynamo;
        this.table = table;
        this.sortKey = sortKey;
        this.attribute = attribute;
    }

    /** Adds one to the member's counter; false when it is already at {@code limit}. */
    boolean take(String userId, int limit) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(user(userId), sortKey))
                    .updateExpression("ADD #c :one")
                    .conditionExpression("attribute_not_exists(#c) OR #c < :limit")
                    .expressionAttributeNames(Map.of("#c", attribute))
                    .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(limit))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Gives one back; a repeated release never takes the counter below zero. */
    void release(String userId) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(user(userId), sortKey))
                    .updateExpression("ADD #c :minus")
                    .conditionExpression("#c > :zero")
                    .expressionAttributeNames(Map.of("#c", attribute))
                    .expressionAttributeValues(Map.of(":minus", n(-1), ":zero", n(0))));
        } catch (ConditionalCheckFailedException e) {
            // Nothing taken: nothing to give back.
        }
    }
}
