package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.events.MatchWork.Recompute;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.events.ProfileChanged;
import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.json.Json;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.ObservedDynamo;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.Queues;
import io.mentorship.local.testing.TestStack;
import io.mentorship.match.MatchHandler;
import io.mentorship.match.MatchService;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Profile;
import io.mentorship.profile.ProfileValidator;
import io.mentorship.profile.Role;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.SuggestionRepository;
import io.mentorship.store.TableLayout;
import java.time.Duration;
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
    private final LocalRuntime runtime = TestStack.isolated();
    private final String table = runtime.stack().resource("MentorshipTable").ref();
    private final String topic = Profiles.uniqueId("burst");
    private final ProfileRepository profiles = new ProfileRepository(runtime.dynamo(), table);
    private final GuidelinesRepository guidelines = new GuidelinesRepository(runtime.dynamo(), table);
    private final SuggestionRepository suggestions = new SuggestionRepository(runtime.dynamo(), table);
    private final ProfileChangePublisher work = new ProfileChangePublisher(runtime.sqs(),
            Queues.url(runtime, "ProfileChangesQueue"));
    private final AtomicInteger computations = new AtomicInteger();
    private final MatchService service = MatchHandler.service(runtime.dynamo(), table, work,
            MatchService.Limits.DEFAULT).onComputation(c -> computations.incrementAndGet());

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
        MatchService slow = MatchHandler.service(new ObservedDynamo(runtime.dynamo(),
                ObservedDynamo.stepAfterQuery(TableLayout.user(mentee), afterRead)), table, work,
                MatchService.Limits.DEFAULT);
        assertThat(slow.onProfileChanged(first, Instant.now())).isTrue();
        assertThat(afterRead.get()).as("the overlap was staged").isNull();
        assertThat(ids(listOf(mentee))).as("the earlier read, written last").containsExactly(jazz, chess);

        List<ProfileChanged> again = Queues.take(runtime, "ProfileChangesQueue",
                        m -> ProfileChanged.TYPE.equals(m.path("type").asText())
                                && mentee.equals(m.path("userId").asText()), 1, Duration.ofSeconds(5)).stream()
                .map(m -> Json.mapper().convertValue(m, ProfileChanged.class)).toList();
        assertThat(again).as("the member is matched again").hasSize(1);
        assertThat(service.onProfileChanged(again.getFirst(), Instant.now())).isTrue();
        assertThat(ids(listOf(mentee))).containsExactly(chess, jazz);
        drain();
    }

    private String member(String name, Role role, List<String> interests) {
        String id = Profiles.uniqueId(name);
        Instant now = Instant.now();
        profiles.create(profile(id, role, interests).stamped(id, 1, now, now));
        guidelines.acknowledge(id, role, guidelines.current(role).version(), now);
        service.onProfileChanged(ProfileChanged.of(id, ProfileChanged.Change.CREATED, 1, now));
        drain();
        return id;
    }

    private ProfileChanged edit(String id, List<String> interests) {
        Profile current = profiles.find(id).orElseThrow();
        Instant now = Instant.now();
        profiles.replace(profile(id, Role.MENTEE, interests).stamped(id, current.version() + 1,
                current.createdAt(), now), current.version());
        return ProfileChanged.of(id, ProfileChanged.Change.UPDATED, current.version() + 1, now);
    }

    private Profile profile(String id, Role role, List<String> interests) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", id);
        body.put(role.toString(), role == Role.MENTOR
                ? Map.of("topics", List.of(topic), "capacity", 3, "accepting", true)
                : Map.of("topics", List.of(topic)));
        body.put("languages", List.of("en"));
        body.put("interests", interests);
        return ProfileValidator.validate(Json.mapper().convertValue(body, Profile.class));
    }

    /** This test runs each change itself: the work the matches queued (patches of the mentors' lists) is dropped. */
    private void drain() {
        Queues.take(runtime, "ProfileChangesQueue", m -> true, 100, Duration.ofMillis(300));
    }

    private List<StoredSuggestion> listOf(String mentee) {
        return suggestions.find(mentee, Role.MENTEE).orElseThrow().suggestions();
    }

    private static List<String> ids(List<StoredSuggestion> list) {
        return list.stream().map(StoredSuggestion::userId).toList();
    }
}
