package io.mentorship.match;

import io.mentorship.matching.ScoringCard;
import io.mentorship.profile.Role;
import io.mentorship.store.MatchIndex;
import io.mentorship.store.MatchIndex.Listed;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The index partitions that the computations of one message share: each partition is read whole once, and every
 * member of the message who needs it ranks against that copy. A batch of members grouped by topic (a global
 * recompute) then reads a hot partition once instead of once per member.
 *
 * <p>A first read of a partition comes from the function's {@link PartitionCache}, as of the time of the read.
 * A copy can be older than the list it is used for: {@link Cards#reused()} says so (a copy read for an earlier
 * computation, so before this one read its list), {@link Cards#readAt()} says when it was read, and the caller asks
 * the change log for every card changed since then, so nothing that changed in between is missed. {@link #refresh}
 * drops copies after a write lost a race, so that the retry reads afresh.
 */
final class PartitionReads {
    /**
     * The cards of several partitions, each member once; when the oldest of those copies was read, and whether any
     * was read before this call (for an earlier computation).
     */
    record Cards(List<Listed> listed, List<ScoringCard> prepared, Instant readAt, List<String> partitions,
                 boolean reused) {
    }

    private record Copy(Instant readAt, Collection<PartitionCache.Prepared> cards) {
    }

    private final PartitionCache cache;
    private final Clock clock;
    private final Map<String, Copy> copies = new HashMap<>();

    PartitionReads(PartitionCache cache, Clock clock) {
        this.cache = cache;
        this.clock = clock;
    }

    /** Every member listed under any of {@code topics} in {@code role}, from copies where there are some. */
    Cards read(Role role, int guidelinesVersion, Collection<String> topics) {
        Map<String, PartitionCache.Prepared> found = new LinkedHashMap<>();
        Instant oldest = null;
        List<String> partitions = new ArrayList<>();
        boolean reused = false;
        for (String topic : new LinkedHashSet<>(topics)) {
            String partition = MatchIndex.partition(role, guidelinesVersion, topic);
            partitions.add(partition);
            Copy copy = copies.get(partition);
            if (copy == null) {
                PartitionCache.Copy current = cache.read(role, guidelinesVersion, topic);
                copy = new Copy(current.readAt(), current.cards().values());
                copies.put(partition, copy);
            } else {
                reused = true;
            }
            copy.cards().forEach(p -> found.putIfAbsent(p.listed().card().userId(), p));
            oldest = oldest == null || copy.readAt().isBefore(oldest) ? copy.readAt() : oldest;
        }
        List<Listed> listed = new ArrayList<>(found.size());
        List<ScoringCard> prepared = new ArrayList<>(found.size());
        found.values().forEach(p -> {
            listed.add(p.listed());
            prepared.add(p.scoring());
        });
        return new Cards(listed, prepared, oldest == null ? clock.instant() : oldest, List.copyOf(partitions),
                reused);
    }

    /** Forgets the copies of these partitions: the next read of them goes to the index. */
    void refresh(Collection<String> partitions) {
        partitions.forEach(copies::remove);
    }
}
