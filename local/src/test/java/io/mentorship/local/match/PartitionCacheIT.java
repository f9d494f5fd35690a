package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.events.MatchWork.Recompute;
import io.mentorship.events.ProfileChanged;
import io.mentorship.local.testing.DirectMatching;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.Waits;
import io.mentorship.match.MatchService;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import io.mentorship.store.ChangeLog;
import java.time.Duration;
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
        // Mentors who share only the topic: enough cards that the few changes below are read one by one (a copy in
        // which more than one card in 12 changed is read whole). Their own changes are then older than the log's
        // look-back, so the copy is read whole only the first time.
        for (int i = 0; i < 45; i++) {
            mentor("other", List.of());
        }
        stack.dropQueuedWork();
        Waits.sleep(ChangeLog.MARGIN.plusMillis(500));
        recompute(mentee);
        assertThat(idsOf(mentee).subList(0, 2)).as("read whole, then kept").containsExactlyInAnyOrder(ana, ben);

        String cleo = mentor("cleo", List.of("jazz", "chess"));
        stack.dropQueuedWork();
        recompute(mentee);
        assertThat(idsOf(mentee).subList(0, 3)).as("a mentor who joined since the copy was read, first on two")
                .startsWith(cleo).containsExactlyInAnyOrder(cleo, ana, ben);

        ProfileChanged stops = stack.replace(ana, profile(ana, Role.MENTOR, false, List.of("jazz")));
        elsewhere.onProfileChanged(stops);
        stack.dropQueuedWork();
        recompute(mentee);
        assertThat(idsOf(mentee)).as("a mentor who stopped taking mentees leaves").startsWith(cleo, ben)
                .doesNotContain(ana);

        stack.profiles().deleteAccount(ben);
        elsewhere.onProfileChanged(ProfileChanged.of(ben, ProfileChanged.Change.DELETED, 2, Instant.now()));
        stack.dropQueuedWork();
        recompute(mentee);
        assertThat(idsOf(mentee)).as("an erased mentor leaves").startsWith(cleo).doesNotContain(ana, ben);

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
