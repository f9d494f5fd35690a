package io.mentorship.store;

import static io.mentorship.store.TableLayout.PK;
import static io.mentorship.store.TableLayout.key;
import static io.mentorship.store.TableLayout.s;
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

    /** Replaces {@code userId}'s list with {@code friendIds} and brings the confirmations on both sides up to date. */
    public Change replace(String userId, Collection<String> friendIds) {
        Set<String> wanted = new LinkedHashSet<>(friendIds);
        FriendList before = find(userId);
        Map<String, AttributeValue> listed = new HashMap<>();
        String update;
        if (wanted.isEmpty()) {
            update = "REMOVE listed";
        } else {
            update = "SET listed = :listed";
            listed.put(":listed", AttributeValue.fromSs(List.copyOf(wanted)));
        }
        dynamo.updateItem(r -> r.tableName(table).key(key(user(userId), TableLayout.FRIENDS))
                .updateExpression(update)
                .expressionAttributeValues(listed.isEmpty() ? null : listed));

        Set<String> lost = new TreeSet<>(before.confirmed());
        lost.removeAll(wanted);
        for (String other : lost) {
            unconfirm(userId, other);
            unconfirm(other, userId);
        }

        Map<String, FriendList> others = findAll(wanted);
        Set<String> gained = new TreeSet<>();
        for (String other : wanted) {
            FriendList theirs = others.get(other);
            if (theirs != null && theirs.listed().contains(userId)) {
                confirm(userId, other);
                confirm(other, userId);
                if (!before.confirmed().contains(other)) {
                    gained.add(other);
                }
            }
        }
        return new Change(find(userId), gained, lost);
    }

    /** Removes a member from the graph: their item, and their confirmations in their friends' items. */
    public Set<String> remove(String userId) {
        FriendList list = find(userId);
        for (String other : list.confirmed()) {
            unconfirm(other, userId);
        }
        dynamo.deleteItem(r -> r.tableName(table).key(key(user(userId), TableLayout.FRIENDS)));
        return list.confirmed();
    }

    private void confirm(String owner, String friend) {
        dynamo.updateItem(r -> r.tableName(table).key(key(user(owner), TableLayout.FRIENDS))
                .updateExpression("ADD confirmed :f")
                .expressionAttributeValues(Map.of(":f", AttributeValue.fromSs(List.of(friend)))));
    }

    private void unconfirm(String owner, String friend) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(user(owner), TableLayout.FRIENDS))
                    .updateExpression("DELETE confirmed :f")
                    .conditionExpression("attribute_exists(" + PK + ")")
                    .expressionAttributeValues(Map.of(":f", AttributeValue.fromSs(List.of(friend)))));
        } catch (ConditionalCheckFailedException e) {
            // The other member has no friend item any more (deleted account): nothing to undo.
        }
    }

    private static Set<String> set(AttributeValue value) {
        return value == null || !value.hasSs() ? Set.of() : new HashSet<>(value.ss());
    }

}
