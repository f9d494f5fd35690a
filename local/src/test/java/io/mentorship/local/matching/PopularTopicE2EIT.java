package io.mentorship.local.matching;

import static io.mentorship.local.testing.Members.ids;
import static io.mentorship.local.testing.Members.mentor;
import static io.mentorship.local.testing.Members.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.Members;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.TestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The case that opened issue 7, through the API: a topic with more mentors than the old 400-item read budget, every
 * one in the mentee's city, and the mentor who shares everything with the mentee (school, work, interests, three
 * mutual friends) signs up last and has the id that sorts last. Whether the mentee joined before that mentor (their
 * list is patched) or after (their list is computed), that mentor heads it; and so for a mentee with no friends who
 * joins once everything has settled, whose list only their own computation writes (with the old budget put back,
 * that is where this test fails). {@code make test} runs this; the oracle at full size ({@code make oracle}) is the
 * broader check.
 */
class PopularTopicE2EIT {
    private static final int MENTORS = 600;
    private static final Duration SETTLES = Duration.ofMinutes(3);
    private static final List<String> SHARED_INTERESTS = List.of("jazz", "climbing", "chess");
    private static final List<String> OTHER_INTERESTS = List.of("running", "cooking", "go", "poetry", "sailing");

    private final LocalRuntime runtime = TestStack.serving();
    private final Members members = new Members(runtime);
    private final String topic = Profiles.uniqueId("career advice");

    @Test
    void theBestMentorLeadsTheListWhereverTheirIdSortsAndWhicheverJoinedFirst() throws Exception {
        String ana = ready("Ana");
        String li = ready("Li");
        String joe = ready("Joe");
        // Ids that sort before the best mentor's; each mentor shares the topic, city and language, and at most one
        // interest, so their scores vary and none reaches the best one's.
        List<String> others = new ArrayList<>();
        for (int i = 0; i < MENTORS; i++) {
            others.add(Profiles.uniqueId(String.format("m%03d", i)));
        }
        inParallel(others, id -> {
            int n = others.indexOf(id);
            List<String> interests = new ArrayList<>(List.of(OTHER_INTERESTS.get(n % OTHER_INTERESTS.size())));
            if (n % 4 == 0) {
                interests.add(SHARED_INTERESTS.get(n % SHARED_INTERESTS.size()));
            }
            Map<String, Object> body = person("Mentor " + n, null, mentor(List.of(topic)), List.of("en"), interests);
            body.put("location", Map.of("city", "Porto", "country", "PT"));
            members.signUp(id, body);
            members.acknowledge(id, "mentor");
        });

        String early = Profiles.uniqueId("mia");
        Map<String, Object> earlyBody = mentee("Mia");
        members.signUp(early, earlyBody);
        members.friends(early, ana, li, joe);
        members.acknowledge(early, "mentee");
        awaitList(early, ids -> ids.size() == 20);

        String best = Profiles.uniqueId("zz-rita");
        Map<String, Object> bestBody = person("Rita", null, mentor(List.of(topic)), List.of("en", "pt"),
                SHARED_INTERESTS);
        bestBody.put("location", Map.of("city", "Porto", "country", "PT"));
        bestBody.put("education", List.of(Map.of("school", "University of Porto", "field", "Computer Science")));
        bestBody.put("profession", Map.of("industry", "Technology", "field", "Backend", "yearsExperience", 15));
        members.signUp(best, bestBody);
        for (String friend : List.of(ana, li, joe)) {
            members.friends(friend, early, best);
        }
        members.friends(best, ana, li, joe);
        members.acknowledge(best, "mentor");

        String late = Profiles.uniqueId("leo");
        Map<String, Object> lateBody = mentee("Leo");
        members.signUp(late, lateBody);
        members.friends(late, ana, li, joe);
        for (String friend : List.of(ana, li, joe)) {
            members.friends(friend, early, best, late);
        }
        members.acknowledge(late, "mentee");

        for (String mentee : List.of(early, late)) {
            JsonNode list = awaitList(mentee, ids -> !ids.isEmpty() && ids.getFirst().equals(best));
            assertThat(ids(list)).as(mentee).hasSize(20).doesNotHaveDuplicates();
            JsonNode first = list.path("suggestions").get(0);
            assertThat(first.path("score").asInt()).as(mentee)
                    .isGreaterThan(list.path("suggestions").get(1).path("score").asInt());
            Map<String, JsonNode> claims = new HashMap<>();
            first.path("commonalities").forEach(c -> claims.put(c.path("type").asText(), c));
            assertThat(claims).as(mentee).containsKeys("TOPICS", "FRIENDS", "EDUCATION", "LOCATION", "PROFESSION",
                    "INTERESTS", "LANGUAGES");
            assertThat(claims.get("FRIENDS").path("details").path("count").asInt()).isEqualTo(3);
            assertThat(claims.get("EDUCATION").path("summary").asText())
                    .isEqualTo("Both studied Computer Science at University of Porto");
            assertThat(claims.get("PROFESSION").path("details").path("mentorYearsMoreExperience").asInt())
                    .isEqualTo(12);
        }

        // Once all that has settled, a mentee with no friends joins: nothing but their own computation (no
        // friendship's patch, no fan-out of the mentor's) can put the mentor in their list.
        String alone = Profiles.uniqueId("sol");
        members.signUp(alone, mentee("Sol"));
        members.acknowledge(alone, "mentee");
        JsonNode list = awaitList(alone, ids -> ids.size() == 20);
        assertThat(ids(list).getFirst()).isEqualTo(best);
        assertThat(list.path("suggestions").get(0).path("commonalities").findValuesAsText("type"))
                .containsExactlyInAnyOrder("TOPICS", "EDUCATION", "LOCATION", "PROFESSION", "INTERESTS", "LANGUAGES");
    }

    private String ready(String name) {
        String id = Profiles.uniqueId(name.toLowerCase());
        members.signUp(id, person(name, null, null, List.of("en"), List.of()));
        return id;
    }

    private Map<String, Object> mentee(String name) {
        Map<String, Object> body = person(name, Map.of("topics", List.of(topic), "goal", "lead"), null,
                List.of("en", "pt"), SHARED_INTERESTS);
        body.put("location", Map.of("city", "Porto", "country", "PT"));
        body.put("education", List.of(Map.of("school", "University of Porto", "field", "Computer Science")));
        body.put("profession", Map.of("industry", "Technology", "field", "Backend", "yearsExperience", 3));
        return body;
    }

    private JsonNode awaitList(String mentee, java.util.function.Predicate<List<String>> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(SETTLES).pollInterval(Duration.ofSeconds(1)).until(() -> {
            last[0] = members.suggestions(mentee, "mentee");
            return condition.test(ids(last[0]));
        });
        return last[0];
    }

    private static void inParallel(List<String> ids, java.util.function.Consumer<String> work) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            ids.forEach(id -> done.add(pool.submit(() -> work.accept(id))));
            for (Future<?> f : done) {
                f.get();
            }
        }
    }
}
