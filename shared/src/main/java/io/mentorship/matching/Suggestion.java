package io.mentorship.matching;

import java.util.List;

/** A ranked counterpart: the 0-100 score and what the two have in common. */
public record Suggestion(String userId, int score, List<Commonality> commonalities) {
}
