package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.events.MatchWork.FriendsChanged;
import io.mentorship.events.MatchWork.Patch;
import io.mentorship.events.MatchWork.Recompute;
import io.mentorship.events.MatchWork.ViewersOf;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.events.ProfileChanged;
import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.json.Json;
import io.mentorship.local.LocalRuntime;
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
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fan-out skips members a newcomer could not enter, judged by where each member's list stands (its bar). After a
 * guidelines publication those bars describe lists whose entries are now hidden, so the first mentor to acknowledge
 * again must still reach mentees whose old lists were full of stronger mentors (here without the global recompute
 * that a publication through the API also starts).
 */
class FanOutAfterPublicationIT {
    private final LocalRuntime runtime = TestStack.isolated();
    private final String table = runtime.stack().resource("MentorshipTable").ref();
    private final String topic = Profiles.uniqueId("fanout");
    private final ProfileRepository profiles = new ProfileRepository(runtime.dynamo(), table);
    private final GuidelinesRepository guidelines = new GuidelinesRepository(runtime.dynamo(), table);
    private final MatchService service = MatchHandler.service(runtime.dynamo(), table,
            new ProfileChangePublisher(runtime.sqs(), Queues.url(runtime, "ProfileChangesQueue")),
            new MatchService.Limits(2, 1, 100, 5, 25, 50));

    @Test
    void aReacknowledgingMentorReachesMenteesWhoseListsWereFullBeforeThePublication() {
        String strong1 = member("strong1", Role.MENTOR, true);
        String strong2 = member("strong2", Role.MENTOR, true);
        String weak = member("weak", Role.MENTOR, false);
        String mentee = member("mentee", Role.MENTEE, true);
        assertThat(listOf(mentee)).containsExactly(strong1, strong2);
        drainWork();

        guidelines.publish(Role.MENTOR, "Mentor guidelines", List.of("Be kind."), "admin", Instant.now());
        guidelines.acknowledge(weak, Role.MENTOR, guidelines.current(Role.MENTOR).version(), now());
        service.onProfileChanged(ProfileChanged.of(weak, ProfileChanged.Change.ACKNOWLEDGED, 1, now()));
        runQueuedWork();

        assertThat(listOf(mentee)).containsExactly(weak);
    }

    private String member(String name, Role role, boolean strong) {
        String id = Profiles.uniqueId(name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", name);
        body.put(role.toString(), role == Role.MENTOR ? Map.of("topics", List.of(topic), "capacity", 3)
                : Map.of("topics", List.of(topic)));
        body.put("languages", List.of("en"));
        if (strong || role == Role.MENTEE) {
            body.put("interests", List.of("jazz", "chess", "go"));
            body.put("location", Map.of("city", "Porto", "country", "PT"));
            body.put("education", List.of(Map.of("school", "FEUP", "field", "Informatics")));
            body.put("profession", Map.of("industry", "Tech", "field", "Backend", "employer", "Acme",
                    "yearsExperience", role == Role.MENTOR ? 10 : 2));
        }
        Profile profile = ProfileValidator.validate(Json.mapper().convertValue(body, Profile.class))
                .stamped(id, 1, now(), now());
        profiles.create(profile);
        guidelines.acknowledge(id, role, guidelines.current(role).version(), now());
        service.onProfileChanged(ProfileChanged.of(id, ProfileChanged.Change.CREATED, 1, now()));
        return id;
    }

    /** Runs the work the service queued, as the match function would, until none is left. */
    private void runQueuedWork() {
        for (int round = 0; round < 10; round++) {
            List<JsonNode> work = Queues.take(runtime, "ProfileChangesQueue", m -> true, 100, Duration.ofSeconds(2));
            if (work.isEmpty()) {
                return;
            }
            for (JsonNode message : work) {
                switch (message.path("type").asText()) {
                    case Patch.TYPE -> service.onPatches(List.of(Json.mapper().convertValue(message, Patch.class)));
                    case Recompute.TYPE -> service.onRecompute(Json.mapper().convertValue(message, Recompute.class));
                    case ViewersOf.TYPE -> service.onViewersOf(Json.mapper().convertValue(message, ViewersOf.class));
                    case FriendsChanged.TYPE -> service.onFriendsChanged(Json.mapper().convertValue(message,
                            FriendsChanged.class));
                    default -> {
                        // A ProfileChanged follow-up: this test already ran each change itself.
                    }
                }
            }
        }
    }

    private void drainWork() {
        Queues.take(runtime, "ProfileChangesQueue", m -> true, 1000, Duration.ofSeconds(2));
    }

    private List<String> listOf(String mentee) {
        return new SuggestionRepository(runtime.dynamo(), table).find(mentee, Role.MENTEE).orElseThrow()
                .suggestions().stream().limit(2).map(StoredSuggestion::userId).toList();
    }

    private static Instant now() {
        return Instant.now();
    }
}
