package io.mentorship.match;

import io.mentorship.aws.InvocationMetrics;
import io.mentorship.matching.ScoringCard;
import io.mentorship.profile.Role;
import io.mentorship.store.ChangeLog;
import io.mentorship.store.MatchIndex;
import io.mentorship.store.MatchIndex.Listed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Copies of index partitions that the match function keeps between messages (one per function instance, so one
 * per Lambda container), brought up to date by the change log instead of read whole each time. In a busy program
 * every full computation reads its topics' whole partitions; in a hot topic that is thousands of cards, for each of
 * the many members who join or change, while only a few of those cards changed since the last read.
 *
 * <p>A copy read at {@code t} is brought to {@code now} by asking the change log which members' items in the
 * partition changed since {@code t} (card changed or bar dropped; the log's margin covers clocks and slow
 * writers) and reading just those items again: members gone from the partition leave the copy. The result is what
 * a whole read at {@code now} returns, except for a change whose log entry is not written yet. That change's writer
 * logs it after {@code now} and then does its own fan-out, exactly as for a whole read taken just before its item
 * was written; so the copy is returned as read at {@code now}, and the caller's checks against the change log
 * (which look back from {@code now}) cover the rest. A member whose bar was lowered by a patch logs it too (see
 * {@code MatchService.patchStored}), so a copy never keeps a bar stricter than the index's for longer than a whole
 * read could.
 *
 * <p>None of this can drop a card: a copy too old for the change log ({@link #MAX_AGE}), or one in which so many
 * cards changed that reading it whole is cheaper ({@link #WHOLE_READ_RATIO}), is read whole; copies beyond
 * {@link #MAX_CARDS} cards in all are forgotten, least recently used first, and read whole when next needed.
 */
final class PartitionCache {
    /** Well inside the change log's hour, and short enough that a copy nobody refreshes is soon read whole. */
    static final Duration MAX_AGE = Duration.ofMinutes(10);
    /**
     * A copy is read whole when more than one card in this many changed: reading the changed items one by one is
     * then dearer (a strongly consistent item read costs a capacity unit; a card in a whole read about 0.08).
     */
    static final int WHOLE_READ_RATIO = 12;
    /** Cards kept in all: about a kilobyte each on the heap. */
    static final int MAX_CARDS = 200_000;

    /** A card as read, and prepared for scoring once for every computation that ranks it. */
    record Prepared(Listed listed, ScoringCard scoring) {
        static Prepared of(Listed listed) {
            return new Prepared(listed, ScoringCard.of(listed.card()));
        }
    }

    /** A partition's cards as of {@code readAt}, by member id (sorted, so that a refresh copies it in one pass). */
    record Copy(Instant readAt, SortedMap<String, Prepared> cards) {
    }

    private final MatchIndex index;
    private final ChangeLog changeLog;
    private final Clock clock;
    private final LinkedHashMap<String, Copy> copies = new LinkedHashMap<>(16, 0.75f, true);
    private int cards;

    PartitionCache(MatchIndex index, ChangeLog changeLog, Clock clock) {
        this.index = index;
        this.changeLog = changeLog;
        this.clock = clock;
    }

    /** Every card of one partition as of now (see the class comment for what "now" covers). */
    Copy read(Role role, int guidelinesVersion, String topic) {
        String partition = MatchIndex.partition(role, guidelinesVersion, topic);
        Instant now = clock.instant();
        Copy kept = kept(partition);
        Copy copy = null;
        if (kept != null && kept.readAt().isAfter(now.minus(MAX_AGE))) {
            Set<String> changed = changeLog.changedSince(partition, kept.readAt());
            // Items read one by one are billed a unit each; a whole partition about 0.08 of a unit a card.
            if (changed.size() * WHOLE_READ_RATIO <= kept.cards().size()) {
                Map<String, Listed> current = index.entries(role, guidelinesVersion, topic, changed);
                SortedMap<String, Prepared> cards = new TreeMap<>(kept.cards());
                for (String id : changed) {
                    Listed listed = current.get(id);
                    if (listed == null) {
                        cards.remove(id);
                    } else {
                        cards.put(id, Prepared.of(listed));
                    }
                }
                copy = new Copy(now, Collections.unmodifiableSortedMap(cards));
                InvocationMetrics.count("PartitionCopiesRefreshed");
                InvocationMetrics.put("PartitionCardsReread", changed.size(), Unit.COUNT);
            }
        }
        if (copy == null) {
            SortedMap<String, Prepared> cards = new TreeMap<>();
            index.read(role, guidelinesVersion, List.of(topic))
                    .forEach(l -> cards.put(l.card().userId(), Prepared.of(l)));
            copy = new Copy(now, Collections.unmodifiableSortedMap(cards));
            InvocationMetrics.count("PartitionsReadWhole");
        }
        keep(partition, copy);
        return copy;
    }

    private synchronized Copy kept(String partition) {
        return copies.get(partition);
    }

    private synchronized void keep(String partition, Copy copy) {
        Copy old = copies.get(partition);
        if (old != null && old.readAt().isAfter(copy.readAt())) {
            return;
        }
        copies.put(partition, copy);
        cards += copy.cards().size() - (old == null ? 0 : old.cards().size());
        var eldest = copies.entrySet().iterator();
        while (cards > MAX_CARDS && copies.size() > 1) {
            Map.Entry<String, Copy> e = eldest.next();
            if (e.getKey().equals(partition)) {
                continue;
            }
            cards -= e.getValue().cards().size();
            eldest.remove();
        }
    }
}
