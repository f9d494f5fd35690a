package io.mentorship.store;

import static io.mentorship.store.TableLayout.PK;
import static io.mentorship.store.TableLayout.SK;
import static io.mentorship.store.TableLayout.n;
import static io.mentorship.store.TableLayout.s;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Recent changes per index partition ({@code LOG#<partition> / <time>#<kind>#<userId>}, kept an hour), so that two
 * concurrent computations never both miss each other: a member whose card changed logs it and then looks for lists
 * whose bar dropped since it read the bars; a member whose bar dropped logs it and then looks for cards that changed
 * since it read the cards. Of two such writers, the later reader always sees the earlier writer's entry.
 */
public final class ChangeLog {
    /** Clocks of different functions may differ this much; reads look back this far beyond their own start. */
    public static final Duration MARGIN = Duration.ofSeconds(2);
    private static final Duration KEPT = Duration.ofHours(1);
    private static final String CARD = "C";
    private static final String BAR = "B";

    private final DynamoDbClient dynamo;
    private final String table;

    public ChangeLog(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public void cardChanged(Collection<String> partitions, String userId, Instant now) {
        log(partitions, CARD, userId, now);
    }

    public void barLowered(Collection<String> partitions, String userId, Instant now) {
        log(partitions, BAR, userId, now);
    }

    /** Members whose card changed in these partitions since {@code since} (less the margin). */
    public Set<String> cardsChangedSince(Collection<String> partitions, Instant since) {
        return since(partitions, CARD, since);
    }

    /** Members whose bar dropped in these partitions since {@code since} (less the margin). */
    public Set<String> barsLoweredSince(Collection<String> partitions, Instant since) {
        return since(partitions, BAR, since);
    }

    /** Members whose card changed, and members whose bar dropped, in the partitions read by one query. */
    public record Since(Set<String> cards, Set<String> bars) {
    }

    /**
     * Both of {@link #cardsChangedSince} and {@link #barsLoweredSince} in one query a partition: for a writer that
     * logged both kinds and looks for both, after both of its own entries.
     */
    public Since since(Collection<String> partitions, Instant since) {
        Set<String> cards = new TreeSet<>();
        Set<String> bars = new TreeSet<>();
        query(partitions, since, (kind, userId) -> {
            if (kind.equals(CARD)) {
                cards.add(userId);
            } else if (kind.equals(BAR)) {
                bars.add(userId);
            }
        });
        return new Since(cards, bars);
    }

    /**
     * Members whose index item in {@code partition} may have changed since {@code since} (less the margin): their
     * card changed or their bar dropped. A copy of the partition read at {@code since} is brought up to date by
     * reading again the items of these members only.
     */
    public Set<String> changedSince(String partition, Instant since) {
        return since(List.of(partition), null, since);
    }

    private void log(Collection<String> partitions, String kind, String userId, Instant now) {
        List<WriteRequest> writes = new ArrayList<>();
        for (String partition : new TreeSet<>(partitions)) {
            Map<String, AttributeValue> item = Map.of(PK, s(TableLayout.CHANGE_LOG.of(partition)),
                    SK, s(TableLayout.changeLogEntry(now, kind, userId)), "ttl", n(now.plus(KEPT).getEpochSecond()));
            writes.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
        }
        BatchWrite.all(dynamo, table, writes);
    }

    private Set<String> since(Collection<String> partitions, String kind, Instant since) {
        Set<String> found = new TreeSet<>();
        query(partitions, since, (entryKind, userId) -> {
            if (kind == null || entryKind.equals(kind)) {
                found.add(userId);
            }
        });
        return found;
    }

    private void query(Collection<String> partitions, Instant since,
                       java.util.function.BiConsumer<String, String> entry) {
        String from = TableLayout.time(since.minus(MARGIN));
        for (String partition : new TreeSet<>(partitions)) {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> page = start;
                QueryResponse response = dynamo.query(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND sk >= :from")
                        .expressionAttributeValues(Map.of(":pk", s(TableLayout.CHANGE_LOG.of(partition)),
                                ":from", s(from)))
                        .exclusiveStartKey(page));
                for (Map<String, AttributeValue> item : response.items()) {
                    String[] parts = item.get(SK).s().split("#", 3);
                    entry.accept(parts[1], parts[2]);
                }
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey() : null;
            } while (start != null);
        }
    }
}
