package io.mentorship.guidelines;

import static io.mentorship.store.TableLayout.PK;
import static io.mentorship.store.TableLayout.SK;
import static io.mentorship.store.TableLayout.key;
import static io.mentorship.store.TableLayout.n;
import static io.mentorship.store.TableLayout.s;
import static io.mentorship.store.TableLayout.user;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.json.Json;
import io.mentorship.profile.Role;
import io.mentorship.store.TableLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Guidelines ({@code GUIDELINES#<role>}: {@code CURRENT} plus one {@code V#nnnnnn} item per version) and members'
 * acknowledgements ({@code USER#<id> / ACK#<role>}). Version 1 of each role ships with the service and is stored
 * the first time anyone asks for it.
 */
public final class GuidelinesRepository {
    private static final String CURRENT = TableLayout.GUIDELINES_CURRENT_SK;

    private final DynamoDbClient dynamo;
    private final String table;

    public GuidelinesRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public Guidelines current(Role role) {
        var item = dynamo.getItem(r -> r.tableName(table).key(key(partition(role), CURRENT))
                .consistentRead(true)).item();
        if (item != null && !item.isEmpty()) {
            return fromItem(role, item);
        }
        Guidelines initial = initial(role);
        try {
            dynamo.putItem(r -> r.tableName(table).item(toItem(initial, CURRENT))
                    .conditionExpression("attribute_not_exists(pk)"));
            dynamo.putItem(r -> r.tableName(table).item(toItem(initial, versionKey(1))));
            return initial;
        } catch (ConditionalCheckFailedException e) {
            return current(role);
        }
    }

    /** The current version of each role's guidelines, read together (each matching message reads them). */
    public Map<Role, Integer> currentVersions() {
        return currentVersions(io.mentorship.store.BatchGet.items(dynamo, table, currentKeys(), true));
    }

    /** The keys {@link #currentVersions()} reads, for a caller that reads them with other items. */
    public List<Map<String, AttributeValue>> currentKeys() {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Role role : Role.values()) {
            keys.add(key(partition(role), CURRENT));
        }
        return keys;
    }

    /** The current versions among {@code items} read by {@link #currentKeys()} (others ignored). */
    public Map<Role, Integer> currentVersions(List<Map<String, AttributeValue>> items) {
        Map<Role, Integer> versions = new EnumMap<>(Role.class);
        Map<String, Role> byPartition = new HashMap<>();
        for (Role role : Role.values()) {
            byPartition.put(partition(role), role);
        }
        for (Map<String, AttributeValue> item : items) {
            Role role = byPartition.get(item.get(PK).s());
            if (role != null && CURRENT.equals(item.get(SK).s())) {
                versions.put(role, fromItem(role, item).version());
            }
        }
        for (Role role : Role.values()) {
            if (!versions.containsKey(role)) {
                versions.put(role, current(role).version());
            }
        }
        return versions;
    }

    /** Publishes the next version; empty if another admin published first (the caller retries or reports 409). */
    public Optional<Guidelines> publish(Role role, String title, List<String> rules, String by, Instant now) {
        Guidelines previous = current(role);
        Guidelines next = new Guidelines(role, previous.version() + 1, title, List.copyOf(rules), now);
        Map<String, AttributeValue> item = toItem(next, CURRENT);
        item.put("publishedBy", s(by));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("version = :previous")
                    .expressionAttributeValues(Map.of(":previous", n(previous.version()))));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
        Map<String, AttributeValue> history = toItem(next, versionKey(next.version()));
        history.put("publishedBy", s(by));
        dynamo.putItem(r -> r.tableName(table).item(history));
        return Optional.of(next);
    }

    public void acknowledge(String userId, Role role, int version, Instant now) {
        dynamo.putItem(r -> r.tableName(table).item(Map.of(
                PK, s(user(userId)),
                SK, s(TableLayout.acknowledgement(role)),
                "role", s(role.toString()),
                "version", n(version),
                "acknowledgedAt", s(now))));
    }

    public List<Acknowledgement> acknowledgements(String userId) {
        var items = dynamo.query(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :ack)")
                .expressionAttributeValues(Map.of(":pk", s(user(userId)),
                        ":ack", s(TableLayout.ACKNOWLEDGEMENT.text())))).items();
        List<Acknowledgement> out = new ArrayList<>();
        for (var item : items) {
            out.add(fromAckItem(item));
        }
        return out;
    }

    public static Acknowledgement fromAckItem(Map<String, AttributeValue> item) {
        return new Acknowledgement(Role.parse(item.get("role").s()).orElseThrow(),
                Integer.parseInt(item.get("version").n()), TableLayout.instant(item, "acknowledgedAt"));
    }

    static Guidelines initial(Role role) {
        try (InputStream in = GuidelinesRepository.class.getResourceAsStream("/guidelines/" + role + ".json")) {
            JsonNode node = Json.mapper().readTree(in);
            List<String> rules = Json.mapper().convertValue(node.get("rules"), new TypeReference<>() {
            });
            return new Guidelines(role, 1, node.get("title").asText(), rules, Instant.parse("2026-11-01T00:00:00Z"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String partition(Role role) {
        return TableLayout.GUIDELINES.of(role);
    }

    private static String versionKey(int version) {
        return TableLayout.guidelinesVersion(version);
    }

    private static Map<String, AttributeValue> toItem(Guidelines g, String sk) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(partition(g.role())));
        item.put(SK, s(sk));
        item.put("version", n(g.version()));
        item.put("title", s(g.title()));
        item.put("rules", AttributeValue.fromL(g.rules().stream().map(AttributeValue::fromS).toList()));
        item.put("publishedAt", s(g.publishedAt()));
        return item;
    }

    private static Guidelines fromItem(Role role, Map<String, AttributeValue> item) {
        return new Guidelines(role, Integer.parseInt(item.get("version").n()), item.get("title").s(),
                item.get("rules").l().stream().map(AttributeValue::s).toList(),
                TableLayout.instant(item, "publishedAt"));
    }
}
