package io.mentorship.store;

import static io.mentorship.store.TableLayout.PK;
import static io.mentorship.store.TableLayout.SK;
import static io.mentorship.store.TableLayout.key;
import static io.mentorship.store.TableLayout.user;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Friend lists. Each member's item ({@code USER#id / FRIENDS}) holds the ids they {@code listed} and the ids
 * {@code confirmed} by listing them back; only confirmed friendships count as mutual friends. Every step writes
 * one item, so the graph stays correct without transactions: a member writes their own list before reading the
 * other side, so of two members listing each other at the same moment at least one sees the other and confirms
 * both.
 *
 * <p>A replacement costs in proportion to what it changes, not to the list's length (up to 5,000 friends): it reads
 * only the newly listed members' items and writes only the friendships that begin or end, with one write of the
 * member's own item for each kind. What it has still to settle is noted first ({@code USER#id / FRIENDS_PENDING}),
 * so a replacement cut short (a crash, a timeout) is finished by the next one, the client's retry.
 */
public final class FriendRepository {
    private final DynamoDbClient dynamo;
    private final String table;

    public FriendRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** A member's friend list and the part of it that is confirmed. */
    public record FriendList(String userId, Set<String> listed, Set<String> confirmed) {
        public static FriendList empty(String userId) {
            return new FriendList(userId, Set.of(), Set.of());
        }
    }

    /** What a replacement changed: the friends whose confirmed friendship with the member began or ended. */
    public record Change(FriendList now, Set<String> confirmedGained, Set<String> confirmedLost) {
        public Set<String> touched() {
            Set<String> all = new TreeSet<>(confirmedGained);
            all.addAll(confirmedLost);
            return all;
        }
    }

    /** The other sides a replacement noted before writing and has not settled yet. */
    private record Pending(Set<String> checking, Set<String> unconfirming) {
        static final Pending NONE = new Pending(Set.of(), Set.of());

        boolean isEmpty() {
            return checking.isEmpty() && unconfirming.isEmpty();
        }
    }

    public FriendList find(String userId) {
        return findAll(List.of(userId)).getOrDefault(userId, FriendList.empty(userId));
    }

    public Map<String, FriendList> findAll(Collection<String> userIds) {
        List<Map<String, AttributeValue>> keys = new LinkedHashSet<>(userIds).stream()
                .map(id -> key(user(id), TableLayout.FRIENDS)).toList();
        Map<String, FriendList> found = new HashMap<>();
        for (Map<String, AttributeValue> item : BatchGet.items(dynamo, table, keys, true)) {
            String id = TableLayout.USER.rest(item.get(PK).s());
            found.put(id, new FriendList(id, set(item.get("listed")), set(item.get("confirmed"))));
        }
        return found;
    }

    /**
     * Replaces {@code userId}'s list with {@code friendIds} and brings the confirmations on both sides up to date.
     * Reads the items of the members listed anew (and of those a replacement cut short had still to check), never
     * the whole list.
     */
    public Change replace(String userId, Collection<String> friendIds) {
        Set<String> wanted = new LinkedHashSet<>(friendIds);
        Map<String, Map<String, AttributeValue>> own = ownItems(userId);
        FriendList before = friendList(userId, own.get(TableLayout.FRIENDS));
        Pending pending = pending(own.get(TableLayout.FRIENDS_PENDING));

        // Settled: listed before (checked then) or confirmed, and not left pending by a replacement cut short.
        Set<String> checking = new TreeSet<>(wanted);
        checking.removeIf(id -> (before.listed().contains(id) || before.confirmed().contains(id))
                && !pending.checking().contains(id) && !pending.unconfirming().contains(id));
        Set<String> unconfirming = new TreeSet<>(before.confirmed());
        unconfirming.addAll(pending.unconfirming());
        unconfirming.removeAll(wanted);
        Pending now = new Pending(checking, unconfirming);
        if (!now.isEmpty()) {
            writePending(userId, now);
        }

        Map<String, AttributeValue> values = new HashMap<>();
        String update;
        if (wanted.isEmpty()) {
            update = "REMOVE listed";
        } else {
            update = "SET listed = :listed";
            values.put(":listed", AttributeValue.fromSs(List.copyOf(wanted)));
        }
        dynamo.updateItem(r -> r.tableName(table).key(key(user(userId), TableLayout.FRIENDS))
                .updateExpression(update)
                .expressionAttributeValues(values.isEmpty() ? null : values));

        for (String other : unconfirming) {
            unconfirm(other, userId);
        }
        if (!unconfirming.isEmpty()) {
            unconfirm(userId, unconfirming);
        }

        Map<String, FriendList> others = findAll(checking);
        Set<String> confirming = new TreeSet<>();
        for (String other : checking) {
            FriendList theirs = others.get(other);
            if (theirs != null && theirs.listed().contains(userId)) {
                confirming.add(other);
            }
        }
        for (String other : confirming) {
            confirm(other, Set.of(userId));
        }
        if (!confirming.isEmpty()) {
            confirm(userId, confirming);
        }
        if (!now.isEmpty() || !pending.isEmpty()) {
            dynamo.deleteItem(r -> r.tableName(table).key(key(user(userId), TableLayout.FRIENDS_PENDING)));
        }

        Set<String> gained = new TreeSet<>(confirming);
        gained.removeAll(before.confirmed());
        Set<String> lost = new TreeSet<>(unconfirming);
        lost.retainAll(before.confirmed());
        return new Change(find(userId), gained, lost);
    }

