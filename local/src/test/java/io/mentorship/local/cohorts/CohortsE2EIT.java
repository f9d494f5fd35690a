package io.mentorship.local.cohorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.Api;
import io.mentorship.local.testing.Members;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A cohort end to end over HTTP: an admin opens it, a few dozen members join, the assignment runs on the cohort
 * queue, the admin reviews it (pairs with score and points in common, the greedy outcome beside it) and publishes
 * it; both sides of every pair find the introduction in their inbox; a declined pair frees the mentor's place for
 * the next run.
 */
class CohortsE2EIT {
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final String[] CITIES = {"Porto", "Lisbon", "Braga"};
    private static final String[] INTERESTS = {"chess", "jazz", "running", "cooking", "climbing"};

    private final LocalRuntime runtime = TestStack.serving();
    private final Members members = new Members(runtime);
    private final Api admin = Api.asAdmin(runtime, "admin-cohorts");
    private final String topic = Profiles.uniqueId("cohort topic");

    private String member(String name, String role, int i, int capacity) {
        Map<String, Object> body = Members.person(name,
                role.equals("mentee") ? Map.of("topics", List.of(topic)) : null,
                role.equals("mentor") ? Members.mentor(List.of(topic), capacity) : null, List.of("en"),
                List.of(INTERESTS[i % INTERESTS.length], INTERESTS[(i * 3 + 1) % INTERESTS.length]));
        body = new LinkedHashMap<>(body);
        body.put("location", Map.of("city", CITIES[i % CITIES.length], "country", "PT"));
        String userId = Profiles.uniqueId(name);
        members.signUp(userId, body);
        members.acknowledge(userId, role);
        return userId;
    }

