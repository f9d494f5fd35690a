package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.events.MatchWork.Patch;
import io.mentorship.events.MatchWork.Recompute;
import io.mentorship.events.ProfileChanged;
import io.mentorship.local.testing.DirectMatching;
import io.mentorship.local.testing.ObservedDynamo;
import io.mentorship.local.testing.Profiles;
import io.mentorship.match.MatchService;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import io.mentorship.store.TableLayout;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A batch of patches reads the sources' cards, then the lists. Between the two reads, a source's card changes and
 * another instance patches the newer card into a list; the batch then meets that list holding the source. Scored
 * with the card it read first, the source would leave the list (a mentor who now takes mentees, judged as one who
 * does not), and the write would succeed, since nobody wrote the list after the batch read it. The batch must
 * judge every list by cards read after the list.
 */
class StaleCardPatchIT {
    private final DirectMatching stack = new DirectMatching();
    private final String topic = Profiles.uniqueId("stale");
    private final MatchService.Limits limits = new MatchService.Limits(2, 0, 100, 5, 25, 50);
    private final MatchService service = stack.service(limits);
    private final AtomicReference<Runnable> afterCardsRead = new AtomicReference<>();
    /** A batch of patches whose first read of listings is followed by a step (it goes on with the earlier read). */
    private final MatchService racing = stack.service(new ObservedDynamo(stack.runtime().dynamo(),
            ObservedDynamo.stepAfterBatchGet(TableLayout.LISTING, afterCardsRead)), limits);

    @Test
    void aListIsNeverPatchedWithACardOlderThanTheOneItHolds() {
        String mentee = member("mia", Role.MENTEE, true);
        String other = member("rui", Role.MENTOR, true);
        String mentor = member("ana", Role.MENTOR, false);
        stack.runQueuedWork(service, null);
        assertThat(listOf(mentee)).extracting(StoredSuggestion::userId).as("ana takes no mentees yet")
                .containsExactly(other);

        // Once the batch has read ana's card (not accepting), she starts accepting, and another instance runs her
        // change and every patch it queued: the mentee's list now holds her.
        afterCardsRead.set(() -> {
            stack.replace(mentor, profile(mentor, Role.MENTOR, true));
            service.onProfileChanged(ProfileChanged.of(mentor, ProfileChanged.Change.UPDATED, 2, Instant.now()));
            stack.runQueuedWork(service, null);
            assertThat(listOf(mentee)).extracting(StoredSuggestion::userId).as("patched in by the other instance")
                    .contains(mentor);
        });
        // A patch of the same pair that was already queued (say, a mutual friend changed): the racing batch.
        racing.onPatches(List.of(Patch.of(List.of(mentee), List.of(mentor), false)));
        assertThat(afterCardsRead.get()).as("the race was staged").isNull();
        stack.runQueuedWork(service, null);

        List<StoredSuggestion> patched = listOf(mentee);
        service.onRecompute(Recompute.of(List.of(mentee), null));
        List<StoredSuggestion> exact = listOf(mentee);
        assertThat(exact).extracting(StoredSuggestion::userId).containsExactlyInAnyOrder(mentor, other);
        assertThat(patched).as("the patched list, against a recomputation")
                .extracting(StoredSuggestion::userId, StoredSuggestion::exactScore)
                .containsExactlyElementsOf(exact.stream()
                        .map(s -> org.assertj.core.groups.Tuple.tuple(s.userId(), s.exactScore())).toList());
    }

    private String member(String name, Role role, boolean accepting) {
        return stack.member(service, name, role, topic, accepting);
    }

    private Profile profile(String id, Role role, boolean accepting) {
        return DirectMatching.profile(id, role, topic, accepting);
    }

    private List<StoredSuggestion> listOf(String mentee) {
        return stack.listOf(mentee, Role.MENTEE);
    }
}
