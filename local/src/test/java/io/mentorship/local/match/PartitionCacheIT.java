package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.events.MatchWork.Recompute;
import io.mentorship.events.ProfileChanged;
import io.mentorship.local.testing.DirectMatching;
import io.mentorship.local.testing.Profiles;
import io.mentorship.match.MatchService;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The match function keeps copies of index partitions between messages and brings them up to date through the
 * change log. Here one instance keeps a copy of a topic's mentors while another instance (another container)
 * changes that topic: a mentor joins, one stops taking mentees, one is erased. None of their patches are run, so
 * only the first instance's own recomputation can bring each change into the mentee's list; it must see every
 * change, exactly as a whole read of the partition would.
 */
class PartitionCacheIT {
    private final DirectMatching stack = new DirectMatching();
    private final String topic = Profiles.uniqueId("cached");
    private final MatchService.Limits limits = new MatchService.Limits(3, 1, 100, 5, 25, 50);
    private final MatchService keeping = stack.service(limits);
    private final MatchService elsewhere = stack.service(limits);

    @Test
    void aKeptCopyOfAPartitionSeesEveryChangeAnotherInstanceMade() {
        String mentee = Profiles.uniqueId("mia");
        stack.signUp(elsewhere, mentee, Role.MENTEE, profile(mentee, Role.MENTEE, true, List.of("jazz", "chess")));
        String ana = mentor("ana", List.of("jazz"));
        String ben = mentor("ben", List.of("chess"));
        stack.dropQueuedWork();
        recompute(mentee);
        assertThat(idsOf(mentee)).as("read whole, then kept").containsExactlyInAnyOrder(ana, ben);

        String cleo = mentor("cleo", List.of("jazz", "chess"));
        stack.dropQueuedWork();
        recompute(mentee);
        assertThat(idsOf(mentee)).as("a mentor who joined since the copy was read, first on two interests")
                .hasSize(3).startsWith(cleo).containsExactlyInAnyOrder(cleo, ana, ben);

        ProfileChanged stops = stack.replace(ana, profile(ana, Role.MENTOR, false, List.of("jazz")));
        elsewhere.onProfileChanged(stops);
        stack.dropQueuedWork();
        recompute(mentee);
        assertThat(idsOf(mentee)).as("a mentor who stopped taking mentees leaves").containsExactly(cleo, ben);

        stack.profiles().deleteAccount(ben);
        elsewhere.onProfileChanged(ProfileChanged.of(ben, ProfileChanged.Change.DELETED, 2, Instant.now()));
        stack.dropQueuedWork();
        recompute(mentee);
        assertThat(idsOf(mentee)).as("an erased mentor leaves").containsExactly(cleo);

        // The same list from an instance that keeps nothing yet: the kept copy ranked exactly as a whole read.
        List<StoredSuggestion> kept = stack.listOf(mentee, Role.MENTEE);
        stack.service(limits).onRecompute(Recompute.of(List.of(mentee), null));
        assertThat(stack.listOf(mentee, Role.MENTEE)).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(kept);
    }

    private void recompute(String mentee) {
        keeping.onRecompute(Recompute.of(List.of(mentee), null));
    }

    private String mentor(String name, List<String> interests) {
        String id = Profiles.uniqueId(name);
        stack.signUp(elsewhere, id, Role.MENTOR, profile(id, Role.MENTOR, true, interests));
        return id;
    }

    private Profile profile(String id, Role role, boolean accepting, List<String> interests) {
        Map<String, Object> body = DirectMatching.body(id, role, topic, accepting, interests);
        return DirectMatching.profile(body);
    }

    private List<String> idsOf(String mentee) {
        return stack.listOf(mentee, Role.MENTEE).stream().map(StoredSuggestion::userId).toList();
    }
}
