package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.local.testing.DirectMatching;
import io.mentorship.local.testing.Profiles;
import io.mentorship.match.MatchService;
import io.mentorship.matching.Commonality;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import io.mentorship.store.FriendRepository;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lists name mutual friends. When a member renames themselves, every list that names them as a mutual friend says
 * the new name once the queues drain: their friends' lists are recomputed (no counterpart's card changed, so no
 * patch would reach them).
 */
class RenamedFriendIT {
    private final DirectMatching stack = new DirectMatching();
    private final String topic = Profiles.uniqueId("renamed");
    private final FriendRepository friends = new FriendRepository(stack.runtime().dynamo(), stack.table());
    private final MatchService service = stack.service(MatchService.Limits.DEFAULT);

    @Test
    void aRenamedMutualFriendIsNamedAnewInTheirFriendsLists() {
        String mia = Profiles.uniqueId("mia");
        String fay = Profiles.uniqueId("fay");
        String rui = Profiles.uniqueId("rui");
        friends.replace(mia, List.of(fay));
        friends.replace(rui, List.of(fay));
        friends.replace(fay, List.of(mia, rui));
        signUp(fay, Role.MENTEE, Profiles.uniqueId("elsewhere"), fay);
        signUp(mia, Role.MENTEE, topic, mia);
        signUp(rui, Role.MENTOR, topic, rui);
        stack.runQueuedWork(service, null);
        assertThat(mutualFriendsNamed(mia)).containsExactly(fay);

        Map<String, Object> renamed = body(fay, Role.MENTEE, Profiles.uniqueId("elsewhere"), "Fay Renamed");
        service.onProfileChanged(stack.replace(fay, DirectMatching.profile(renamed)));
        stack.runQueuedWork(service, null);

        assertThat(mutualFriendsNamed(mia)).as("mia's list names fay as she is now").containsExactly("Fay Renamed");
        assertThat(stack.listOf(rui, Role.MENTOR)).extracting(StoredSuggestion::userId).containsExactly(mia);
        assertThat(stack.listOf(rui, Role.MENTOR).getFirst().commonalities()).filteredOn(c -> c.type()
                        == Commonality.Type.FRIENDS).singleElement().extracting(Commonality::summary)
                .as("and so does rui's").isEqualTo("1 mutual friend: Fay Renamed");
    }

    @SuppressWarnings("unchecked")
    private List<String> mutualFriendsNamed(String mentee) {
        List<StoredSuggestion> list = stack.listOf(mentee, Role.MENTEE);
        assertThat(list).hasSize(1);
        Commonality friendsInCommon = list.getFirst().commonalities().stream()
                .filter(c -> c.type() == Commonality.Type.FRIENDS).findFirst().orElseThrow();
        return (List<String>) friendsInCommon.details().get("names");
    }

    private void signUp(String id, Role role, String topicOfTheirs, String name) {
        Profile profile = DirectMatching.profile(body(id, role, topicOfTheirs, name));
        stack.signUp(service, id, role, profile);
    }

    private static Map<String, Object> body(String id, Role role, String topicOfTheirs, String name) {
        Map<String, Object> body = DirectMatching.body(id, role, topicOfTheirs, true, List.of("jazz", "chess"));
        body.put("displayName", name);
        return body;
    }
}