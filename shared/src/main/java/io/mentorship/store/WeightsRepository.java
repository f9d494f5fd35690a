package io.mentorship.store;

import static io.mentorship.store.TableLayout.n;
import static io.mentorship.store.TableLayout.s;

import io.mentorship.matching.Criterion;
import io.mentorship.matching.Weights;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The matching weights admins tune ({@code CONFIG / MATCHING_WEIGHTS}); defaults until first set. */
public final class WeightsRepository {
    private static final Map<String, AttributeValue> KEY = TableLayout.key(TableLayout.CONFIG, TableLayout.WEIGHTS_SK);

    private final DynamoDbClient dynamo;
    private final String table;

    public WeightsRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The weights and their version (0 for the defaults; each save adds one), which stored lists record. */
    public record Versioned(Weights weights, long version) {
    }

    public Weights current() {
        return versioned().weights();
    }

    public Versioned versioned() {
        return fromItem(dynamo.getItem(r -> r.tableName(table).key(KEY).consistentRead(true)).item());
    }

    /**
     * The weights, read in one request with other items of the table (such as the guidelines' current versions,
     * which every match reads with them); {@code others} receives those found among {@code keys}.
     */
    public Versioned versionedWith(List<Map<String, AttributeValue>> keys,
                                   java.util.function.Consumer<List<Map<String, AttributeValue>>> others) {
        List<Map<String, AttributeValue>> wanted = new ArrayList<>(keys);
        wanted.add(KEY);
        Map<String, AttributeValue> weights = null;
        List<Map<String, AttributeValue>> rest = new ArrayList<>();
        for (Map<String, AttributeValue> item : BatchGet.items(dynamo, table, wanted, true)) {
            if (item.get(TableLayout.PK).equals(KEY.get(TableLayout.PK))
                    && item.get(TableLayout.SK).equals(KEY.get(TableLayout.SK))) {
                weights = item;
            } else {
                rest.add(item);
            }
        }
        others.accept(rest);
        return fromItem(weights);
    }

    private static Versioned fromItem(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return new Versioned(Weights.defaults(), 0);
        }
        Map<Criterion, Integer> values = new EnumMap<>(Criterion.class);
        for (Criterion c : Criterion.values()) {
            AttributeValue v = item.get(c.key());
            values.put(c, v == null ? 0 : Integer.parseInt(v.n()));
        }
        return new Versioned(new Weights(values), item.containsKey("version")
                ? Long.parseLong(item.get("version").n()) : 1);
    }

    /** Saves new weights as the next version; returns it. */
    public long save(Weights weights, String by, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>(Map.of("#version", "version"));
        StringBuilder update = new StringBuilder("SET updatedBy = :by, updatedAt = :now");
        weights.values().forEach((c, w) -> {
            // Criterion names such as "location" are DynamoDB reserved words.
            update.append(", #").append(c.key()).append(" = :").append(c.key());
            names.put("#" + c.key(), c.key());
            values.put(":" + c.key(), n(w));
        });
        update.append(" ADD #version :one");
        values.put(":by", s(by));
        values.put(":now", s(now));
        values.put(":one", n(1));
        var updated = dynamo.updateItem(r -> r.tableName(table).key(KEY).updateExpression(update.toString())
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW));
        return Long.parseLong(updated.attributes().get("version").n());
    }
}
