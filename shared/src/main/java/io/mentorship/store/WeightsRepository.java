package io.mentorship.store;

import static io.mentorship.store.Keys.n;
import static io.mentorship.store.Keys.s;

import io.mentorship.matching.Criterion;
import io.mentorship.matching.Weights;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The matching weights admins tune ({@code CONFIG / MATCHING_WEIGHTS}); defaults until first set. */
public final class WeightsRepository {
    private static final Map<String, AttributeValue> KEY = Keys.key("CONFIG", "MATCHING_WEIGHTS");

    private final DynamoDbClient dynamo;
    private final String table;

    public WeightsRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public Weights current() {
        var item = dynamo.getItem(r -> r.tableName(table).key(KEY).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Weights.defaults();
        }
        Map<Criterion, Integer> values = new EnumMap<>(Criterion.class);
        for (Criterion c : Criterion.values()) {
            AttributeValue v = item.get(c.key());
            values.put(c, v == null ? 0 : Integer.parseInt(v.n()));
        }
        return new Weights(values);
    }

    public void save(Weights weights, String by, String now) {
        Map<String, AttributeValue> item = new HashMap<>(KEY);
        weights.values().forEach((c, w) -> item.put(c.key(), n(w)));
        item.put("updatedBy", s(by));
        item.put("updatedAt", s(now));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }
}
