package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mentorship.events.ProfileChanged;
import io.mentorship.local.testing.DirectMatching;
import io.mentorship.local.testing.ObservedDynamo;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.TableItems;
import io.mentorship.match.MatchService;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import io.mentorship.store.TableLayout;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * A member's match that stops part way (a timeout, a crash) right after writing their listing, before it sends what
 * follows from the change (patches of the lists that hold them or that they can now enter, the change log), on the
 * emulators. The queue delivers the change again; that match finds the listing already as the change left it, and
 * must still send all of it, or the others' lists would keep the member as they were.
 */
class StoppedMatchIT {
    private final DirectMatching stack = new DirectMatching();
    private final String topic = Profiles.uniqueId("stopped");
    private final MatchService.Limits limits = new MatchService.Limits(2, 0, 100, 5, 25, 50);
    private final MatchService service = stack.service(limits);

    @Test
    void aChangeDeliveredAgainAfterItsMatchStoppedIsSentToEveryListItMoves() {
        String ana = signUp("ana", Role.MENTOR, List.of("a"));
        String cy = signUp("cy", Role.MENTOR, List.of());
        String mentee = signUp("mia", Role.MENTEE, List.of("a", "b"));
        stack.runQueuedWork(service, null);
        assertThat(listOf(mentee)).extracting(StoredSuggestion::userId).containsExactly(ana, cy);

        // cy now shares both interests with the mentee; her match stops right after her listing is written.
        ObservedDynamo.Observer stopAfterListing = new ObservedDynamo.Observer() {
            @Override
            public void after(DynamoDbRequest request) {
                if (request instanceof PutItemRequest put
                        && TableLayout.USER.of(cy).equals(put.item().get(TableLayout.PK).s())
                        && TableLayout.LISTING.equals(put.item().get(TableLayout.SK).s())) {
                    throw new IllegalStateException("stopped after the listing");
                }
            }
        };
        MatchService stopping = stack.service(new ObservedDynamo(stack.runtime().dynamo(), stopAfterListing), limits);
        ProfileChanged change = stack.replace(cy, profile(cy, Role.MENTOR, List.of("a", "b")));
        assertThatThrownBy(() -> stopping.onProfileChanged(change)).hasMessageContaining("stopped after the listing");
        stack.runQueuedWork(service, null);
        assertThat(listOf(mentee)).extracting(StoredSuggestion::userId).as("nothing of the change was sent")
                .containsExactly(ana, cy);

        // Delivered again, as the queue does with a message whose handler failed.
        service.onProfileChanged(change);
        stack.runQueuedWork(service, null);

        stack.assertListIsRecomputedList(service, mentee, Role.MENTEE, cy, ana);
    }

    /**
     * A member's first match stops before it writes their index items (after counting itself begun, with the items
     * it may write). The change delivered again must still put the member in the directory, which global
     * recomputes page through: their first listing is written by that match.
     */
    @Test
    void aFirstMatchDeliveredAgainAfterItStoppedPutsTheMemberInTheDirectory() {
        String ana = Profiles.uniqueId("ana");
        ObservedDynamo.Observer stopBeforeIndexItems = new ObservedDynamo.Observer() {
            @Override
            public void before(DynamoDbRequest request) {
                if (request instanceof BatchWriteItemRequest batch && batch.requestItems().values().stream()
                        .flatMap(List::stream).anyMatch(w -> w.putRequest() != null
                                && TableLayout.INDEX.in(w.putRequest().item().get(TableLayout.PK).s())
                                && ana.equals(w.putRequest().item().get(TableLayout.SK).s()))) {
                    throw new IllegalStateException("stopped before the index items");
                }
            }
        };
        MatchService stopping = stack.service(new ObservedDynamo(stack.runtime().dynamo(), stopBeforeIndexItems),
                limits);
        assertThatThrownBy(() -> stack.signUp(stopping, ana, Role.MENTOR, profile(ana, Role.MENTOR, List.of("a"))))
                .hasMessageContaining("stopped before the index items");
        assertThat(TableItems.inDirectory(stack.runtime(), ana)).isFalse();

        service.onProfileChanged(ProfileChanged.of(ana, ProfileChanged.Change.CREATED, 1, java.time.Instant.now()));
        assertThat(TableItems.inDirectory(stack.runtime(), ana)).isTrue();
        stack.dropQueuedWork();
    }

    private String signUp(String name, Role role, List<String> interests) {
        return stack.member(service, name, role, topic, interests);
    }

    private Profile profile(String id, Role role, List<String> interests) {
        return DirectMatching.profile(id, role, topic, interests);
    }

    private List<StoredSuggestion> listOf(String mentee) {
        return stack.listOf(mentee, Role.MENTEE);
    }
}
