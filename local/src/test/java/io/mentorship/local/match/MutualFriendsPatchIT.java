package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.local.testing.DirectMatching;
import io.mentorship.local.testing.Profiles;
import io.mentorship.match.MatchService;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import io.mentorship.store.FriendRepository;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A patch bounds a source by the mutual friends it has with the viewer. A newcomer who beats a list's last entry only
 * through mutual friends (three friends in common, against a mentor who shares two interests) must enter it: a
 * bound that counted too few would skip the list, and nothing else would recompute it.
 */
class MutualFriendsPatchIT {
    private final DirectMatching stack = new DirectMatching();
    private final String topic = Profiles.uniqueId("mutual");
    private final FriendRepository friends = new FriendRepository(stack.runtime().dynamo(), stack.table());
    /** One suggestion a list, no buffer: the newcomer must displace the mentor listed. */
    private final MatchService service = stack.service(new MatchService.Limits(1, 0, 100, 5, 25, 50));

    @Test
    void aNewcomerWhoWinsThroughMutualFriendsEntersByPatch() {
        String mia = Profiles.uniqueId("mia");
        String ana = Profiles.uniqueId("ana");
        String rui = Profiles.uniqueId("rui");
        List<String> common = List.of(Profiles.uniqueId("f1"), Profiles.uniqueId("f2"), Profiles.uniqueId("f3"));
        friends.replace(mia, common);
        friends.replace(rui, common);
        common.forEach(f -> friends.replace(f, List.of(mia, rui)));
        // Two mentors before mia: her list holds the better one and is known not to hold every counterpart.
        signUp(ana, Role.MENTOR, List.of("jazz", "chess"));
        signUp(Profiles.uniqueId("bob"), Role.MENTOR, List.of("jazz"));
        signUp(mia, Role.MENTEE, List.of("jazz", "chess"));
        stack.runQueuedWork(service, null);
        assertThat(stack.listOf(mia, Role.MENTEE)).extracting(StoredSuggestion::userId).containsExactly(ana);

        signUp(rui, Role.MENTOR, List.of());
        stack.runQueuedWork(service, null);

        assertThat(stack.listOf(mia, Role.MENTEE)).extracting(StoredSuggestion::userId)
                .as("rui, with three mutual friends, outranks ana's two shared interests").containsExactly(rui);
    }

    private void signUp(String id, Role role, List<String> interests) {
        Map<String, Object> body = DirectMatching.body(id, role, topic, true, interests);
        Profile profile = DirectMatching.profile(body);
        stack.signUp(service, id, role, profile);
    }
}