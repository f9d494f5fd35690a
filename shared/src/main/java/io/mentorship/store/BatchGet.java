package io.mentorship.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** Reads many items of one table: in requests of DynamoDB's 100-key limit, retrying what it leaves unprocessed. */
public final class BatchGet {
    private static final int LIMIT = 100;

    private BatchGet() {
    }

    /** The items that exist among {@code keys}, in no particular order. */
    public static List<Map<String, AttributeValue>> items(DynamoDbClient dynamo, String table,
                                                          List<Map<String, AttributeValue>> keys,
                                                          boolean consistent) {
        return items(dynamo, table, keys, consistent, List.of());
    }

    /** As {@link #items(DynamoDbClient, String, List, boolean)}, each item with only the attributes named. */
    public static List<Map<String, AttributeValue>> items(DynamoDbClient dynamo, String table,
                                                          List<Map<String, AttributeValue>> keys,
                                                          boolean consistent, List<String> attributes) {
        Map<String, String> names = new java.util.LinkedHashMap<>();
        attributes.forEach(a -> names.put("#a" + names.size(), a));
        return items(dynamo, table, keys, consistent, String.join(", ", names.keySet()), names);
    }

    /**
     * As {@link #items(DynamoDbClient, String, List, boolean)}, each item with only what {@code projection} names
     * (document paths too, such as {@code #d.#n}), its names given in {@code names}; an empty projection reads
     * whole items.
     */
    public static List<Map<String, AttributeValue>> items(DynamoDbClient dynamo, String table,
                                                          List<Map<String, AttributeValue>> keys,
                                                          boolean consistent, String projection,
                                                          Map<String, String> names) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += LIMIT) {
            KeysAndAttributes.Builder wanted = KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + LIMIT))).consistentRead(consistent);
            if (!projection.isEmpty()) {
                wanted.projectionExpression(projection).expressionAttributeNames(names);
            }
            Map<String, KeysAndAttributes> request = Map.of(table, wanted.build());
            while (request != null && !request.isEmpty()) {
                BatchGetItemResponse response = dynamo.batchGetItem(
                        BatchGetItemRequest.builder().requestItems(request).build());
                found.addAll(response.responses().getOrDefault(table, List.of()));
                request = response.hasUnprocessedKeys() && !response.unprocessedKeys().isEmpty()
                        ? response.unprocessedKeys() : null;
            }
        }
        return found;
    }
}
