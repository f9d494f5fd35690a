package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.events.ProfileChanged;
import io.mentorship.local.testing.DirectMatching;
import io.mentorship.local.testing.ObservedDynamo;
import io.mentorship.local.testing.Profiles;
import io.mentorship.match.MatchService;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import io.mentorship.store.BlockRepository;
import io.mentorship.store.TableLayout;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * A stored list says what it was computed from besides its candidates' cards: the viewer's card and exclusions. A
 * patch of a list whose viewer is still listed with that card judges its sources by those, without reading the
 * viewer; a change to the viewer since then is followed by the viewer's own match, which recomputes the list.
 */
class PatchBasisIT {
    private final DirectMatching stack = new DirectMatching();
    private final String topic = Profiles.uniqueId("basis");
    private final MatchService.Limits limits = new MatchService.Limits(2, 0, 100, 5, 25, 50);
    private final MatchService service = stack.service(limits);
    private final BlockRepository blocks = new BlockRepository(stack.runtime().dynamo(), stack.table());

    @Test
    void aPatchJudgesItsSourcesByTheExclusionsTheListWasComputedWithAndDoesNotReadTheViewer() {
        String other = member("olga", Role.MENTOR, true);
        String source = member("sam", Role.MENTOR, false);
        String viewer = member("vic", Role.MENTEE, true);
        stack.runQueuedWork(service, null);
        assertThat(listOf(viewer)).extracting(StoredSuggestion::userId).as("sam takes no mentees yet")
                .containsExactly(other);
        // Vic blocks Sam, and both are matched again (as the safety function asks): the list now rests on it.
        blocks.block(viewer, source, Instant.now());
        service.onProfileChanged(ProfileChanged.of(viewer, ProfileChanged.Change.UPDATED, 0, Instant.now()));
        service.onProfileChanged(ProfileChanged.of(source, ProfileChanged.Change.UPDATED, 0, Instant.now()));
        stack.runQueuedWork(service, null);

        // Sam starts taking mentees: the fan-out cannot know of the block, so it reaches Vic's list.
        service.onProfileChanged(stack.replace(source, profile(source, Role.MENTOR, true)));
        AtomicInteger viewerReads = new AtomicInteger();
        ObservedDynamo.Observer countViewerReads = new ObservedDynamo.Observer() {
            @Override
            public void before(DynamoDbRequest request) {
                if (request instanceof QueryRequest query && query.expressionAttributeValues().containsKey(":pk")
                        && TableLayout.user(viewer).equals(query.expressionAttributeValues().get(":pk").s())) {
                    viewerReads.incrementAndGet();
                }
            }
        };
        MatchService observed = stack.service(new ObservedDynamo(stack.runtime().dynamo(), countViewerReads), limits);
        stack.runQueuedWork(observed, "Patch");

        assertThat(listOf(viewer)).extracting(StoredSuggestion::userId).as("the block the list was computed with")
                .containsExactly(other);
        assertThat(viewerReads).as("the patch judged by the list's basis, without reading the viewer").hasValue(0);
        stack.runQueuedWork(service, null);
        stack.assertListIsRecomputedList(service, viewer, Role.MENTEE, other);
    }

    @Test
    void aViewerChangedAfterTheirListWasComputedHasTheirOwnMatchRecomputeItOverAnyPatch() {
        String other = member("olga", Role.MENTOR, true);
        String source = member("sam", Role.MENTOR, false);
        String viewer = member("vic", Role.MENTEE, true);
        stack.runQueuedWork(service, null);

        // Sam starts taking mentees and Vic blocks Sam, both written; Vic's own match has not run yet.
        ProfileChanged sam = stack.replace(source, profile(source, Role.MENTOR, true));
        blocks.block(viewer, source, Instant.now());
        ProfileChanged vic = ProfileChanged.of(viewer, ProfileChanged.Change.UPDATED, 0, Instant.now());

        // Sam's match patches Vic's list by what the list was computed from, which knew of no block.
        service.onProfileChanged(sam);
        stack.runQueuedWork(service, null);
        assertThat(listOf(viewer)).extracting(StoredSuggestion::userId).as("patched before Vic's match ran")
                .contains(source);

        service.onProfileChanged(vic);
        stack.runQueuedWork(service, null);
        assertThat(listOf(viewer)).extracting(StoredSuggestion::userId).as("Vic's match, over the patch")
                .containsExactly(other);
        stack.assertListIsRecomputedList(service, viewer, Role.MENTEE, other);
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
