package io.mentorship.events;

import io.mentorship.events.MatchWork.GlobalRecompute;
import io.mentorship.store.RecomputeRepository;

/**
 * Starts a recompute of every stored list, for a change that moves every score at once (new weights, a guidelines
 * publication). A newer start supersedes a running one; the match function pages through the member directory.
 */
public final class GlobalRecomputes {
    private final RecomputeRepository recomputes;
    private final ProfileChangePublisher work;

    public GlobalRecomputes(RecomputeRepository recomputes, ProfileChangePublisher work) {
        this.recomputes = recomputes;
        this.work = work;
    }

    /** Starts a new generation and queues its first page; returns the generation. */
    public long start(String reason, String now) {
        long generation = recomputes.start(reason, now);
        work.publishAll(java.util.List.of(GlobalRecompute.of(generation, 0, null)));
        return generation;
    }

    public RecomputeRepository progress() {
        return recomputes;
    }
}
