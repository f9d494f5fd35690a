package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.events.MatchWork.Patch;
import io.mentorship.events.MatchWork.Recompute;
import io.mentorship.local.testing.DirectMatching;
import io.mentorship.local.testing.ObservedDynamo;
import io.mentorship.local.testing.Profiles;
import io.mentorship.match.MatchService;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A batch of patches reads a viewer's list (which says what it was computed from, so the viewer is not read).
 * Right after, the viewer moves to another topic and their own match runs to the end: it writes their new list. The
 * batch's write of the older list then loses, and the batch patches the list again from a fresh read. Judged by the
 * viewer as the batch first knew them (the card they were listed with when the batch began), a source of the old
 * topic would enter the new list (it holds every counterpart, so anyone who scores at all enters), and nothing after
 * would take it out: the viewer's own match has already run. Each list must be patched with the viewer as the list
 * read again was computed for, or as read after it. Seen once in the oracle test (`ExactSuggestionsIT`, seed 13): a
 * list that held a mentor of a topic its owner had left.
 */
class LostPatchWriteIT {
    private final DirectMatching stack = new DirectMatching();
    private final String oldTopic = Profiles.uniqueId("old");
    private final String newTopic = Profiles.uniqueId("new");
    private final MatchService service = stack.service(MatchService.Limits.DEFAULT);
    private final AtomicReference<Runnable> afterListRead = new AtomicReference<>();

    @Test
    void aLostPatchIsPatchedAgainWithTheViewerAsTheyAreNow() {
        String mentee = member("mia", Role.MENTEE, oldTopic);
        String ana = member("ana", Role.MENTOR, oldTopic);
        String bob = member("bob", Role.MENTOR, newTopic);
        stack.runQueuedWork(service, null);
        // rui joins the old topic; the patch that would add him to mia's list is held back for the racing batch.
        String rui = member("rui", Role.MENTOR, oldTopic);
        stack.dropQueuedWork();
        assertThat(listOf(mentee)).extracting(StoredSuggestion::userId).containsExactly(ana);

        MatchService racing = stack.service(new ObservedDynamo(stack.runtime().dynamo(),
                ObservedDynamo.stepAfterBatchGet(Role.MENTEE.toString(), afterListRead)), MatchService.Limits.DEFAULT);
        afterListRead.set(() -> {
            // Once the batch has read mia's list (old topic), she moves to the new topic and her own match runs.
            service.onProfileChanged(stack.replace(mentee, profile(mentee, Role.MENTEE, newTopic)));
            stack.runQueuedWork(service, null);
            assertThat(listOf(mentee)).extracting(StoredSuggestion::userId).as("her own match")
                    .containsExactly(bob);
        });
        racing.onPatches(List.of(Patch.of(List.of(mentee), List.of(rui), false)));
        assertThat(afterListRead.get()).as("the race was staged").isNull();
        stack.runQueuedWork(service, null);

        List<StoredSuggestion> patched = listOf(mentee);
        service.onRecompute(Recompute.of(List.of(mentee), null));
        assertThat(listOf(mentee)).extracting(StoredSuggestion::userId).containsExactly(bob);
        assertThat(patched).extracting(StoredSuggestion::userId).as("the list after the race, against a recomputation")
                .containsExactly(bob);
    }

    private String member(String name, Role role, String topic) {
        String id = Profiles.uniqueId(name);
        stack.signUp(service, id, role, profile(id, role, topic));
        return id;
    }

    private static Profile profile(String id, Role role, String topic) {
        Map<String, Object> body = DirectMatching.body(id, role, topic, true, List.of("jazz", "chess"));
        return DirectMatching.profile(body);
    }

    private List<StoredSuggestion> listOf(String mentee) {
        return stack.listOf(mentee, Role.MENTEE);
    }
}