package io.mentorship.store;

import static io.mentorship.store.TableLayout.PK;
import static io.mentorship.store.TableLayout.SK;
import static io.mentorship.store.TableLayout.key;
import static io.mentorship.store.TableLayout.s;
import static io.mentorship.store.TableLayout.user;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Blocks: {@code USER#<a> / BLOCK#<b>} for the one who blocked, and {@code USER#<b> / BLOCKEDBY#<a>} so the
 * blocked member's own computations leave the blocker out too. The second item is never shown to its owner.
 */
public final class BlockRepository {
    private final DynamoDbClient dynamo;
    private final String table;

    public BlockRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public void block(String blocker, String blocked, Instant now) {
        dynamo.putItem(r -> r.tableName(table).item(Map.of(PK, s(user(blocker)),
                SK, s(TableLayout.BLOCK.of(blocked)), "at", s(now))));
        dynamo.putItem(r -> r.tableName(table).item(Map.of(PK, s(user(blocked)),
                SK, s(TableLayout.BLOCKED_BY.of(blocker)), "at", s(now))));
    }

    /** Removes the block; false if there was none (neither of its two items). */
    public boolean unblock(String blocker, String blocked) {
        var mine = dynamo.deleteItem(r -> r.tableName(table).key(key(user(blocker), TableLayout.BLOCK.of(blocked)))
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)).attributes();
        var theirs = dynamo.deleteItem(r -> r.tableName(table)
                .key(key(user(blocked), TableLayout.BLOCKED_BY.of(blocker)))
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)).attributes();
        return (mine != null && !mine.isEmpty()) || (theirs != null && !theirs.isEmpty());
    }

    /** The members {@code userId} blocked (their own list, which they may read). */
    public List<String> blockedBy(String userId) {
        return dynamo.query(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :b)")
                        .expressionAttributeValues(Map.of(":pk", s(user(userId)),
                                ":b", s(TableLayout.BLOCK.text())))).items()
                .stream().map(i -> TableLayout.BLOCK.rest(i.get(SK).s())).sorted().toList();
    }
}
