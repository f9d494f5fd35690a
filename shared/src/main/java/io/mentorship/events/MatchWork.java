package io.mentorship.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Work the match function puts back on its own queue, so one invocation never does unbounded work. */
public final class MatchWork {
    private MatchWork() {
    }

    /**
     * Recompute these members' own lists from scratch (a handful per message). Skipped for a member whose lists
     * were computed from reads that began after {@code since}: they already reflect the change that asked.
     *
     * @param generation the global recompute this belongs to, if any (its progress counts it)
     */
    public record Recompute(String type, List<String> userIds, Instant since, Long generation) {
        public static final String TYPE = "Recompute";

        public static Recompute of(List<String> userIds, Instant since) {
            return new Recompute(TYPE, List.copyOf(userIds), since, null);
        }

        public static Recompute of(List<String> userIds, Instant since, long generation) {
            return new Recompute(TYPE, List.copyOf(userIds), since, generation);
        }
    }

    /**
     * Only the scores of {@code sources} changed for {@code viewers}: re-evaluate those pairs and patch the stored
     * lists in place. {@code held}: the viewers' lists hold the sources (they came from the reverse pointers).
     */
    public record Patch(String type, List<String> viewers, List<String> sources, boolean held) {
        public static final String TYPE = "Patch";

        public static Patch of(List<String> viewers, List<String> sources, boolean held) {
            return new Patch(TYPE, List.copyOf(viewers), List.copyOf(sources), held);
        }
    }

    /**
     * Walk one page of the lists that hold {@code userId}, patching them, then queue the next page. {@code erased}
     * (absent: false): the member was erased and this is the erasure's delayed follow-up, after the first walk's
     * patches: the pointers walked are deleted too, those a lost list write left included, which no patch removes.
     */
    public record ViewersOf(String type, String userId, Map<String, String> start, Boolean erased) {
        public static final String TYPE = "ViewersOf";

        public static ViewersOf of(String userId, Map<String, String> start) {
            return new ViewersOf(TYPE, userId, start, null);
        }

        /** The walk of a member's places from {@code start}; {@code erased}: the erasure's follow-up (see above). */
        public static ViewersOf of(String userId, Map<String, String> start, boolean erased) {
            return new ViewersOf(TYPE, userId, start, erased ? Boolean.TRUE : null);
        }

        /** The same walk's next page. */
        public ViewersOf next(Map<String, String> start) {
            return new ViewersOf(TYPE, userId, start, erased);
        }

        public boolean clears() {
            return Boolean.TRUE.equals(erased);
        }
    }

    /**
     * {@code userId}'s confirmed friendships with {@code touched} began or ended: the mutual friends of every pair
     * across those edges changed. Handled a page of {@code touched} at a time.
     */
    public record FriendsChanged(String type, String userId, List<String> touched) {
        public static final String TYPE = "FriendsChanged";

        public static FriendsChanged of(String userId, List<String> touched) {
            return new FriendsChanged(TYPE, userId, List.copyOf(touched));
        }
    }

    /** One page of a global recompute: the members of a directory shard from {@code start}. */
    public record GlobalRecompute(String type, long generation, int shard, Map<String, String> start) {
        public static final String TYPE = "GlobalRecompute";

        public static GlobalRecompute of(long generation, int shard, Map<String, String> start) {
            return new GlobalRecompute(TYPE, generation, shard, start);
        }
    }
}
