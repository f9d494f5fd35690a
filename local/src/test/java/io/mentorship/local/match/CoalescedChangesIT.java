package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A burst of changes to one member costs one match: a change whose message the queue accepted before a finished
 * match began reading was seen by that match, so its own message (and its follow-up copy) is skipped. A change
 * written after that match began is matched again. Lists stay exact throughout.
 */
class CoalescedChangesIT {
    private final DirectMatching stack = new DirectMatching();
    private final String topic = Profiles.uniqueId("burst");
    private final AtomicInteger computations = new AtomicInteger();
    private final MatchService service = stack.service(MatchService.Limits.DEFAULT)
            .onComputation(c -> computations.incrementAndGet());

    @Test
    void changesWrittenBeforeAFinishedMatchReadAreSkippedAndLaterOnesAreNot() throws InterruptedException {
        String jazz = member("jazz", Role.MENTOR, List.of("jazz"));
        String chess = member("chess", Role.MENTOR, List.of("chess"));
        String mentee = member("mia", Role.MENTEE, List.of());

        // Two edits in a burst, each announced after it is written (as the API does): first jazz, then chess.
        ProfileChanged first = edit(mentee, List.of("jazz"));
        Instant firstSent = Instant.now();
        ProfileChanged second = edit(mentee, List.of("chess", "go"));
        Instant secondSent = Instant.now();
        Thread.sleep(1_500); // past the clock margin, as a queue's messages wait for a consumer

        computations.set(0);
        assertThat(service.onProfileChanged(first, firstSent)).as("the first message is matched").isTrue();
        int perMatch = computations.get();
        assertThat(perMatch).isPositive();
        assertThat(ids(listOf(mentee))).as("the first match already read the second edit")
                .containsExactly(chess, jazz);

        assertThat(service.onProfileChanged(second, secondSent)).as("the second message is skipped").isFalse();
        assertThat(service.onProfileChanged(second.asFollowUp(), secondSent.plusSeconds(90)))
                .as("and so is its follow-up copy").isFalse();
        assertThat(computations.get()).isEqualTo(perMatch);

        // An edit written after that match began reading is matched again.
        ProfileChanged third = edit(mentee, List.of("jazz", "go"));
        Instant thirdSent = Instant.now();
        assertThat(service.onProfileChanged(third, thirdSent)).isTrue();
        assertThat(computations.get()).isGreaterThan(perMatch);
        assertThat(ids(listOf(mentee))).containsExactly(jazz, chess);

        // The lists the skipped messages would have written are the ones a full computation writes now.
        List<StoredSuggestion> kept = listOf(mentee);
        service.onRecompute(Recompute.of(List.of(mentee), null));
        assertThat(listOf(mentee)).extracting(StoredSuggestion::userId, StoredSuggestion::exactScore)
                .containsExactlyElementsOf(kept.stream()
                        .map(s -> org.assertj.core.groups.Tuple.tuple(s.userId(), s.exactScore())).toList());
        drain();
    }

    @Test
    void whenTwoMatchesOfAMemberOverlapTheOneThatReadEarlierAndWroteLastHasTheMemberMatchedAgain() {
        String jazz = member("jazz", Role.MENTOR, List.of("jazz"));
        String chess = member("chess", Role.MENTOR, List.of("chess"));
        String mentee = member("mia", Role.MENTEE, List.of());
        ProfileChanged first = edit(mentee, List.of("jazz"));
        AtomicReference<Runnable> afterRead = new AtomicReference<>(() -> {
            // While the first match holds what it read, the member changes again and that change is matched.
            ProfileChanged second = edit(mentee, List.of("chess", "go"));
            assertThat(service.onProfileChanged(second, Instant.now())).isTrue();
            assertThat(ids(listOf(mentee))).containsExactly(chess, jazz);
        });
        MatchService slow = stack.service(new ObservedDynamo(stack.runtime().dynamo(),
                ObservedDynamo.stepAfterQuery(TableLayout.user(mentee), afterRead)), MatchService.Limits.DEFAULT);
        assertThat(slow.onProfileChanged(first, Instant.now())).isTrue();
        assertThat(afterRead.get()).as("the overlap was staged").isNull();
        assertThat(ids(listOf(mentee))).as("the earlier read, written last").containsExactly(jazz, chess);

        List<ProfileChanged> again = stack.takeProfileChanges(mentee, 1);
        assertThat(again).as("the member is matched again").hasSize(1);
        assertThat(service.onProfileChanged(again.getFirst(), Instant.now())).isTrue();
        assertThat(ids(listOf(mentee))).containsExactly(chess, jazz);
        drain();
    }

    private String member(String name, Role role, List<String> interests) {
        String id = Profiles.uniqueId(name);
        stack.signUp(service, id, role, profile(id, role, interests));
        drain();
        return id;
    }

    private ProfileChanged edit(String id, List<String> interests) {
        return stack.replace(id, profile(id, Role.MENTEE, interests));
    }

    private Profile profile(String id, Role role, List<String> interests) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", id);
        body.put(role.toString(), role == Role.MENTOR
                ? Map.of("topics", List.of(topic), "capacity", 3, "accepting", true)
                : Map.of("topics", List.of(topic)));
        body.put("languages", List.of("en"));
        body.put("interests", interests);
        return DirectMatching.profile(body);
    }

    /** This test runs each change itself: the work the matches queued (patches of the mentors' lists) is dropped. */
    private void drain() {
        stack.dropQueuedWork();
    }

    private List<StoredSuggestion> listOf(String mentee) {
        return stack.listOf(mentee, Role.MENTEE);
    }

    private static List<String> ids(List<StoredSuggestion> list) {
        return list.stream().map(StoredSuggestion::userId).toList();
    }
}
