package io.mentorship.matching;

import io.mentorship.profile.PublicCard;
import io.mentorship.profile.Role;
import java.util.List;

/**
 * A suggestion as stored for its viewer: the ranked counterpart with the public card and the explanation, and the
 * guidelines version the counterpart had acknowledged (so a newer version hides it at once, without recomputing).
 *
 * @param exactScore the unrounded score: with the id it places the entry in the list ({@link MatchEngine#compare}),
 *                   so a list can be patched in place
 */
public record StoredSuggestion(String userId, int score, List<Commonality> commonalities, PublicCard profile,
                               Role counterpartRole, int counterpartAckVersion, double exactScore) {
}
