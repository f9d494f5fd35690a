package io.mentorship.store;

import static io.mentorship.store.TableLayout.PK;
import static io.mentorship.store.TableLayout.SK;
import static io.mentorship.store.TableLayout.key;
import static io.mentorship.store.TableLayout.user;

import io.mentorship.domain.DomainException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
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
 * so a replacement cut short (a crash, a timeout) is finished by the next one, the client's retry. That note is
 * also a lease: one replacement of a list at a time (a second one meanwhile is refused with {@code FRIENDS_BUSY}),
 * for two at once could each undo the other's confirmations.
 */
public final class FriendRepository {
    private static final int PARALLEL_WRITES = 16;
    /** Longer than a function runs (20 s), so a lease outlives the replacement that took it unless cut short. */
    private static final Duration LEASE = Duration.ofSeconds(30);
    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public FriendRepository(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    public FriendRepository(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
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

    /**
     * The other sides a replacement noted before writing and has not settled yet, and until when it holds the list
     * (epoch milliseconds; 0 for none).
     */
    private record Pending(Set<String> checking, Set<String> unconfirming, long leaseUntil) {
        static final Pending NONE = new Pending(Set.of(), Set.of(), 0);
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
        // Also those a cut-short replacement was checking: it may have confirmed their side before stopping.
        Set<String> unconfirming = new TreeSet<>(before.confirmed());
        unconfirming.addAll(pending.unconfirming());
        unconfirming.addAll(pending.checking());
        unconfirming.removeAll(wanted);
        takeLease(userId, pending, new Pending(checking, unconfirming, clock.millis() + LEASE.toMillis()));

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

        inParallel(unconfirming, other -> unconfirm(other, userId));
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
        inParallel(confirming, other -> confirm(other, Set.of(userId)));
        if (!confirming.isEmpty()) {
            confirm(userId, confirming);
        }
        dynamo.deleteItem(r -> r.tableName(table).key(key(user(userId), TableLayout.FRIENDS_PENDING)));

        Set<String> gained = new TreeSet<>(confirming);
        gained.removeAll(before.confirmed());
        Set<String> lost = new TreeSet<>(unconfirming);
        lost.retainAll(before.confirmed());
        return new Change(find(userId), gained, lost);
    }

    /** Removes a member from the graph: their items, and their confirmations in their friends' items. */
    public Set<String> remove(String userId) {
        Map<String, Map<String, AttributeValue>> own = ownItems(userId);
        FriendList list = friendList(userId, own.get(TableLayout.FRIENDS));
        Pending pending = pending(own.get(TableLayout.FRIENDS_PENDING));
        Set<String> others = new TreeSet<>(list.confirmed());
        others.addAll(pending.checking());
        others.addAll(pending.unconfirming());
        inParallel(others, other -> unconfirm(other, userId));
        dynamo.deleteItem(r -> r.tableName(table).key(key(user(userId), TableLayout.FRIENDS)));
        dynamo.deleteItem(r -> r.tableName(table).key(key(user(userId), TableLayout.FRIENDS_PENDING)));
        return list.confirmed();
    }

    /**
     * One write per member, {@link #PARALLEL_WRITES} at a time: importing a list of 5,000 friends who all listed
     * the member already is 5,000 writes, too many to make one after another within a function's timeout.
     */
    private static void inParallel(Collection<String> ids, Consumer<String> write) {
        if (ids.size() <= 1) {
            ids.forEach(write);
            return;
        }
        Semaphore permits = new Semaphore(PARALLEL_WRITES);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String id : ids) {
                done.add(pool.submit(() -> {
                    permits.acquireUninterruptibly();
                    try {
                        write.accept(id);
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Map<String, AttributeValue>> ownItems(String userId) {
        Map<String, Map<String, AttributeValue>> out = new HashMap<>();
        for (Map<String, AttributeValue> item : BatchGet.items(dynamo, table, List.of(
                key(user(userId), TableLayout.FRIENDS), key(user(userId), TableLayout.FRIENDS_PENDING)), true)) {
            out.put(item.get(SK).s(), item);
        }
        return out;
    }

    /**
     * Notes what this replacement has to settle and holds the list while it does: refused while another
     * replacement holds it; a lease that ran out (a replacement cut short) is taken over, with its work.
     */
    private void takeLease(String userId, Pending held, Pending mine) {
        if (held.leaseUntil() > clock.millis()) {
            throw busy();
        }
        Map<String, AttributeValue> item = new HashMap<>(key(user(userId), TableLayout.FRIENDS_PENDING));
        if (!mine.checking().isEmpty()) {
            item.put("checking", AttributeValue.fromSs(List.copyOf(mine.checking())));
        }
        if (!mine.unconfirming().isEmpty()) {
            item.put("unconfirming", AttributeValue.fromSs(List.copyOf(mine.unconfirming())));
        }
        item.put("leaseUntil", TableLayout.n(mine.leaseUntil()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression(held == Pending.NONE ? "attribute_not_exists(" + PK + ")"
                            : "leaseUntil = :held")
                    .expressionAttributeValues(held == Pending.NONE ? null
                            : Map.of(":held", TableLayout.n(held.leaseUntil()))));
        } catch (ConditionalCheckFailedException e) {
            throw busy();
        }
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

    /** Another replacement of the same list is still running (one at a time, or confirmations could be lost). */
    private static DomainException busy() {
        return DomainException.conflict("FRIENDS_BUSY",
                "another change of this friend list is still in progress; retry shortly");
    }

    private static Pending pending(Map<String, AttributeValue> item) {
        return item == null ? Pending.NONE : new Pending(set(item.get("checking")), set(item.get("unconfirming")),
                item.containsKey("leaseUntil") ? Long.parseLong(item.get("leaseUntil").n()) : 0);
    }

    private static Set<String> set(AttributeValue value) {
        return value == null || !value.hasSs() ? Set.of() : new HashSet<>(value.ss());
    }
}
