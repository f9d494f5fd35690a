package io.mentorship.store;

import static io.mentorship.store.TableLayout.n;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Running counts for admins ({@code STATS / COUNTS}), kept with atomic {@code ADD}s at each transition so reading
 * them never scans. (At very high write rates the item would be sharded; one item is enough here.)
 */
public final class StatsRepository {
    private static final Map<String, AttributeValue> KEY = TableLayout.key(TableLayout.STATS, TableLayout.STATS_SK);

    private final DynamoDbClient dynamo;
    private final String table;

    public StatsRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Adds each delta (for example {@code introductions.pending: -1, introductions.accepted: +1}). */
    public void add(Map<String, Integer> deltas) {
        Map<String, Integer> nonZero = new TreeMap<>();
        deltas.forEach((k, v) -> {
            if (v != 0) {
                nonZero.merge(k, v, Integer::sum);
            }
        });
        if (nonZero.isEmpty()) {
            return;
        }
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder update = new StringBuilder("ADD ");
        int i = 0;
        for (var e : nonZero.entrySet()) {
            if (i > 0) {
                update.append(", ");
            }
            names.put("#c" + i, e.getKey());
            values.put(":v" + i, n(e.getValue()));
            update.append("#c").append(i).append(" :v").append(i);
            i++;
        }
        dynamo.updateItem(r -> r.tableName(table).key(KEY).updateExpression(update.toString())
                .expressionAttributeNames(names).expressionAttributeValues(values));
    }

    public Map<String, Long> read() {
        var item = dynamo.getItem(r -> r.tableName(table).key(KEY).consistentRead(true)).item();
        Map<String, Long> out = new TreeMap<>();
        if (item != null) {
            item.forEach((k, v) -> {
                if (v.n() != null) {
                    out.put(k, Long.parseLong(v.n()));
                }
            });
        }
        return out;
    }
}
