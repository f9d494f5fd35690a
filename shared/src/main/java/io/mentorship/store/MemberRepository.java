package io.mentorship.store;

import static io.mentorship.store.TableLayout.PK;
import static io.mentorship.store.TableLayout.SK;
import static io.mentorship.store.TableLayout.key;
import static io.mentorship.store.TableLayout.n;
import static io.mentorship.store.TableLayout.s;
import static io.mentorship.store.TableLayout.user;

import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Everything matching needs about one member, read in a single query of their partition. */
public final class MemberRepository {
    private final DynamoDbClient dynamo;
    private final String table;

    public MemberRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * A member's profile (empty once erased), confirmed friends, acknowledged guidelines versions, the members they
     * must not be matched with (blocked either way, or excluded until a date by an introduction or mentorship),
     * for a mentor how many mentees they have now, up to when their changes have been matched
     * ({@code matchedThrough}, by the time a change was stamped; null: never), and before when every write about
     * them was read by a match that finished ({@code seenThrough}; null: never), and the index items their matches
     * may have written that their listing may not name ({@code indexKeys}, see {@link #beginMatch}).
     */
    public record Member(String userId, Optional<Profile> profile, Set<String> confirmedFriends,
                         Map<Role, Integer> acknowledged, Map<String, String> exclusions, int activeMentees,
                         Instant matchedThrough, Instant seenThrough, MatchIndex.Listing listing,
                         Set<String> friendsMatched, Set<String> indexKeys) {
        public int acknowledged(Role role) {
            return acknowledged.getOrDefault(role, 0);
        }

        /** Who is out of reach now; an exclusion with an end date lapses after it. */
        public Set<String> excluded(Instant now) {
            return MemberRepository.excluded(exclusions, now);
        }

        /** Blocked by or blocking: never met again until unblocked. */
        public Set<String> blocked() {
            Set<String> out = new HashSet<>();
            exclusions.forEach((other, until) -> {
                if (until.equals(BLOCKED)) {
                    out.add(other);
                }
            });
            return out;
        }
    }

    /** Who is out of reach at {@code now} by {@code exclusions} (as {@link Member#exclusions()} holds them). */
    static Set<String> excluded(Map<String, String> exclusions, Instant now) {
        Set<String> out = new HashSet<>();
        exclusions.forEach((other, until) -> {
            if (until.isEmpty() || until.equals(BLOCKED) || Instant.parse(until).isAfter(now)) {
                out.add(other);
            }
        });
        return out;
    }

    private static final String BLOCKED = "~blocked";
    /** The confirmed friends matching last handled for a member, so the next change handles only the difference. */
    private static final String FRIENDS_MATCHED = TableLayout.FRIENDS_MATCHED;

    /** Records the confirmed friends whose friendship matching has handled. */
    public void recordMatchedFriends(String userId, Set<String> confirmed) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(key(user(userId), FRIENDS_MATCHED));
        if (!confirmed.isEmpty()) {
            item.put("ids", AttributeValue.fromSs(List.copyOf(confirmed)));
        }
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    /**
     * Records on the other side of a handled edge that it was handled, so it is not handled again from there.
     * Only where that side's record exists: an erased member's must not come back, and a member without one yet
     * handles the edge again from their side (the same patches again), then records it.
     */
    public void recordMatchedFriendship(String userId, String friend, boolean confirmed) {
        Map<String, AttributeValue> values = Map.of(":f", AttributeValue.fromSs(List.of(friend)));
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(user(userId), FRIENDS_MATCHED))
                    .updateExpression((confirmed ? "ADD" : "DELETE") + " ids :f")
                    .conditionExpression("attribute_exists(" + PK + ")")
                    .expressionAttributeValues(values));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            // No record on that side (yet, or any more).
        }
    }

    /**
     * What deciding whether a change of the member was already matched needs: up to when their changes were matched
     * and seen (as in {@link Member}), and whether they have a profile. Two small items in one batched read, not the
     * member's whole partition (which holds friend lists of up to 5,000).
     */
    public record Marks(Instant matchedThrough, Instant seenThrough, boolean hasProfile) {
    }

    public Marks marks(String userId) {
        return marks(List.of(userId)).get(userId);
    }

    /**
     * The marks of many members, read together (two small items each, a hundred to a request): a batch of changes
     * decides which it may skip for the price of one read, not one each.
     */
    public Map<String, Marks> marks(java.util.Collection<String> userIds) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String userId : new java.util.LinkedHashSet<>(userIds)) {
            keys.add(key(user(userId), TableLayout.PROFILE));
            keys.add(key(user(userId), TableLayout.MATCHED));
        }
        Map<String, Instant> matchedThrough = new HashMap<>();
        Map<String, Instant> seenThrough = new HashMap<>();
        Set<String> withProfile = new HashSet<>();
        for (Map<String, AttributeValue> item : BatchGet.items(dynamo, table, keys, true,
                List.of(PK, SK, "through", "seen"))) {
            String userId = TableLayout.USER.rest(item.get(PK).s());
            if (item.get(SK).s().equals(TableLayout.PROFILE)) {
                withProfile.add(userId);
            } else {
                matchedThrough.put(userId, TableLayout.instant(item, "through"));
                seenThrough.put(userId, TableLayout.instant(item, "seen"));
            }
        }
        Map<String, Marks> out = new HashMap<>();
        for (String userId : userIds) {
            out.put(userId, new Marks(matchedThrough.get(userId), seenThrough.get(userId),
                    withProfile.contains(userId)));
        }
        return out;
    }

    public Member load(String userId) {
        return load(userId, true);
    }

    /**
     * As {@link #load(String)}, without parsing the member's listing ({@link Member#listing()} is then
     * {@link MatchIndex.Listing#NONE}), for a caller that has it already: a batch of patches reads its viewers'
     * listings together.
     */
    public Member loadWithoutListing(String userId) {
        return load(userId, false);
    }

    private Member load(String userId, boolean withListing) {
        // Every page: with friend lists of 5,000 the partition can pass a query's 1 MB page, and a profile cut off
        // would read as an erased member.
        var items = dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(user(userId))))).items();
        Profile profile = null;
        Set<String> friends = new HashSet<>();
        Map<Role, Integer> acks = new EnumMap<>(Role.class);
        Map<String, String> exclusions = new java.util.HashMap<>();
        int active = 0;
        Instant matchedThrough = null;
        Instant seenThrough = null;
        MatchIndex.Listing listing = MatchIndex.Listing.NONE;
        Set<String> friendsMatched = new HashSet<>();
        Set<String> indexKeys = Set.of();
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get(SK).s();
            if (sk.equals(TableLayout.PROFILE)) {
                profile = ProfileRepository.fromItem(item);
            } else if (sk.equals(TableLayout.FRIENDS) && item.containsKey("confirmed")) {
                friends.addAll(item.get("confirmed").ss());
            } else if (TableLayout.ACKNOWLEDGEMENT.in(sk)) {
                var ack = GuidelinesRepository.fromAckItem(item);
                acks.put(ack.role(), ack.version());
            } else if (TableLayout.BLOCK.in(sk) || TableLayout.BLOCKED_BY.in(sk)) {
                exclusions.put(sk.substring(sk.indexOf('#') + 1), BLOCKED);
            } else if (TableLayout.EXCLUSION.in(sk)) {
                exclusions.putIfAbsent(TableLayout.EXCLUSION.rest(sk),
                        item.containsKey("until") ? item.get("until").s() : "");
            } else if (sk.equals(FRIENDS_MATCHED)) {
                if (item.containsKey("ids")) {
                    friendsMatched.addAll(item.get("ids").ss());
                }
            } else if (sk.equals(MatchIndex.LISTING) && withListing) {
                listing = MatchIndex.listingOf(item);
            } else if (sk.equals(TableLayout.MATCHED)) {
                matchedThrough = TableLayout.instant(item, "through");
                seenThrough = TableLayout.instant(item, "seen");
                indexKeys = item.containsKey(INDEX_KEYS) ? Set.copyOf(item.get(INDEX_KEYS).ss()) : Set.of();
            } else if (sk.equals(TableLayout.CAPACITY) && item.containsKey("active")) {
                active = Integer.parseInt(item.get("active").n());
            }
        }
        return new Member(userId, Optional.ofNullable(profile), friends, acks, exclusions, active, matchedThrough,
                seenThrough, listing, friendsMatched, indexKeys);
    }

    /** Forgets what matching kept about an erased member (their listing goes with their index entries). */
    public void forget(String userId) {
        for (String sk : List.of(TableLayout.MATCHED, FRIENDS_MATCHED)) {
            dynamo.deleteItem(r -> r.tableName(table).key(key(user(userId), sk)));
        }
    }

    /**
     * Records that changes up to {@code occurredAt} have been matched (never moves back). Stored fixed-width
     * ({@link TableLayout#time}) so that the condition's text comparison is a time comparison.
     */
    public void markMatched(String userId, Instant occurredAt) {
        raise(userId, Map.of("through", occurredAt), null);
    }

    /**
     * A match that began: its number, what the match state was when the earliest match of the member that has
     * not finished began (this one's {@code state}, unless one before it stopped part way), every index item a
     * match of the member may have written (see {@link #beginMatch}), and how many refused matches had handed
     * theirs on ({@code refusals}, for {@link #finishMatch}).
     */
    public record Begun(long match, AttributeValue unfinishedFrom, Set<String> indexKeys, long refusals) {
    }

    /**
     * Counts a match of the member beginning (each later match gets a larger number), and keeps {@code state} (what
     * the match starts from) until a match finishes with no other begun since, unless an earlier match's state is
     * still kept: that match stopped part way (or still runs), and what it began from is returned instead.
     *
     * <p>Also adds {@code indexKeys}, the index items this match may write, to those of every match that began
     * since the last one finished, and returns them all, with those refused matches handed on. A match removes every
     * item of that set it does not write itself: a match that began earlier may write items no listing will name
     * (its listing write lands before the later match's, or it stops), and those must not outlive it
     * (OverlappingMatchesIT).
     */
    public Begun beginMatch(String userId, AttributeValue state, Set<String> indexKeys) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":one", n(1), ":u", state));
        if (!indexKeys.isEmpty()) {
            values.put(":k", AttributeValue.fromSs(List.copyOf(indexKeys)));
        }
        var updated = dynamo.updateItem(r -> r.tableName(table).key(key(user(userId), TableLayout.MATCHED))
                .updateExpression("ADD #g :one" + (indexKeys.isEmpty() ? "" : ", #k :k")
                        + " SET #u = if_not_exists(#u, :u)")
                .expressionAttributeNames(indexKeys.isEmpty() ? Map.of("#g", GEN, "#u", UNFINISHED)
                        : Map.of("#g", GEN, "#u", UNFINISHED, "#k", INDEX_KEYS))
                .expressionAttributeValues(values)
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW));
        Map<String, AttributeValue> item = updated.attributes();
        Set<String> keys = new java.util.HashSet<>();
        for (String attribute : List.of(INDEX_KEYS, REFUSED_KEYS)) {
            if (item.containsKey(attribute)) {
                keys.addAll(item.get(attribute).ss());
            }
        }
        return new Begun(Long.parseLong(item.get(GEN).n()), item.get(UNFINISHED), Set.copyOf(keys),
                item.containsKey(REFUSALS) ? Long.parseLong(item.get(REFUSALS).n()) : 0);
    }

    private static final String GEN = "gen";
    /** The attribute of the MATCHED item that holds the index items the member's matches may have written. */
    private static final String INDEX_KEYS = "indexKeys";
    /** Index items that refused matches wrote, handed on (see {@link #finishMatch}), and how many handed them. */
    private static final String REFUSED_KEYS = "refusedKeys";
    private static final String REFUSALS = "refusals";

    /** The attribute of the MATCHED item that keeps what the earliest unfinished match began from. */
    private static final String UNFINISHED = "unfinishedFrom";

    /**
     * Records that match number {@code match}, which read this member's state from {@code readFrom} on, has
     * finished: every write about them that finished before {@code readFrom} was seen. Refused (false) when
     * another match of the member began after this one, or one that read later finished first: this match's
     * writes may then have landed over newer ones, so the member must be matched again.
     */
    public boolean markSeen(String userId, Instant readFrom, long match) {
        return raise(userId, Map.of("seen", readFrom), match);
    }

    /**
     * Both marks of a match that finished, {@link #markMatched} and then {@link #markSeen}, in one write when both
     * move forward and no other match began (nearly always); else each alone, as before. Returns what
     * {@link #markSeen} returns.
     *
     * <p>{@code written}: the index items the match wrote. When it finishes with no other begun since, they are all
     * the member has (it removed the other items of the set {@link #beginMatch} returned), and become the set; the
     * items refused matches handed on go too, unless one more was handed on since this match began ({@code begun}
     * says how many it saw): a refused match may have written its items after this one removed them. When refused,
     * the match hands its items on (to a set no finish replaces), for the matches that follow to remove.
     */
    public boolean finishMatch(String userId, Instant occurredAt, Instant readFrom, Begun begun, Set<String> written) {
        // With no other match begun since this one, none is left unfinished: what it began from goes.
        if (raise(userId, Map.of("through", occurredAt, "seen", readFrom), begun.match(),
                new Finish(written, begun.refusals()))) {
            return true;
        }
        markMatched(userId, occurredAt);
        if (raise(userId, Map.of("seen", readFrom), begun.match(), new Finish(written, null))) {
            return true;
        }
        if (!written.isEmpty()) {
            dynamo.updateItem(r -> r.tableName(table).key(key(user(userId), TableLayout.MATCHED))
                    .updateExpression("ADD #r :k, #rc :one")
                    .expressionAttributeNames(Map.of("#r", REFUSED_KEYS, "#rc", REFUSALS))
                    .expressionAttributeValues(Map.of(":k", AttributeValue.fromSs(List.copyOf(written)),
                            ":one", n(1))));
        }
        return false;
    }

    /**
     * How a match that finished leaves the MATCHED item: {@code written} becomes the set of index items; with
     * {@code refusals} (as the match saw them when it began), the items refused matches handed on are removed too,
     * only if no other was handed on since.
     */
    private record Finish(Set<String> written, Long refusals) {
    }

    /**
     * Moves each attribute of the member's MATCHED item forward to its time, all or none, never back (and, given a
     * match number, only while no other match has begun since it); false if refused.
     */
    private boolean raise(String userId, Map<String, Instant> to, Long match) {
        return raise(userId, to, match, null);
    }

    /** As {@link #raise(String, Map, Long)}; {@code finish}: how a match that finished leaves the item (see above). */
    private boolean raise(String userId, Map<String, Instant> to, Long match, Finish finish) {
        List<String> set = new java.util.ArrayList<>();
        List<String> remove = new java.util.ArrayList<>();
        List<String> conditions = new java.util.ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        if (match != null) {
            conditions.add("#g = :g");
            names.put("#g", GEN);
            values.put(":g", n(match));
        }
        if (finish != null) {
            names.put("#u", UNFINISHED);
            remove.add("#u");
            names.put("#k", INDEX_KEYS);
            if (finish.written().isEmpty()) {
                remove.add("#k");
            } else {
                set.add("#k = :k");
                values.put(":k", AttributeValue.fromSs(List.copyOf(finish.written())));
            }
            if (finish.refusals() != null) {
                names.put("#r", REFUSED_KEYS);
                names.put("#rc", REFUSALS);
                remove.add("#r");
                remove.add("#rc");
                if (finish.refusals() == 0) {
                    conditions.add("attribute_not_exists(#rc)");
                } else {
                    conditions.add("#rc = :rc");
                    values.put(":rc", n(finish.refusals()));
                }
            }
        }
        int i = 0;
        for (Map.Entry<String, Instant> e : new java.util.TreeMap<>(to).entrySet()) {
            String name = "#a" + i;
            String value = ":t" + i++;
            set.add(name + " = " + value);
            conditions.add("(attribute_not_exists(" + name + ") OR " + name + " < " + value + ")");
            names.put(name, e.getKey());
            values.put(value, s(TableLayout.time(e.getValue())));
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(user(userId), TableLayout.MATCHED))
                    .updateExpression("SET " + String.join(", ", set)
                            + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove)))
                    .conditionExpression(String.join(" AND ", conditions))
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            return false;
        }
    }
}
