package io.mentorship.store;

import static io.mentorship.store.Keys.PK;
import static io.mentorship.store.Keys.SK;
import static io.mentorship.store.Keys.n;
import static io.mentorship.store.Keys.s;

import io.mentorship.json.Json;
import io.mentorship.matching.MatchCard;
import io.mentorship.profile.PublicCard;
import io.mentorship.profile.Role;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The candidate index: one item per (role, guidelines version, topic, member) for every member who can be matched
 * in that role now, holding the member's match card and public card. A computation reads a bounded slice of a few
 * partitions instead of scanning the table. Partitions carry the guidelines version, so publishing a new version
 * empties the index of that role at once, and acknowledging it refills it member by member.
 *
 * <p>Partition {@code IDX#<role>#v<version>#<topic>}, sort key {@code <country>#<userId>} so candidates near the
 * viewer are read first. What a member is indexed under is kept in {@code INDEXED#<userId> / KEYS}.
 */
public final class MatchIndex {
    private static final String NO_COUNTRY = "~";

    private final DynamoDbClient dynamo;
    private final String table;

    public MatchIndex(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Where a member's own suggestions stand: the lowest score in their top K, how many they have, and the
     * counterparts' guidelines version they were computed under. Fan-out uses it to skip members a newcomer could
     * not enter; a list computed under an older version says nothing, since its entries may be hidden now.
     */
    public record TopK(int threshold, int count, int counterpartVersion) {
        public boolean couldTake(double score, int k, int currentCounterpartVersion) {
            return count < k || counterpartVersion != currentCounterpartVersion || score >= threshold;
        }
    }

    /** An index item: where the member is listed, what matching reads, and where their own top K stands. */
    public record Entry(String partition, String sortKey, MatchCard card, PublicCard publicCard, TopK topK) {
    }

    /** A member as read from the index. */
    public record Listed(MatchCard card, PublicCard publicCard, TopK topK) {
    }

    /** A page of the members of a partition. */
    public record Page(List<Listed> members, Map<String, String> next) {
    }

    public static String partition(Role role, int guidelinesVersion, String topic) {
        return "IDX#" + role + "#v" + guidelinesVersion + "#" + topic;
    }

    public static List<Entry> entriesFor(MatchCard card, PublicCard publicCard, int guidelinesVersion, TopK topK) {
        String country = card.place().country() == null ? NO_COUNTRY : card.place().country();
        return card.topics().stream().sorted()
                .map(topic -> new Entry(partition(card.role(), guidelinesVersion, topic),
                        country + "#" + card.userId(), card, publicCard, topK))
                .toList();
    }

    /**
     * Makes {@code desired} the member's whole listing: writes every desired item, deletes what is no longer
     * desired. Returns true when what matching reads about the member (the cards) changed.
     */
    public boolean replace(String userId, List<Entry> desired) {
        var stored = dynamo.getItem(r -> r.tableName(table).key(Keys.key("INDEXED#" + userId, "KEYS"))
                .consistentRead(true)).item();
        Set<String> before = new HashSet<>();
        String beforeCards = "";
        String beforeItems = "";
        if (stored != null && !stored.isEmpty()) {
            before.addAll(stored.get("keys").ss());
            beforeCards = stored.get("cards").s();
            beforeItems = stored.get("items").s();
        }
        Set<String> after = new HashSet<>();
        StringBuilder cards = new StringBuilder();
        StringBuilder items = new StringBuilder();
        List<Map<String, AttributeValue>> puts = new java.util.ArrayList<>();
        for (Entry e : desired) {
            after.add(e.partition() + "|" + e.sortKey());
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(PK, s(e.partition()));
            item.put(SK, s(e.sortKey()));
            item.put("userId", s(e.card().userId()));
            String cardJson = Json.write(e.card());
            String publicJson = Json.write(e.publicCard());
            item.put("card", s(cardJson));
            item.put("publicCard", s(publicJson));
            item.put("threshold", n(e.topK().threshold()));
            item.put("suggestionCount", n(e.topK().count()));
            item.put("counterpartVersion", n(e.topK().counterpartVersion()));
            puts.add(item);
            cards.append(cardJson).append(publicJson);
            items.append(e.partition()).append(e.topK());
        }
        String cardsHash = fingerprint(cards);
        String itemsHash = fingerprint(items.append(cardsHash));
        boolean cardsChanged = !cardsHash.equals(beforeCards) || !before.equals(after);
        if (!cardsChanged && itemsHash.equals(beforeItems)) {
            return false;
        }
        for (Map<String, AttributeValue> item : puts) {
            dynamo.putItem(r -> r.tableName(table).item(item));
        }
        for (String key : before) {
            if (!after.contains(key)) {
                String[] parts = key.split("\\|", 2);
                dynamo.deleteItem(r -> r.tableName(table).key(Keys.key(parts[0], parts[1])));
            }
        }
        if (after.isEmpty()) {
            dynamo.deleteItem(r -> r.tableName(table).key(Keys.key("INDEXED#" + userId, "KEYS")));
        } else {
            Map<String, AttributeValue> keys = new HashMap<>(Keys.key("INDEXED#" + userId, "KEYS"));
            keys.put("keys", AttributeValue.fromSs(List.copyOf(after)));
            keys.put("cards", s(cardsHash));
            keys.put("items", s(itemsHash));
            dynamo.putItem(r -> r.tableName(table).item(keys));
        }
        return cardsChanged;
    }

    private static String fingerprint(CharSequence text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Candidates of {@code role} for someone who wants or offers {@code topics}: at most {@code budget} index
     * items read in all, those in {@code country} first.
     */
    public List<Listed> candidates(Role role, int guidelinesVersion, List<String> topics, String country,
                                   int budget) {
        Map<String, Listed> found = new LinkedHashMap<>();
        if (topics.isEmpty()) {
            return List.of();
        }
        int perTopic = Math.max(10, budget / topics.size());
        for (String topic : topics) {
            String pk = partition(role, guidelinesVersion, topic);
            int near = 0;
            if (country != null) {
                near = collect(found, query(pk, country + "#", perTopic / 2, null).items());
            }
            collect(found, query(pk, null, perTopic - near, null).items());
        }
        return List.copyOf(found.values());
    }

    /** One page of a partition's members, for fanning work out. */
    public Page page(String partition, Map<String, String> start, int limit) {
        QueryResponse response = query(partition, null, limit, start);
        Map<String, Listed> found = new LinkedHashMap<>();
        collect(found, response.items());
        return new Page(List.copyOf(found.values()), Keys.pageToken(response.lastEvaluatedKey()));
    }

    private QueryResponse query(String pk, String prefix, int limit, Map<String, String> start) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", s(pk));
        String condition = "pk = :pk";
        if (prefix != null) {
            condition += " AND begins_with(sk, :prefix)";
            values.put(":prefix", s(prefix));
        }
        return dynamo.query(QueryRequest.builder().tableName(table).keyConditionExpression(condition)
                .expressionAttributeValues(values).limit(Math.max(1, limit)).exclusiveStartKey(Keys.startKey(start))
                .build());
    }

    private static int number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? 0 : Integer.parseInt(v.n());
    }

    private static int collect(Map<String, Listed> found, List<Map<String, AttributeValue>> items) {
        for (Map<String, AttributeValue> item : items) {
            MatchCard card = Json.read(item.get("card").s(), MatchCard.class);
            found.putIfAbsent(card.userId(), new Listed(card, Json.read(item.get("publicCard").s(), PublicCard.class),
                    new TopK(number(item, "threshold"), number(item, "suggestionCount"),
                            number(item, "counterpartVersion"))));
        }
        return items.size();
    }

}
