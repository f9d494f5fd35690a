package io.mentorship.events;

import io.mentorship.events.MatchWork.GlobalRecompute;
import io.mentorship.store.RecomputeRepository;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

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

    /** What a change that moves every score returned, and the recompute generation it started. */
    public record Started<T>(T result, long generation) {
    }

    /**
     * Makes {@code change} (new weights, new guidelines), starts a new generation named by {@code reason} and
     * queues its first page, through the follow-up mechanism: the first page's follow-up goes before the change, so
     * a lost message cannot leave the recompute unstarted (a page already walked, or a superseded generation, makes
     * the follow-up a no-op). Two starts at once: the later generation wins, and only its own first page is sure.
     */
    public <T> Started<T> around(Instant now, Supplier<T> change, Function<T, String> reason) {
        long next = recomputes.current().map(RecomputeRepository.Progress::generation).orElse(0L) + 1;
        return work.around(List.of(GlobalRecompute.of(next, 0, null)), () -> {
            T result = change.get();
            return new Started<>(result, recomputes.start(reason.apply(result), now));
        }, started -> List.of(GlobalRecompute.of(started.generation(), 0, null)));
    }

    public RecomputeRepository progress() {
        return recomputes;
    }
}
