package io.mentorship.store;

import static io.mentorship.store.TableLayout.PK;
import static io.mentorship.store.TableLayout.SK;
import static io.mentorship.store.TableLayout.s;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Reports of members by members, kept for admins only, newest last in one partition; never shown to the reported. */
public final class ReportRepository {
    private final DynamoDbClient dynamo;
    private final String table;

    public ReportRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public void add(String id, String reporterId, String reportedId, String reason, Instant createdAt) {
        dynamo.putItem(r -> r.tableName(table).item(Map.of(PK, s(TableLayout.REPORTS),
                SK, s(TableLayout.report(createdAt, id)), "id", s(id), "reporterId", s(reporterId),
                "reportedId", s(reportedId), "reason", s(reason), "createdAt", s(createdAt))));
    }
}
