package io.mentorship.matching;

import io.mentorship.profile.Role;
import java.util.List;

/**
 * A suggestion as stored for its viewer: the ranked counterpart with the explanation, and the guidelines version the
 * counterpart had acknowledged (so a newer version hides it at once, without recomputing). The counterpart's public
 * card is read when the list is read, so it is always current and a list is small to write.
 *
 * @param exactScore the unrounded score: with the id it places the entry in the list ({@link MatchEngine#compare}),
 *                   so a list can be patched in place
 */
public record StoredSuggestion(String userId, int score, List<Commonality> commonalities, Role counterpartRole,
                               int counterpartAckVersion, double exactScore) {
}
