package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.events.MatchWork.Recompute;
import io.mentorship.events.MatchWork.ViewersOf;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two computations at once, as concurrent match functions run on AWS: a mentee's list is recomputed from a read of
 * the mentors' cards, and right after that read (before the list is written) a mentor's card improves. The mentor's
 * fan-out judges the mentee by the bar still in the index and skips them; the recomputed list, written after, rests
 * on the mentor's old card. The change log must bring the list back to exact.
 */
class ConcurrentChangeIT {
    private final DirectMatching stack = new DirectMatching();
    private final String topic = Profiles.uniqueId("race");
    private final MatchService.Limits limits = new MatchService.Limits(1, 0, 100, 5, 25, 50);
    private final MatchService service = stack.service(limits);
    private final AtomicReference<Runnable> afterCardsRead = new AtomicReference<>();
    /** A match whose first read of a mentor partition is followed by a step (the reply is the earlier read). */
    private final MatchService racing = stack.service(new ObservedDynamo(stack.runtime().dynamo(),
            ObservedDynamo.stepAfterQuery(TableLayout.indexPartitionsOf(Role.MENTOR), afterCardsRead)), limits);

    @Test
    void aCardChangedWhileAListIsRecomputedFromOlderCardsStillReachesTheList() {
        String mentee = member("mia", Role.MENTEE, 3, true);
        String strong = member("ana", Role.MENTOR, 3, true);
        String weak = member("rui", Role.MENTOR, 0, false);
        runQueuedWork(service);
        // A full computation leaves the tightest bar in the index (patches only ever raise it lazily).
        service.onRecompute(Recompute.of(List.of(mentee), null));
        runQueuedWork(service);
        assertThat(listOf(mentee)).extracting(StoredSuggestion::userId).containsExactly(strong);

        // The strong mentor stops taking mentees: the mentee's one-entry list loses its entry and is recomputed.
        replace(strong, Role.MENTOR, 3, true, false);
        service.onProfileChanged(ProfileChanged.of(strong, ProfileChanged.Change.UPDATED, 2, now()));
        runQueuedWork(service, ViewersOf.TYPE);
        // While that recomputation has read the cards but not yet written, the weak mentor gains interests.
        afterCardsRead.set(() -> {
            replace(weak, Role.MENTOR, 2, false, true);
            service.onProfileChanged(ProfileChanged.of(weak, ProfileChanged.Change.UPDATED, 2, now()));
            // All the work that change queued runs now too, as another function instance would.
            runQueuedWork(service);
        });
        runQueuedWork(racing, null);
        assertThat(afterCardsRead.get()).as("the race was staged").isNull();
        runQueuedWork(service);

        List<StoredSuggestion> patched = listOf(mentee);
        service.onRecompute(Recompute.of(List.of(mentee), null));
        List<StoredSuggestion> exact = listOf(mentee);
        assertThat(exact).extracting(StoredSuggestion::userId).containsExactly(weak);
        assertThat(patched).extracting(StoredSuggestion::userId, StoredSuggestion::exactScore)
                .containsExactlyElementsOf(exact.stream()
                        .map(s -> org.assertj.core.groups.Tuple.tuple(s.userId(), s.exactScore())).toList());
    }

    private String member(String name, Role role, int interests, boolean strong) {
        String id = Profiles.uniqueId(name);
        stack.signUp(service, id, role, profile(id, role, interests, strong, true));
        return id;
    }

    private void replace(String id, Role role, int interests, boolean strong, boolean accepting) {
        stack.replace(id, profile(id, role, interests, strong, accepting));
    }

    private Profile profile(String id, Role role, int interests, boolean strong, boolean accepting) {
        Map<String, Object> body = DirectMatching.body(id, role, topic, accepting,
                List.of("jazz", "chess", "go").subList(0, interests));
        if (strong) {
            body.put("location", Map.of("city", "Porto", "country", "PT"));
            body.put("education", List.of(Map.of("school", "FEUP", "field", "Informatics")));
            body.put("profession", Map.of("industry", "Tech", "field", "Backend", "employer", "Acme",
                    "yearsExperience", role == Role.MENTOR ? 10 : 2));
        }
        return DirectMatching.profile(body);
    }

    private void runQueuedWork(MatchService on, String type) {
        stack.runQueuedWork(on, type);
    }

    private void runQueuedWork(MatchService on) {
        stack.runQueuedWork(on, null);
    }

    private List<StoredSuggestion> listOf(String mentee) {
        return stack.listOf(mentee, Role.MENTEE);
    }

    private static Instant now() {
        return Instant.now();
    }
}