    private String openCohort(Instant closesAt) {
        Api.Response created = admin.post("/admin/cohorts", Map.of("name", "Spring cohort", "topics", List.of(topic),
                "closesAt", closesAt.toString()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private void join(String cohortId, String userId, String role) {
        Api.Response joined = members.as(userId).post("/cohorts/" + cohortId + "/members/" + userId,
                Map.of("role", role));
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
    }

    private JsonNode awaitState(String cohortId, String runId, String state) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(300)).until(() -> {
            Api.Response read = admin.get("/admin/cohorts/" + cohortId + "/assignment");
            last[0] = read.json();
            return read.status() == 200 && last[0].path("runId").asText().equals(runId)
                    && last[0].path("state").asText().equals(state);
        });
        return last[0];
    }

    private JsonNode awaitIntroduction(String userId, String introductionId) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(300)).until(() -> {
            for (JsonNode item : members.as(userId).get("/users/" + userId + "/inbox").json().path("items")) {
                if (item.path("type").asText().equals("IntroductionRequested")
                        && item.path("introductionId").asText().equals(introductionId)) {
                    found[0] = item;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    @Test
    void adminRunsReviewsAndPublishesAnOptimalAssignment() {
        String cohortId = openCohort(Instant.now().plus(Duration.ofHours(1)));
        Map<String, Integer> capacity = new HashMap<>();
        List<String> mentees = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String mentor = member("Mentor" + i, "mentor", i, 1 + i % 3);
            capacity.put(mentor, 1 + i % 3);
            join(cohortId, mentor, "mentor");
        }
        for (int i = 0; i < 24; i++) {
            String mentee = member("Mentee" + i, "mentee", i + 1, 0);
            mentees.add(mentee);
            join(cohortId, mentee, "mentee");
        }
        int places = capacity.values().stream().mapToInt(Integer::intValue).sum();
        JsonNode described = admin.get("/admin/cohorts/" + cohortId).json();
        assertThat(described.path("mentees").asInt()).isEqualTo(24);
        assertThat(described.path("mentors").asInt()).isEqualTo(8);
        JsonNode own = members.as(mentees.get(0)).get("/users/" + mentees.get(0) + "/cohorts").json();
        assertThat(own.path("items").get(0).path("cohortId").asText()).isEqualTo(cohortId);
        assertThat(own.path("items").get(0).path("role").asText()).isEqualTo("mentee");

        Api.Response started = admin.post("/admin/cohorts/" + cohortId + "/assignment", Map.of());
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String runId = started.json().path("runId").asText();
        JsonNode proposed = awaitState(cohortId, runId, "proposed");

        // Everyone can meet everyone here, so the optimum fills every place; greedy cannot do better.
        JsonNode summary = proposed.path("summary");
        assertThat(summary.path("optimal").path("matched").asInt()).isEqualTo(Math.min(24, places));
        assertThat(summary.path("greedy").path("matched").asInt())
                .isLessThanOrEqualTo(summary.path("optimal").path("matched").asInt());
        assertThat(summary.path("optimal").path("totalScore").asLong())
                .isGreaterThanOrEqualTo(summary.path("greedy").path("totalScore").asLong());
        JsonNode pairs = proposed.path("pairs");
        assertThat(pairs.size()).isEqualTo(Math.min(24, places));
        Set<String> paired = new HashSet<>();
        Map<String, Integer> taken = new HashMap<>();
        for (JsonNode pair : pairs) {
            assertThat(paired.add(pair.path("menteeId").asText())).isTrue();
            taken.merge(pair.path("mentorId").asText(), 1, Integer::sum);
            assertThat(pair.path("score").asInt()).isBetween(1, 100);
            assertThat(pair.path("menteeName").asText()).startsWith("Mentee");
            List<String> kinds = new ArrayList<>();
            pair.path("commonalities").forEach(c -> kinds.add(c.path("type").asText()));
            assertThat(kinds).as(pair.toString()).contains("TOPICS");
        }
        taken.forEach((mentor, count) -> assertThat(count).isLessThanOrEqualTo(capacity.get(mentor)));

        Api.Response publish = admin.post("/admin/cohorts/" + cohortId + "/assignment/publish", Map.of());
        assertThat(publish.status()).as(publish.body()).isEqualTo(202);
        JsonNode published = awaitState(cohortId, runId, "published");
        assertThat(published.path("introduced").asInt()).isEqualTo(pairs.size());
        JsonNode first = published.path("pairs").get(0);
        String introductionId = first.path("introductionId").asText();
        assertThat(first.path("outcome").asText()).isEqualTo("introduced");
        // Both sides of every pair find its introduction in their inbox.
        for (JsonNode pair : published.path("pairs")) {
            String id = pair.path("introductionId").asText();
            JsonNode toMentor = awaitIntroduction(pair.path("mentorId").asText(), id);
            awaitIntroduction(pair.path("menteeId").asText(), id);
            assertThat(toMentor.path("summary").asText()).contains("Spring cohort");
        }

        // Publishing again makes no second introduction.
        assertThat(admin.post("/admin/cohorts/" + cohortId + "/assignment/publish", Map.of()).errorCode())
                .isEqualTo("NOT_PROPOSED");

        // The mentor declines: the mentee is free again and so is the mentor's place.
        String mentor = first.path("mentorId").asText();
        String mentee = first.path("menteeId").asText();
        Api.Response declined = members.as(mentor).post("/introductions/" + introductionId + "/decline",
                Map.of("reason", "not the right time"));
        assertThat(declined.status()).as(declined.body()).isEqualTo(200);
        String rerun = admin.post("/admin/cohorts/" + cohortId + "/assignment", Map.of()).json().path("runId")
                .asText();
        JsonNode second = awaitState(cohortId, rerun, "proposed");
        assertThat(second.path("summary").path("alreadyServed").asInt()).isEqualTo(pairs.size() - 1);
        Set<String> secondMentees = new HashSet<>();
        for (JsonNode pair : second.path("pairs")) {
            secondMentees.add(pair.path("menteeId").asText());
            assertThat(pair.path("menteeId").asText() + pair.path("mentorId").asText())
                    .as("a declined pair is not proposed again").isNotEqualTo(mentee + mentor);
        }
        Set<String> waiting = new HashSet<>(mentees);
        waiting.removeAll(paired);
        waiting.add(mentee);
        assertThat(waiting).containsAll(secondMentees);
        // The freed place goes to one of those still waiting.
        assertThat(second.path("summary").path("optimal").path("matched").asInt()).isEqualTo(1);
    }

    @Test
    void badInputOtherPeoplesIdsAndClosedCohortsAreRefusedAndChangeNothing() {
        Api member = members.as("cohort-outsider");
        assertThat(member.post("/admin/cohorts", Map.of("name", "x", "topics", List.of(topic),
                "closesAt", Instant.now().plusSeconds(3600).toString())).status()).isEqualTo(403);
        Api.Response noTopics = admin.post("/admin/cohorts", Map.of("name", "x", "topics", List.of(),
                "closesAt", Instant.now().plusSeconds(3600).toString()));
        assertThat(noTopics.status()).isEqualTo(400);
        assertThat(noTopics.errorField()).isEqualTo("topics");
        Api.Response past = admin.post("/admin/cohorts", Map.of("name", "x", "topics", List.of(topic),
                "closesAt", "2020-01-01T00:00:00Z"));
        assertThat(past.errorField()).isEqualTo("closesAt");

        String mentee = member("Mina", "mentee", 0, 0);
        String other = member("Omar", "mentee", 1, 0);
        String offTopic = members.ready("Otto", "mentor", Profiles.uniqueId("another topic"));
        String cohortId = openCohort(Instant.now().plusSeconds(4));
        assertThat(members.as(mentee).post("/cohorts/" + cohortId + "/members/" + other, Map.of("role", "mentee"))
                .status()).as("joining someone else").isEqualTo(403);
        Api.Response badRole = members.as(mentee).post("/cohorts/" + cohortId + "/members/" + mentee,
                Map.of("role", "guru"));
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(members.as(mentee).post("/cohorts/" + cohortId + "/members/" + mentee, Map.of("role", "mentor"))
                .errorCode()).isEqualTo("NO_ROLE");
        assertThat(members.as(offTopic).post("/cohorts/" + cohortId + "/members/" + offTopic,
                Map.of("role", "mentor")).errorCode()).isEqualTo("NO_COHORT_TOPIC");
        assertThat(members.as(mentee).post("/cohorts/00000000-0000-0000-0000-000000000000/members/" + mentee,
                Map.of("role", "mentee")).status()).isEqualTo(404);
        assertThat(members.as(mentee).delete("/cohorts/" + cohortId + "/members/" + mentee).status())
                .as("leaving a cohort one is not in").isEqualTo(404);
        assertThat(admin.post("/admin/cohorts/" + cohortId + "/assignment/publish", Map.of()).errorCode())
                .isEqualTo("NOTHING_TO_PUBLISH");
        assertThat(admin.get("/admin/cohorts/" + cohortId + "/assignment").status()).isEqualTo(404);
        assertThat(members.as(mentee).get("/admin/cohorts/" + cohortId).status()).isEqualTo(403);

        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(
                Instant.parse(admin.get("/admin/cohorts/" + cohortId).json().path("cohort").path("closesAt")
                        .asText())));
        assertThat(members.as(mentee).post("/cohorts/" + cohortId + "/members/" + mentee, Map.of("role", "mentee"))
                .errorCode()).isEqualTo("COHORT_CLOSED");
        JsonNode described = admin.get("/admin/cohorts/" + cohortId).json();
        assertThat(described.path("mentees").asInt() + described.path("mentors").asInt()).isZero();
        assertThat(described.path("open").asBoolean()).isFalse();
        assertThat(members.as(mentee).get("/users/" + mentee + "/cohorts").json().path("items").size()).isZero();
    }
}
