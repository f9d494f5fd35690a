package io.mentorship.local.testing;

import io.mentorship.local.LocalRuntime;
import io.mentorship.store.TableLayout;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What the stack's table holds about a member, read by scanning it (tests only). */
public final class TableItems {
    private TableItems() {
    }

    /** Items whose key names the member: their own partition, their lists, their index entries. */
    public static List<String> naming(LocalRuntime runtime, String userId) {
        String table = runtime.stack().resource("MentorshipTable").ref();
        return runtime.dynamo().scanPaginator(r -> r.tableName(table)
                        .filterExpression("pk = :own OR pk = :lists OR sk = :id")
                        .expressionAttributeValues(Map.of(":own", AttributeValue.fromS(TableLayout.user(userId)),
                                ":lists", AttributeValue.fromS(TableLayout.SUGGESTIONS.of(userId)),
                                ":id", AttributeValue.fromS(userId))))
                .items().stream().map(i -> i.get("pk").s() + " / " + i.get("sk").s()).toList();
    }

    /**
     * Reverse pointers that name the member: to their place in others' lists, and from their own lists (as the
     * viewer) to others' places.
     */
    public static List<String> pointersNaming(LocalRuntime runtime, String userId) {
        String table = runtime.stack().resource("MentorshipTable").ref();
        return runtime.dynamo().scanPaginator(r -> r.tableName(table)
                        .filterExpression("pk = :theirs OR (begins_with(pk, :pointers) AND begins_with(sk, :viewer))")
                        .expressionAttributeValues(Map.of(
                                ":theirs", AttributeValue.fromS(TableLayout.SUGGESTED.of(userId)),
                                ":pointers", AttributeValue.fromS(TableLayout.SUGGESTED.of("")),
                                ":viewer", AttributeValue.fromS(userId + "#"))))
                .items().stream().map(i -> i.get("pk").s() + " / " + i.get("sk").s()).toList();
    }

    /** Whether the member is in the directory that global recomputes page through. */
    public static boolean inDirectory(LocalRuntime runtime, String userId) {
        String table = runtime.stack().resource("MentorshipTable").ref();
        return runtime.dynamo().scanPaginator(r -> r.tableName(table)
                        .filterExpression("begins_with(pk, :directory) AND sk = :id")
                        .expressionAttributeValues(Map.of(
                                ":directory", AttributeValue.fromS(TableLayout.DIRECTORY.of("")),
                                ":id", AttributeValue.fromS(userId))))
                .items().iterator().hasNext();
    }
}
