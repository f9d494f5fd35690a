package io.mentorship.store;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Writes many independent items of one table: in requests of DynamoDB's 25-item limit, retrying what it leaves. */
final class BatchWrite {
    private static final int LIMIT = 25;

    private BatchWrite() {
    }

    static void all(DynamoDbClient dynamo, String table, List<WriteRequest> writes) {
        for (int from = 0; from < writes.size(); from += LIMIT) {
            Map<String, List<WriteRequest>> request = Map.of(table,
                    List.copyOf(writes.subList(from, Math.min(writes.size(), from + LIMIT))));
            while (request != null && !request.isEmpty()) {
                Map<String, List<WriteRequest>> pending = request;
                BatchWriteItemResponse response = dynamo.batchWriteItem(r -> r.requestItems(pending));
                request = response.hasUnprocessedItems() && !response.unprocessedItems().isEmpty()
                        ? response.unprocessedItems() : null;
            }
        }
    }
}
