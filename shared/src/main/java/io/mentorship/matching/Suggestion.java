package io.mentorship.matching;

import java.util.List;

/**
 * A ranked counterpart: the 0-100 score and what the two have in common.
 *
 * @param exactScore the unrounded score, which orders equal shown scores (see {@link MatchEngine#compare})
 */
public record Suggestion(String userId, int score, List<Commonality> commonalities, double exactScore) {
    public Suggestion(String userId, int score, List<Commonality> commonalities) {
        this(userId, score, commonalities, score);
    }
}
