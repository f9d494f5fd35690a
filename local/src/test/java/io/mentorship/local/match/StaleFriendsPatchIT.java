package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.events.MatchWork.Patch;
import io.mentorship.events.ProfileChanged;
import io.mentorship.local.testing.DirectMatching;
import io.mentorship.local.testing.ObservedDynamo;
import io.mentorship.local.testing.Profiles;
import io.mentorship.match.MatchService;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Role;
import io.mentorship.store.FriendRepository;
import io.mentorship.store.TableLayout;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A batch of patches reads a viewer's list, then the source's friend list (for mutual friends). Right after, the
 * source ends the friendship they shared with the viewer's friend, and that change is matched to the end: the
 * viewer's list holds the source without the mutual friend. The batch's write, with the mutual friend, then loses,
 * and the batch patches the list again from a fresh read. Scored with the friend list it read first, the source
 * would enter with a mutual friend they no longer have, and nothing after would correct it. Friend lists must be
 * read after the list they patch. Seen once in the oracle test (`ExactSuggestionsIT`, seed 13): a mentor listed
 * with a mutual friend and the score it added, neither of which held any more.
 */
class StaleFriendsPatchIT {
    private final DirectMatching stack = new DirectMatching();
    private final String topic = Profiles.uniqueId("friends");
    private final FriendRepository friends = new FriendRepository(stack.runtime().dynamo(), stack.table());
    private final MatchService service = stack.service(MatchService.Limits.DEFAULT);
    private final AtomicReference<Runnable> afterFriendsRead = new AtomicReference<>();

    @Test
    void aLostPatchIsPatchedAgainWithFriendListsReadAfterTheList() {
        String mia = Profiles.uniqueId("mia");
        String fay = Profiles.uniqueId("fay");
        String rui = Profiles.uniqueId("rui");
        // fay is a friend of both: mia and rui have her as a mutual friend.
        friends.replace(mia, List.of(fay));
        friends.replace(rui, List.of(fay));
        friends.replace(fay, List.of(mia, rui));
        stack.signUp(service, mia, Role.MENTEE, topic);
        stack.signUp(service, fay, Role.MENTEE, Profiles.uniqueId("elsewhere"));
        stack.runQueuedWork(service, null);
        // rui joins; the patch that would add him to mia's list is held back for the racing batch.
        stack.signUp(service, rui, Role.MENTOR, topic);
        stack.dropQueuedWork();
        assertThat(stack.listOf(mia, Role.MENTEE)).isEmpty();

        MatchService racing = stack.service(new ObservedDynamo(stack.runtime().dynamo(),
                ObservedDynamo.stepAfterBatchGet(TableLayout.FRIENDS, afterFriendsRead)), MatchService.Limits.DEFAULT);
        afterFriendsRead.set(() -> {
            // Once the batch has read rui's friends (fay among them), rui ends that friendship, and the change is
            // matched: mia's list gets rui, without a mutual friend.
            friends.replace(rui, List.of());
            service.onProfileChanged(ProfileChanged.of(rui, ProfileChanged.Change.FRIENDS, 1, Instant.now()));
            stack.runQueuedWork(service, null);
            assertThat(stack.listOf(mia, Role.MENTEE)).as("patched by the friendship's change")
                    .extracting(StoredSuggestion::userId).containsExactly(rui);
        });
        racing.onPatches(List.of(Patch.of(List.of(mia), List.of(rui), false)));
        assertThat(afterFriendsRead.get()).as("the race was staged").isNull();
        stack.runQueuedWork(service, null);

        stack.assertListIsRecomputedList(service, mia, Role.MENTEE, rui);
    }
}