    /** Removes a member from the graph: their items, and their confirmations in their friends' items. */
    public Set<String> remove(String userId) {
        FriendList list = find(userId);
        for (String other : list.confirmed()) {
            unconfirm(other, userId);
        }
        dynamo.deleteItem(r -> r.tableName(table).key(key(user(userId), TableLayout.FRIENDS)));
        dynamo.deleteItem(r -> r.tableName(table).key(key(user(userId), TableLayout.FRIENDS_PENDING)));
        return list.confirmed();
    }

    private Map<String, Map<String, AttributeValue>> ownItems(String userId) {
        Map<String, Map<String, AttributeValue>> out = new HashMap<>();
        for (Map<String, AttributeValue> item : BatchGet.items(dynamo, table, List.of(
                key(user(userId), TableLayout.FRIENDS), key(user(userId), TableLayout.FRIENDS_PENDING)), true)) {
            out.put(item.get(SK).s(), item);
        }
        return out;
    }

    private void writePending(String userId, Pending pending) {
        Map<String, AttributeValue> item = new HashMap<>(key(user(userId), TableLayout.FRIENDS_PENDING));
        if (!pending.checking().isEmpty()) {
            item.put("checking", AttributeValue.fromSs(List.copyOf(pending.checking())));
        }
        if (!pending.unconfirming().isEmpty()) {
            item.put("unconfirming", AttributeValue.fromSs(List.copyOf(pending.unconfirming())));
        }
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    private void confirm(String owner, Set<String> friends) {
        dynamo.updateItem(r -> r.tableName(table).key(key(user(owner), TableLayout.FRIENDS))
                .updateExpression("ADD confirmed :f")
                .expressionAttributeValues(Map.of(":f", AttributeValue.fromSs(List.copyOf(friends)))));
    }

    private void unconfirm(String owner, String friend) {
        unconfirm(owner, Set.of(friend));
    }

    private void unconfirm(String owner, Set<String> friends) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(user(owner), TableLayout.FRIENDS))
                    .updateExpression("DELETE confirmed :f")
                    .conditionExpression("attribute_exists(" + PK + ")")
                    .expressionAttributeValues(Map.of(":f", AttributeValue.fromSs(List.copyOf(friends)))));
        } catch (ConditionalCheckFailedException e) {
            // The other member has no friend item any more (deleted account): nothing to undo.
        }
    }

    private static FriendList friendList(String userId, Map<String, AttributeValue> item) {
        return item == null ? FriendList.empty(userId)
                : new FriendList(userId, set(item.get("listed")), set(item.get("confirmed")));
    }

    private static Pending pending(Map<String, AttributeValue> item) {
        return item == null ? Pending.NONE : new Pending(set(item.get("checking")), set(item.get("unconfirming")));
    }

    private static Set<String> set(AttributeValue value) {
        return value == null || !value.hasSs() ? Set.of() : new HashSet<>(value.ss());
    }
}
