package io.mentorship.store;

import static io.mentorship.store.TableLayout.PK;
import static io.mentorship.store.TableLayout.SK;
import static io.mentorship.store.TableLayout.s;
import static io.mentorship.store.TableLayout.user;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mentorship.json.Json;
import io.mentorship.matching.MatchCard;
import io.mentorship.matching.MatchEngine;
import io.mentorship.profile.Role;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The candidate index: one compact item per (role, guidelines version, topic, member) for every member who can be
 * matched in that role now. A computation reads every item of its topics' partitions, so no candidate is ever left
 * out; items hold only the match card (a few hundred bytes) and where the member's own list stands (its {@link Bar}),
 * which fan-out reads to find the lists a changed counterpart could enter.
 *
 * <p>Partition {@code IDX#<role>#v<version>#<topic>}, sort key {@code <userId>}. Partitions carry the guidelines
 * version, so publishing a new version empties the index of that role at once. Each member's {@link Listing}
 * ({@code USER#<id> / LISTING}) keeps their cards and index keys; every member with a profile is enrolled in the
 * directory ({@code MEMBERS#<shard> / <id>}) that a global recompute pages through.
 */
public final class MatchIndex {
    public static final int DIRECTORY_SHARDS = 16;
    public static final String LISTING = TableLayout.LISTING;

    private final DynamoDbClient dynamo;
    private final String table;

    public MatchIndex(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Where a viewer's stored list stands: its size, its last entry, whether it holds every eligible counterpart, and
     * the weights and counterpart guidelines it was computed under.
     */
    public record Bar(int count, double lastScore, String lastId, boolean complete, int counterpartVersion,
                      long weightsVersion) {
        /** A list that says nothing yet: every change is let in and checked. */
        public static final Bar UNKNOWN = new Bar(0, 0, "", true, -1, -1);

        /**
         * Whether a counterpart whose score is at most {@code bestPossible} could enter the list. True when the list
         * is out of date (other weights or guidelines), holds every eligible counterpart, or the bound ranks above
         * its last entry.
         */
        public boolean admits(double bestPossible, String candidateId, int currentCounterpartVersion,
                              long currentWeights) {
            if (counterpartVersion != currentCounterpartVersion || weightsVersion != currentWeights || complete) {
                return true;
            }
            return MatchEngine.compare(bestPossible, candidateId, lastScore, lastId) < 0;
        }

        /** Whether this bar lets in some counterpart that {@code old} kept out (so the index must learn it). */
        public boolean admitsMoreThan(Bar old) {
            if (counterpartVersion != old.counterpartVersion || weightsVersion != old.weightsVersion) {
                return true;
            }
            if (old.complete) {
                return false;
            }
            return complete || MatchEngine.compare(lastScore, lastId, old.lastScore, old.lastId) > 0;
        }
    }

    /** An index item as read: the member's card and where their own list stands. */
    public record Listed(MatchCard card, Bar bar) {
    }

    /**
     * An index item to write. {@code listVersion}: the version of the stored list its bar is from (0: no list, or
     * one not said).
     */
    public record Entry(String partition, MatchCard card, Bar bar, long listVersion) {
        String key() {
            return TableLayout.indexEntryRef(partition, card.userId());
        }
    }

    /**
     * What a member is listed as: their card in each role they take (listed or not), the index items they occupy,
     * and what others' lists quote of them (their name as a mutual friend, and whether they may be named).
     */
    public record Listing(Map<Role, MatchCard> cards, Set<String> keys, String name, boolean friendsShown) {
        public static final Listing NONE = new Listing(Map.of(), Set.of(), "", false);

        public MatchCard card(Role role) {
            return cards.get(role);
        }

        /** The index partitions that hold this member's card in {@code role} (where their bar in it is kept). */
        public List<String> partitions(Role role) {
            String prefix = TableLayout.indexPartitionsOf(role);
            return keys.stream().filter(k -> k.startsWith(prefix)).map(TableLayout::indexEntryPartition).toList();
        }
    }

    public static String partition(Role role, int guidelinesVersion, String topic) {
        return TableLayout.indexPartition(role, guidelinesVersion, topic);
    }

    public static List<Entry> entriesFor(MatchCard card, int guidelinesVersion, Bar bar, long listVersion) {
        return card.topics().stream().sorted()
                .map(topic -> new Entry(partition(card.role(), guidelinesVersion, topic), card, bar, listVersion))
                .toList();
    }

    /** The index items {@link #entriesFor} puts for {@code card}, whatever its bar. */
    public static Set<String> keysFor(MatchCard card, int guidelinesVersion) {
        return entriesFor(card, guidelinesVersion, Bar.UNKNOWN, 0).stream().map(Entry::key)
                .collect(Collectors.toSet());
    }

    /** Every member listed under any of {@code topics} in {@code role}: whole partitions, each member once. */
    public List<Listed> read(Role role, int guidelinesVersion, Collection<String> topics) {
        Map<String, Listed> found = new LinkedHashMap<>();
        for (String topic : new LinkedHashSet<>(topics)) {
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(partition(role, guidelinesVersion, topic))))
                        .exclusiveStartKey(start).build());
                for (Map<String, AttributeValue> item : page.items()) {
                    String id = item.get(SK).s();
                    if (!found.containsKey(id)) {
                        found.put(id, listed(item, role));
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
        }
        return List.copyOf(found.values());
    }

    /** The index items of {@code userIds} in one partition, as they are now (members not in it left out). */
    public Map<String, Listed> entries(Role role, int guidelinesVersion, String topic, Collection<String> userIds) {
        String partition = partition(role, guidelinesVersion, topic);
        List<Map<String, AttributeValue>> keys = new LinkedHashSet<>(userIds).stream()
                .map(id -> TableLayout.key(partition, id)).toList();
        Map<String, Listed> out = new HashMap<>();
        for (Map<String, AttributeValue> item : BatchGet.items(dynamo, table, keys, true)) {
            String id = item.get(SK).s();
            out.put(id, listed(item, role));
        }
        return out;
    }

    /**
     * Makes {@code desired} the member's index items and {@code listing} their listing; returns the listing as
     * written (with the keys of those items). The items are put whole, bars too, whatever bar a later list put in
     * them meanwhile: the caller reads its lists again after this and puts back any later list's bar
     * ({@link #updateBar}).
     */
    public Listing replace(String userId, Listing before, List<Entry> desired, Listing listing) {
        return replace(userId, before, before == Listing.NONE && listing != Listing.NONE, desired, listing);
    }

    /**
     * As {@link #replace(String, Listing, List, Listing)}; {@code enrol}: the member had no listing, so they go into
     * the directory too (whatever items {@code before} names: those a match that stopped may have written).
     */
    public Listing replace(String userId, Listing before, boolean enrol, List<Entry> desired, Listing listing) {
        Set<String> after = new HashSet<>();
        List<WriteRequest> writes = new ArrayList<>();
        for (Entry e : desired) {
            after.add(e.key());
            Map<String, AttributeValue> item = new HashMap<>(TableLayout.key(e.partition(), userId));
            item.put(IndexCodec.CARD, IndexCodec.card(e.card()));
            item.put(IndexCodec.BAR, IndexCodec.bar(e.bar()));
            if (e.listVersion() > 0) {
                item.put(BAR_VERSION, TableLayout.n(e.listVersion()));
            }
            writes.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
        }
        for (String key : before.keys()) {
            if (!after.contains(key)) {
                writes.add(WriteRequest.builder().deleteRequest(d -> d.key(TableLayout.indexEntryKey(key))).build());
            }
        }
        if (enrol) {
            // Into the directory, which global recomputes page through, in the same request as the first entries.
            writes.add(WriteRequest.builder().putRequest(p -> p.item(Map.of(PK, s(directoryShard(userId)),
                    SK, s(userId)))).build());
        }
        BatchWrite.all(dynamo, table, writes);
        Listing written = new Listing(listing.cards(), Set.copyOf(after), listing.name(), listing.friendsShown());
        Map<String, AttributeValue> item = new HashMap<>(TableLayout.key(user(userId), LISTING));
        item.putAll(attributes(written));
        dynamo.putItem(r -> r.tableName(table).item(item));
        return written;
    }

    /** A listing item's attributes besides its key. */
    private static Map<String, AttributeValue> attributes(Listing listing) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("cards", s(Json.write(listing.cards())));
        if (!listing.keys().isEmpty()) {
            item.put("keys", AttributeValue.fromSs(List.copyOf(listing.keys())));
        }
        item.put("name", s(listing.name()));
        item.put("fs", AttributeValue.fromBool(listing.friendsShown()));
        return item;
    }

    /** A listing as one attribute (a map of its item's attributes; {@link Listing#NONE} as such), to keep aside. */
    public static AttributeValue asAttribute(Listing listing) {
        return AttributeValue.fromM(listing == Listing.NONE ? Map.of("none", AttributeValue.fromBool(true))
                : attributes(listing));
    }

    /** The listing {@link #asAttribute} kept. */
    public static Listing fromAttribute(AttributeValue value) {
        return value.m().containsKey("none") ? Listing.NONE : listingOf(value.m());
    }

    /** The attribute of an index item that holds the version of the list its bar is from. */
    static final String BAR_VERSION = "bv";

    /** Removes the member from the index, their listing and the directory. */
    public void remove(String userId, Listing before) {
        replace(userId, before, List.of(), Listing.NONE);
        dynamo.deleteItem(r -> r.tableName(table).key(TableLayout.key(user(userId), LISTING)));
        dynamo.deleteItem(r -> r.tableName(table).key(TableLayout.key(directoryShard(userId), userId)));
    }

    /**
     * Brings the {@link Bar} on a member's index items of one role up to date (items that still exist only) with the
     * bar of their list at {@code listVersion}, unless the bar of a later version is there already: writers of a
     * list put its bar after the list, in any order, and the latest list's bar must stay.
     */
    public void updateBar(String userId, Listing listing, Role role, Bar bar, long listVersion) {
        String prefix = TableLayout.indexPartitionsOf(role);
        for (String key : listing.keys()) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            Map<String, AttributeValue> entryKey = TableLayout.indexEntryKey(key);
            try {
                dynamo.updateItem(r -> r.tableName(table).key(entryKey)
                        .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(#bv) OR #bv < :v)")
                        .updateExpression("SET " + IndexCodec.BAR + " = :b, #bv = :v")
                        .expressionAttributeNames(Map.of("#bv", BAR_VERSION))
                        .expressionAttributeValues(Map.of(":b", IndexCodec.bar(bar),
                                ":v", TableLayout.n(listVersion))));
            } catch (ConditionalCheckFailedException e) {
                // The member left that partition meanwhile (their next listing carries the bar), or a later list's
                // bar is there already.
            }
        }
    }

    /** The listings of many members (absent ones left out). */
    public Map<String, Listing> listings(Collection<String> userIds) {
        List<Map<String, AttributeValue>> keys = new LinkedHashSet<>(userIds).stream()
                .map(id -> TableLayout.key(user(id), LISTING)).toList();
        Map<String, Listing> out = new HashMap<>();
        for (Map<String, AttributeValue> item : BatchGet.items(dynamo, table, keys, true)) {
            out.put(TableLayout.USER.rest(item.get(PK).s()), listingOf(item));
        }
        return out;
    }

    static Listing listingOf(Map<String, AttributeValue> item) {
        Map<Role, MatchCard> cards = new EnumMap<>(Role.class);
        try {
            cards.putAll(Json.mapper().readValue(item.get("cards").s(), new TypeReference<Map<Role, MatchCard>>() {
            }));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable cards of " + item.getOrDefault(PK, s("a listing")).s(), e);
        }
        Set<String> keys = item.containsKey("keys") ? Set.copyOf(item.get("keys").ss()) : Set.of();
        return new Listing(cards, keys, item.get("name").s(), item.get("fs").bool());
    }

    /** One page of the member directory's shard, for a global recompute. */
    public record DirectoryPage(List<String> userIds, Map<String, String> next) {
    }

    public DirectoryPage directory(int shard, Map<String, String> start, int limit) {
        QueryResponse response = dynamo.query(QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(TableLayout.DIRECTORY.of(shard))))
                .limit(limit).exclusiveStartKey(TableLayout.startKey(start)).build());
        List<String> ids = new ArrayList<>();
        response.items().forEach(i -> ids.add(i.get(SK).s()));
        return new DirectoryPage(ids, TableLayout.pageToken(response.lastEvaluatedKey()));
    }

    static String directoryShard(String userId) {
        return TableLayout.DIRECTORY.of(directoryShardOf(userId));
    }

    /** Which shard of the member directory lists {@code userId}. */
    public static int directoryShardOf(String userId) {
        return Math.floorMod(userId.hashCode(), DIRECTORY_SHARDS);
    }

    private static Listed listed(Map<String, AttributeValue> item, Role role) {
        return new Listed(IndexCodec.card(item.get(IndexCodec.CARD), item.get(SK).s(), role), bar(item));
    }

    private static Bar bar(Map<String, AttributeValue> item) {
        AttributeValue bar = item.get(IndexCodec.BAR);
        return bar == null ? Bar.UNKNOWN : IndexCodec.bar(bar);
    }
}
