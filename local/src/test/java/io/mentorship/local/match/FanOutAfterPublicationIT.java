package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.events.ProfileChanged;
import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.local.testing.DirectMatching;
import io.mentorship.local.testing.Profiles;
import io.mentorship.match.MatchService;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Role;
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
    private final DirectMatching stack = new DirectMatching();
    private final String topic = Profiles.uniqueId("fanout");
    private final GuidelinesRepository guidelines = stack.guidelines();
    private final MatchService service = stack.service(new MatchService.Limits(2, 1, 100, 5, 25, 50));

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
        stack.signUp(service, id, role, DirectMatching.profile(body));
        return id;
    }

    private void runQueuedWork() {
        stack.runQueuedWork(service, null);
    }

    private void drainWork() {
        stack.dropQueuedWork();
    }

    private List<String> listOf(String mentee) {
        return stack.listOf(mentee, Role.MENTEE).stream().limit(2).map(StoredSuggestion::userId).toList();
    }

    private static Instant now() {
        return Instant.now();
    }
}
