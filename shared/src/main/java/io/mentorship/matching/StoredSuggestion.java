package io.mentorship.matching;

import io.mentorship.profile.PublicCard;
import io.mentorship.profile.Role;
import java.util.List;

/**
 * A suggestion as stored for its viewer: the ranked counterpart with the public card and the explanation, and the
 * guidelines version the counterpart had acknowledged (so a newer version hides it at once, without recomputing).
 */
public record StoredSuggestion(String userId, int score, List<Commonality> commonalities, PublicCard profile,
                               Role counterpartRole, int counterpartAckVersion) {
}
