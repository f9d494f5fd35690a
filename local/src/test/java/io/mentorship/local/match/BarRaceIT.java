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
import io.mentorship.store.TableLayout;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A member's bar in the index (where their stored list stands, which decides whose changes are sent to it) stays
 * the bar of the list as stored, under concurrent writers, on the emulators. The race staged here: a member's own
 * match writes their list, and before it writes its index entries (with that list's bar), another instance patches
 * the list and lowers the bar in the index. The match's entries must not put the older, higher bar back: a newcomer
 * who scores between the two would then never be sent to the list.
 */
class BarRaceIT {
    private final DirectMatching stack = new DirectMatching();
    private final String topic = Profiles.uniqueId("bar");
    /** Lists of two: the bar is the second entry. */
    private final MatchService.Limits limits = new MatchService.Limits(2, 0, 100, 5, 25, 50);
    private final MatchService service = stack.service(limits);
    /** A step run once, right before the racing instance's first request of the kind a test names. */
    private final AtomicReference<Runnable> beforeEntries = new AtomicReference<>();

    @Test
    void aBarLoweredWhileAMatchRunsIsNotRaisedAgainByIt() {
        Members m = members();
        String best = m.best();
        String second = m.second();
        String mentee = m.mentee();

        // The mentee's own match (a change that leaves their scores as they were), and in it, right before it
        // writes their index entries, bo drops two interests: another instance runs bo's change and the patches it
        // queues, which lower the mentee's bar to bo's new score.
        MatchService racing = racingBefore(request -> putsIndexEntryOf(request, mentee));
        beforeEntries.set(() -> {
            ProfileChanged change = stack.replace(second, profile(second, Role.MENTOR, List.of("a")));
            service.onProfileChanged(change);
            stack.runQueuedWork(service, null);
            assertThat(listOf(mentee)).extracting(StoredSuggestion::userId).as("bo still second, lower")
                    .containsExactly(best, second);
        });
        racing.onProfileChanged(stack.replace(mentee, profile(mentee, Role.MENTEE, List.of("a", "b", "c", "d",
                "e"))));
        assertThat(beforeEntries.get()).as("the race was staged").isNull();
        stack.runQueuedWork(service, null);

        // A newcomer who scores above bo's new score, below the old: the mentee's list must take them.
        String newcomer = signUp("dee", Role.MENTOR, List.of("a", "b"));
        stack.runQueuedWork(service, null);

        stack.assertListIsRecomputedList(service, mentee, Role.MENTEE, best, newcomer);
    }

    /**
     * Two patches lower the same list's bar, one after the other, and put their bars in the other order: the later
     * list's bar must stay. Staged: bo's score for the mentee drops twice; the patch of the first drop puts its bar
     * only after the second drop's patch has put its own.
     */
    @Test
    void ofTwoBarsPutOutOfOrderTheLaterListsStays() {
        Members m = members();
        String best = m.best();
        String second = m.second();
        String mentee = m.mentee();

        MatchService racing = racingBefore(request -> request instanceof UpdateItemRequest update
                && TableLayout.INDEX.in(update.key().get(TableLayout.PK).s())
                && mentee.equals(update.key().get(TableLayout.SK).s()));
        beforeEntries.set(() -> {
            service.onProfileChanged(stack.replace(second, profile(second, Role.MENTOR, List.of("a"))));
            stack.runQueuedWork(service, null);
        });
        racing.onProfileChanged(stack.replace(second, profile(second, Role.MENTOR, List.of("a", "b"))));
        stack.runQueuedWork(racing, null);
        assertThat(beforeEntries.get()).as("the race was staged").isNull();
        assertThat(listOf(mentee)).extracting(StoredSuggestion::userId).containsExactly(best, second);

        // A newcomer who scores as bo did in between (and ranks after bo at an equal score): the list must take them.
        String newcomer = signUp("zed", Role.MENTOR, List.of("a", "b"));
        stack.runQueuedWork(service, null);

        stack.assertListIsRecomputedList(service, mentee, Role.MENTEE, best, newcomer);
    }

    /** An instance of the match function that runs the step {@link #beforeEntries} holds before a request. */
    private MatchService racingBefore(java.util.function.Predicate<DynamoDbRequest> request) {
        return stack.service(new ObservedDynamo(stack.runtime().dynamo(),
                ObservedDynamo.stepBefore(request, beforeEntries)), limits);
    }

    /** The members both races start from: a mentee whose list of two holds ana, then bo, with cy just below. */
    private record Members(String best, String second, String mentee) {
    }

    private Members members() {
        String best = signUp("ana", Role.MENTOR, List.of("a", "b", "c", "d"));
        String second = signUp("bo", Role.MENTOR, List.of("a", "b", "c"));
        signUp("cy", Role.MENTOR, List.of());
        String mentee = signUp("mia", Role.MENTEE, List.of("a", "b", "c", "d"));
        stack.runQueuedWork(service, null);
        assertThat(listOf(mentee)).extracting(StoredSuggestion::userId).containsExactly(best, second);
        return new Members(best, second, mentee);
    }

    private static boolean putsIndexEntryOf(DynamoDbRequest request, String userId) {
        return request instanceof BatchWriteItemRequest batch && batch.requestItems().values().stream()
                .flatMap(List::stream)
                .anyMatch(w -> w.putRequest() != null
                        && TableLayout.INDEX.in(w.putRequest().item().get(TableLayout.PK).s())
                        && userId.equals(w.putRequest().item().get(TableLayout.SK).s()));
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
