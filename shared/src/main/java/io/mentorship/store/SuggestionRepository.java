package io.mentorship.store;

import static io.mentorship.store.TableLayout.PK;
import static io.mentorship.store.TableLayout.SK;
import static io.mentorship.store.TableLayout.key;
import static io.mentorship.store.TableLayout.s;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.json.Json;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Each member's stored suggestions ({@code SUGG#<viewer> / <role>}), and the reverse pointers
 * ({@code SUGGESTED#<counterpart> / <viewer>#<role>}) that say whose suggestions a member appears in, so a change
 * to them reaches exactly those lists.
 */
public final class SuggestionRepository {
    private final DynamoDbClient dynamo;
    private final String table;
    private final boolean packed;
    private final ParsedLists parsed = new ParsedLists(PARSED_LISTS);

    public SuggestionRepository(DynamoDbClient dynamo, String table) {
        this(dynamo, table, !"text".equals(LambdaEnvironment.current().find(FORMAT).orElse("deflated")));
    }

    /** {@code packed}: lists are written deflated (else as text, which every earlier version reads). */
    public SuggestionRepository(DynamoDbClient dynamo, String table, boolean packed) {
        this.dynamo = dynamo;
        this.table = table;
        this.packed = packed;
    }

    /**
     * A viewer's suggestions in one role, best first. {@code complete}: the list holds every eligible counterpart
     * (else exactly the best {@code suggestions.size()}). {@code computedAt}: when the reads it rests on began
     * (null for a list never computed).
     * {@code version} guards concurrent writers; the weights and counterpart guidelines versions say what it was
     * computed under.
     */
    public record Stored(List<StoredSuggestion> suggestions, Instant computedAt, long version, boolean complete,
                         long weightsVersion, int counterpartVersion, Basis basis, List<Long> pointers,
                         String lifetime) {
        public static final Stored NONE = new Stored(List.of(), null, 0, true, -1, -1);

        /**
         * A list as its writer builds it: which pointers it will have is for {@link #storeAll} to say. As read,
         * {@code pointers} holds, for each suggestion in order, the list version that added them, and
         * {@code lifetime} names this list among the lists the viewer had in that role, each deleted in turn (their
         * versions start again at 1): together, each suggestion's pointer key (a version of 0: a pointer put before
         * pointers named it). {@code lifetime} is null for a list written before lifetimes.
         */
        public Stored(List<StoredSuggestion> suggestions, Instant computedAt, long version, boolean complete,
                      long weightsVersion, int counterpartVersion, Basis basis) {
            this(suggestions, computedAt, version, complete, weightsVersion, counterpartVersion, basis, null, null);
        }

        /** A list that does not say what it was computed from (as every list written before {@link Basis}). */
        public Stored(List<StoredSuggestion> suggestions, Instant computedAt, long version, boolean complete,
                      long weightsVersion, int counterpartVersion) {
            this(suggestions, computedAt, version, complete, weightsVersion, counterpartVersion, null);
        }

        /** Its basis when it was computed for {@code card} (the card its viewer is listed with); else null. */
        public Basis basisFor(io.mentorship.matching.MatchCard card) {
            return basis != null && card != null && basis.isFor(card) ? basis : null;
        }
    }

    /**
     * What a list was computed from besides its candidates' cards: the viewer's card (a digest) and exclusions (as
     * {@link MemberRepository.Member#exclusions()} holds them). A patch whose viewer is still listed with this card
     * judges its sources by these instead of reading the viewer again: a change to either since the list was
     * computed was written before its own message was sent, and the match that message starts recomputes the list
     * from scratch, over any patch made meanwhile.
     */
    public record Basis(String card, Map<String, String> exclusions) {
        public static Basis of(io.mentorship.matching.MatchCard card, Map<String, String> exclusions) {
            return new Basis(IndexCodec.digest(card), Map.copyOf(exclusions));
        }

        /** Whether the list was computed for this card of the viewer. */
        public boolean isFor(io.mentorship.matching.MatchCard card) {
            return this.card.equals(IndexCodec.digest(card));
        }

        /** Whom the viewer must not meet at {@code now}, as the list's computation knew. */
        public Set<String> excluded(Instant now) {
            return MemberRepository.excluded(exclusions, now);
        }
    }

    public Optional<Stored> find(String viewerId, Role role) {
        var item = dynamo.getItem(r -> r.tableName(table).key(TableLayout.suggestionsKey(viewerId, role))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(stored(new ListKey(viewerId, role), item));
    }

    /** A list to read: whose, in which role. */
    public record ListKey(String viewerId, Role role) {
    }

    /**
     * Many lists at once, strongly consistent, as {@link #find} reads one: a hundred a request. Lists that do not
     * exist are absent from the answer.
     */
    public Map<ListKey, Stored> findAll(Collection<ListKey> keys) {
        List<Map<String, AttributeValue>> requested = new ArrayList<>();
        new java.util.LinkedHashSet<>(keys).forEach(k -> requested.add(TableLayout.suggestionsKey(k.viewerId(),
                k.role())));
        Map<ListKey, Stored> found = new HashMap<>();
        for (Map<String, AttributeValue> item : BatchGet.items(dynamo, table, requested, true)) {
            Role role = Role.parse(item.get(SK).s()).orElseThrow();
            ListKey key = new ListKey(TableLayout.SUGGESTIONS.rest(item.get(PK).s()), role);
            found.put(key, stored(key, item));
        }
        return found;
    }

    private Stored stored(ListKey key, Map<String, AttributeValue> item) {
        List<StoredSuggestion> suggestions = item.containsKey(PACKED)
                ? parsed.find(key, item.get(PACKED).b()).orElseGet(() -> parsed.put(key, item.get(PACKED).b(),
                        unpackWithJson(item.get(PACKED).b())))
                : unpack(item);
        Basis basis = null;
        if (item.containsKey(BASIS_CARD)) {
            Map<String, String> exclusions = new HashMap<>();
            if (item.containsKey(BASIS_EXCLUSIONS)) {
                item.get(BASIS_EXCLUSIONS).m().forEach((id, until) -> exclusions.put(id, until.s()));
            }
            basis = new Basis(item.get(BASIS_CARD).s(), exclusions);
        }
        return new Stored(suggestions, TableLayout.instant(item, "computedAt"), number(item, "version"),
                !item.containsKey("complete") || item.get("complete").bool(), number(item, "weightsVersion"),
                (int) number(item, "counterpartVersion"), basis, pointers(item, suggestions.size()),
                item.containsKey(LIFETIME) ? item.get(LIFETIME).s() : null);
    }

    /** Each suggestion's pointer, as {@link Stored#pointers()} says; 0 for all in a list written before them. */
    private static List<Long> pointers(Map<String, AttributeValue> item, int size) {
        if (!item.containsKey(POINTERS)) {
            return java.util.Collections.nCopies(size, 0L);
        }
        List<Long> versions = new ArrayList<>(size);
        for (String v : item.get(POINTERS).s().split(" ")) {
            versions.add(Long.parseLong(v));
        }
        return versions;
    }

    /** The attribute that holds {@link Stored#pointers()}: the versions in the suggestions' order, spaced. */
    static final String POINTERS = "pointers";
    /** The attribute that holds {@link Stored#lifetime()}. */
    static final String LIFETIME = "lifetime";

    /** A new list's lifetime: random, so that no two lists of the same viewer and role share one. */
    private static String newLifetime() {
        return Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
    }

    /** The attributes that hold a list's {@link Basis}. */
    static final String BASIS_CARD = "basisCard";
    static final String BASIS_EXCLUSIONS = "basisExclusions";

    /**
     * The list as stored: its JSON, deflated. Twenty suggestions with their commonalities are tens of KB as text and
     * DynamoDB bills each write and read of the item by the KB; deflated, a few. Lists written as text (by earlier
     * versions, or with {@code SUGGESTION_LIST_FORMAT=text}) are read as such. A stack upgraded from a version that
     * reads only text is deployed first with the template parameter {@code SuggestionListFormat=text}, so that no
     * function of the old version, still running while the update rolls through, meets a list it cannot read, then
     * with {@code deflated}.
     */
    static final String PACKED = "suggestionsDeflated";
    static final String TEXT = "suggestions";
    static final String FORMAT = "SUGGESTION_LIST_FORMAT";
    private static final TypeReference<List<StoredSuggestion>> STORED_LIST = new TypeReference<>() {
    };
    /** One suggestion of a list, read where it stands in the list (the rest of the list follows it). */
    private static final com.fasterxml.jackson.databind.ObjectReader ONE_OF_A_LIST = Json.mapper()
            .readerFor(StoredSuggestion.class)
            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static AttributeValue pack(List<StoredSuggestion> suggestions) {
        return pack(suggestions, Map.of()).attribute();
    }

    /**
     * A list as packed: the attribute, and the JSON each of its suggestions was written as (by identity), for the
     * next pack of the list to reuse.
     */
    record Packed(AttributeValue attribute, Map<StoredSuggestion, byte[]> json) {
    }

    /**
     * Packs a list, writing each suggestion found in {@code known} (by identity: the very object) as the JSON given
     * there instead of serializing it again. A patch keeps most of the list it replaces, the very objects read or
     * packed moments before, and serializing them again was most of what writing a patched list cost this process.
     * Any JSON {@code known} gives for a suggestion must read back as that suggestion: it is what the suggestion was
     * parsed from ({@link #unpackWithJson}) or serialized as (here).
     */
    static Packed pack(List<StoredSuggestion> suggestions, Map<StoredSuggestion, byte[]> known) {
        Map<StoredSuggestion, byte[]> json = new java.util.IdentityHashMap<>();
        ByteArrayOutputStream text = new ByteArrayOutputStream(suggestions.size() * 512 + 2);
        text.write('[');
        for (StoredSuggestion suggestion : suggestions) {
            byte[] one = known.get(suggestion);
            if (one == null) {
                try {
                    one = Json.mapper().writeValueAsBytes(suggestion);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            json.put(suggestion, one);
            if (text.size() > 1) {
                text.write(',');
            }
            text.writeBytes(one);
        }
        text.write(']');
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.size() / 4 + 64);
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes)) {
            text.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Packed(AttributeValue.fromB(SdkBytes.fromByteArray(bytes.toByteArray())), json);
    }

    static List<StoredSuggestion> unpack(Map<String, AttributeValue> item) {
        // Parsed from the inflated bytes as they come (UTF-8), not through a string of the whole list.
        try {
            if (item.containsKey(PACKED)) {
                try (InflaterInputStream in = new InflaterInputStream(item.get(PACKED).b().asInputStream())) {
                    return Json.mapper().readValue(in, STORED_LIST);
                }
            }
            return Json.mapper().readValue(item.get(TEXT).s(), STORED_LIST);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A packed list read, with the JSON each suggestion was parsed from (its very bytes in the list), so that a
     * patch that keeps the suggestion writes those bytes instead of serializing it again (see {@link #pack(List,
     * Map)}).
     */
    static Unpacked unpackWithJson(SdkBytes packed) {
        byte[] text;
        try (InflaterInputStream in = new InflaterInputStream(packed.asInputStream())) {
            text = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<StoredSuggestion> suggestions = new ArrayList<>();
        Map<StoredSuggestion, byte[]> json = new java.util.IdentityHashMap<>();
        try (JsonParser parser = Json.mapper().createParser(text)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("a stored list is a JSON array");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                int from = (int) parser.currentTokenLocation().getByteOffset();
                StoredSuggestion suggestion = ONE_OF_A_LIST.readValue(parser);
                int to = (int) parser.currentLocation().getByteOffset();
                suggestions.add(suggestion);
                json.put(suggestion, java.util.Arrays.copyOfRange(text, from, to));
            }
            if (parser.currentToken() != JsonToken.END_ARRAY || parser.nextToken() != null) {
                throw new IOException("a stored list is one JSON array of objects");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Unpacked(suggestions, json);
    }

    /** A list as read, with the JSON each of its suggestions was parsed from (by identity). */
    record Unpacked(List<StoredSuggestion> suggestions, Map<StoredSuggestion, byte[]> json) {
    }

    /** How many parsed lists a repository keeps (see {@link ParsedLists}). */
    static final int PARSED_LISTS = 2_000;

    /**
     * The lists this process wrote or read last, parsed, with the bytes they are stored as. Most patches meet a list
     * this process wrote or read moments before; a list whose stored bytes are the very same is then not inflated
     * and parsed again. A hit needs equal bytes, so it is always the list as stored now. Each list comes with the
     * JSON of each of its suggestions, which the next write of the list reuses for those it keeps. At most
     * {@code size} lists, least recently used out first, each held softly (memory pressure clears them).
     */
    static final class ParsedLists {
        private record Parsed(SdkBytes bytes, List<StoredSuggestion> suggestions,
                              Map<StoredSuggestion, byte[]> json) {
        }

        private final Map<ListKey, java.lang.ref.SoftReference<Parsed>> lists;

        ParsedLists(int size) {
            this.lists = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ListKey, java.lang.ref.SoftReference<Parsed>> eldest) {
                    return size() > size;
                }
            });
        }

        Optional<List<StoredSuggestion>> find(ListKey key, SdkBytes bytes) {
            var held = lists.get(key);
            Parsed p = held == null ? null : held.get();
            return p != null && p.bytes().equals(bytes) ? Optional.of(p.suggestions()) : Optional.empty();
        }

        /**
         * The JSON of each suggestion of the list kept for {@code key} (by identity; empty if none is kept), for the
         * next pack of that list to reuse (see {@link SuggestionRepository#pack(List, Map)}).
         */
        Map<StoredSuggestion, byte[]> json(ListKey key) {
            var held = lists.get(key);
            Parsed p = held == null ? null : held.get();
            return p == null ? Map.of() : p.json();
        }

        /** Keeps the list as parsed from (or packed into) these bytes; returns it, unmodifiable. */
        List<StoredSuggestion> put(ListKey key, SdkBytes bytes, List<StoredSuggestion> suggestions) {
            return put(key, bytes, suggestions, Map.of());
        }

        /** As {@link #put(ListKey, SdkBytes, List)}, with the JSON each suggestion is in those bytes. */
        List<StoredSuggestion> put(ListKey key, SdkBytes bytes, List<StoredSuggestion> suggestions,
                                   Map<StoredSuggestion, byte[]> json) {
            List<StoredSuggestion> kept = List.copyOf(suggestions);
            lists.put(key, new java.lang.ref.SoftReference<>(new Parsed(bytes, kept, json)));
            return kept;
        }

        List<StoredSuggestion> put(ListKey key, SdkBytes bytes, Unpacked unpacked) {
            return put(key, bytes, unpacked.suggestions(), unpacked.json());
        }

        void forget(ListKey key) {
            lists.remove(key);
        }
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? Long.parseLong(item.get(name).n()) : 0;
    }

    /**
     * Replaces a viewer's suggestions if nobody wrote them since {@code before} was read, and brings the reverse
     * pointers up to date. Returns false when another writer came first (the caller reads again and retries).
     */
    public boolean store(String viewerId, Role role, Stored before, Stored after) {
        return storeAll(List.of(new Write(viewerId, role, before, after))).isEmpty();
    }

    /** One list to replace: {@code before} as read, {@code after} to write. */
    public record Write(String viewerId, Role role, Stored before, Stored after) {
    }

    /**
     * Replaces many lists as {@link #store} replaces one: first every pointer the new lists add (in batched writes),
     * then each list by its own conditional put, then the pointers the written lists dropped. Returns the writes that
     * lost to another writer (the caller reads those again and retries).
     *
     * <p>A pointer's key names the list (its lifetime) and the version that added its counterpart, and a drop
     * deletes exactly the pointer the list it replaced named. So a writer that adds the counterpart back, having read
     * the new list, puts a pointer of its own (a later version, or another lifetime if the list was deleted and made
     * again) that the drop, however late it lands, does not touch: whenever a counterpart is in a list, their pointer
     * to it exists. A write that lost leaves the pointers it put: a pointer
     * without a suggestion only costs a spare patch, and the write may have landed after all (a retried call).
     */
    public List<Write> storeAll(List<Write> writes) {
        // Pointers first: a pointer without a suggestion only costs a spare patch; the reverse would miss one.
        List<WriteRequest> puts = new ArrayList<>();
        Map<Write, String> lifetimes = new java.util.IdentityHashMap<>();
        Map<Write, Map<String, Long>> pointers = new java.util.IdentityHashMap<>();
        for (Write w : writes) {
            String lifetime = w.before().lifetime() != null ? w.before().lifetime() : newLifetime();
            lifetimes.put(w, lifetime);
            Map<String, Long> was = pointersOf(w.before());
            pointers.put(w, was);
            long version = w.before().version() + 1;
            for (StoredSuggestion added : w.after().suggestions()) {
                if (!was.containsKey(added.userId())) {
                    puts.add(WriteRequest.builder().putRequest(p -> p.item(Map.of(
                            PK, s(TableLayout.SUGGESTED.of(added.userId())),
                            SK, s(TableLayout.suggestedEntry(w.viewerId(), w.role(), lifetime, version)),
                            "userId", s(w.viewerId())))).build());
                }
            }
        }
        BatchWrite.all(dynamo, table, puts);
        List<Write> lost = new ArrayList<>();
        List<WriteRequest> deletes = new ArrayList<>();
        for (Write w : writes) {
            if (!put(w, lifetimes.get(w), pointers.get(w))) {
                lost.add(w);
                continue;
            }
            Set<String> now = ids(w.after());
            pointers.get(w).forEach((removed, since) -> {
                if (!now.contains(removed)) {
                    deletes.add(WriteRequest.builder().deleteRequest(d -> d.key(key(
                            TableLayout.SUGGESTED.of(removed),
                            TableLayout.suggestedEntry(w.viewerId(), w.role(), w.before().lifetime(), since))))
                            .build());
                }
            });
        }
        BatchWrite.all(dynamo, table, deletes);
        return lost;
    }

    /**
     * Which list version added each of a list's suggestions: as read, or 0 for a list whose writer did not say (one
     * built by a caller, whose pointers were put before pointers named versions).
     */
    private static Map<String, Long> pointersOf(Stored list) {
        Map<String, Long> versions = new HashMap<>();
        List<StoredSuggestion> suggestions = list.suggestions();
        for (int i = 0; i < suggestions.size(); i++) {
            versions.put(suggestions.get(i).userId(), list.pointers() == null ? 0L : list.pointers().get(i));
        }
        return versions;
    }

    /** {@code was}: which version added each of the replaced list's suggestions ({@link #pointersOf}). */
    private boolean put(Write w, String lifetime, Map<String, Long> was) {
        Stored before = w.before();
        Stored after = w.after();
        Map<String, AttributeValue> item = new HashMap<>(TableLayout.suggestionsKey(w.viewerId(), w.role()));
        ListKey listKey = new ListKey(w.viewerId(), w.role());
        Packed packedList = packed ? pack(after.suggestions(), parsed.json(listKey)) : null;
        if (packed) {
            item.put(PACKED, packedList.attribute());
        } else {
            parsed.forget(listKey);
            item.put(TEXT, s(Json.write(after.suggestions())));
        }
        if (after.computedAt() != null) {
            item.put("computedAt", s(after.computedAt()));
        }
        item.put("version", TableLayout.n(before.version() + 1));
        StringBuilder pointers = new StringBuilder();
        for (StoredSuggestion suggestion : after.suggestions()) {
            pointers.append(pointers.isEmpty() ? "" : " ").append(was.getOrDefault(suggestion.userId(),
                    before.version() + 1));
        }
        if (!pointers.isEmpty()) {
            item.put(POINTERS, s(pointers.toString()));
        }
        item.put(LIFETIME, s(lifetime));
        item.put("complete", AttributeValue.fromBool(after.complete()));
        item.put("weightsVersion", TableLayout.n(after.weightsVersion()));
        item.put("counterpartVersion", TableLayout.n(after.counterpartVersion()));
        if (after.basis() != null) {
            item.put(BASIS_CARD, s(after.basis().card()));
            if (!after.basis().exclusions().isEmpty()) {
                Map<String, AttributeValue> exclusions = new HashMap<>();
                after.basis().exclusions().forEach((id, until) -> exclusions.put(id, s(until)));
                item.put(BASIS_EXCLUSIONS, AttributeValue.fromM(exclusions));
            }
        }
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression(condition(before))
                    .expressionAttributeNames(before.version() == 0 ? null : Map.of("#l", LIFETIME))
                    .expressionAttributeValues(before.version() == 0 ? null : before.lifetime() == null
                            ? Map.of(":v", TableLayout.n(before.version()))
                            : Map.of(":v", TableLayout.n(before.version()), ":l", s(before.lifetime()))));
            if (packed) {
                parsed.put(listKey, item.get(PACKED).b(), after.suggestions(), packedList.json());
            }
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * The list must be the one read: no list if none was, else the same version of the same lifetime (a list
     * deleted and made again starts its versions over).
     */
    private static String condition(Stored before) {
        if (before.version() == 0) {
            return "attribute_not_exists(version)";
        }
        return "version = :v AND " + (before.lifetime() == null ? "attribute_not_exists(#l)" : "#l = :l");
    }

    private static Set<String> ids(Stored list) {
        Set<String> ids = new HashSet<>();
        list.suggestions().forEach(s -> ids.add(s.userId()));
        return ids;
    }

    /** Deletes a viewer's suggestions in one role; returns how many there were. */
    public int delete(String viewerId, Role role) {
        Optional<Stored> old = find(viewerId, role);
        if (old.isEmpty()) {
            return 0;
        }
        dynamo.deleteItem(r -> r.tableName(table).key(TableLayout.suggestionsKey(viewerId, role)));
        pointersOf(old.get()).forEach((counterpartId, since) -> dynamo.deleteItem(r -> r.tableName(table).key(
                key(TableLayout.SUGGESTED.of(counterpartId),
                        TableLayout.suggestedEntry(viewerId, role, old.get().lifetime(), since)))));
        return old.get().suggestions().size();
    }

    /** Whether {@code counterpartId} is among {@code viewerId}'s suggestions (in either role). */
    public boolean isSuggestedTo(String counterpartId, String viewerId) {
        return dynamo.query(r -> r.tableName(table).limit(1)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :viewer)")
                .expressionAttributeValues(Map.of(":pk", s(TableLayout.SUGGESTED.of(counterpartId)),
                        ":viewer", s(viewerId + "#")))).count() > 0;
    }

    /** A page of the viewers whose suggestions include {@code userId}. */
    public ViewerPage viewersOf(String userId, Map<String, String> start, int limit) {
        QueryResponse response = dynamo.query(QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(TableLayout.SUGGESTED.of(userId))))
                .limit(limit).exclusiveStartKey(TableLayout.startKey(start)).build());
        Set<String> viewers = new java.util.TreeSet<>();
        List<String> pointers = new ArrayList<>();
        response.items().forEach(i -> {
            viewers.add(i.get("userId").s());
            pointers.add(i.get(SK).s());
        });
        return new ViewerPage(List.copyOf(viewers), TableLayout.pageToken(response.lastEvaluatedKey()),
                List.copyOf(pointers));
    }

    /** Member ids, where the next page starts (null at the end), and the page's pointers (their sort keys). */
    public record ViewerPage(List<String> userIds, Map<String, String> next, List<String> pointers) {
    }

    /** Deletes pointers to {@code userId}'s place in others' lists ({@code pointers}: their sort keys). */
    public void deletePointers(String userId, Collection<String> pointers) {
        BatchWrite.all(dynamo, table, pointers.stream().map(sk -> WriteRequest.builder().deleteRequest(d -> d.key(
                key(TableLayout.SUGGESTED.of(userId), sk))).build()).toList());
    }

    /**
     * Deletes every pointer to {@code counterpartId}'s place in a list of {@code viewerId}, an erased member's:
     * those their list named went with it, but a list write that lost leaves the pointers it put, which no list
     * names.
     */
    public void deletePointersOfErasedViewer(String counterpartId, String viewerId) {
        List<String> pointers = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :viewer)")
                        .expressionAttributeValues(Map.of(":pk", s(TableLayout.SUGGESTED.of(counterpartId)),
                                ":viewer", s(viewerId + "#"))))
                .items().forEach(i -> pointers.add(i.get(SK).s()));
        deletePointers(counterpartId, pointers);
    }
}
