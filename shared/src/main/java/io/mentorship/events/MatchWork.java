package io.mentorship.events;

import io.mentorship.matching.MatchCard;
import java.util.List;
import java.util.Map;

/** Work the match function puts back on its own queue, so one invocation never does unbounded work. */
public final class MatchWork {
    private MatchWork() {
    }

    /** Recompute these members' suggestions (at most a handful per message). */
    public record Recompute(String type, List<String> userIds) {
        public static final String TYPE = "Recompute";

        public static Recompute of(List<String> userIds) {
            return new Recompute(TYPE, List.copyOf(userIds));
        }
    }

    /**
     * Walk one page of a list of members and queue recomputations for those a change can affect, then queue the
     * next page. {@code partition} is an index partition (members who may now gain {@code source}) or, with
     * {@code viewersOf}, the members whose suggestions hold that member (who may lose or see them change).
     */
    public record FanOut(String type, String partition, String viewersOf, Map<String, String> start,
                         MatchCard source) {
        public static final String TYPE = "FanOut";

        public static FanOut index(String partition, MatchCard source, Map<String, String> start) {
            return new FanOut(TYPE, partition, null, start, source);
        }

        public static FanOut viewers(String userId, Map<String, String> start) {
            return new FanOut(TYPE, null, userId, start, null);
        }
    }
}
