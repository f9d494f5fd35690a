package io.mentorship.local.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static io.mentorship.local.testing.Members.ids;
import static io.mentorship.local.testing.Members.mentor;
import static io.mentorship.local.testing.Members.person;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.Api;
import io.mentorship.local.testing.Members;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.TestStack;
import io.mentorship.matching.Geo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Matching end to end over HTTP on the local runtime: sign-up, friends and acknowledgements go through the API,
 * profile changes through the queue to the match function, and suggestions come back through the API.
 */
class MatchingE2EIT {
    private static final Duration WITHIN = Members.WITHIN;

    private final LocalRuntime runtime = TestStack.serving();
    private final Members members = new Members(runtime);
    private final String topic = Profiles.uniqueId("distributed systems");

    @Test
    void aMenteeSeesFittingMentorsRankedWithTruePointsInCommon() {
        String mentee = Profiles.uniqueId("mia");
        String ana = Profiles.uniqueId("ana");
        String li = Profiles.uniqueId("li");
        String joe = Profiles.uniqueId("joe");
        String strong = Profiles.uniqueId("rita");
        String weak = Profiles.uniqueId("rui");
        String noLanguage = Profiles.uniqueId("dieter");
        String otherTopic = Profiles.uniqueId("gopher");
        String notAccepting = Profiles.uniqueId("busy");
        String notAcknowledged = Profiles.uniqueId("late");

        Map<String, Object> menteeBody = person("Mia", Map.of("topics", List.of(topic, "Java"), "goal", "lead"),
                null, List.of("pt", "en"), List.of("jazz", "climbing"));
        menteeBody.put("education", List.of(Map.of("school", "University of Porto", "field", "Computer Science")));
        menteeBody.put("location", Map.of("city", "Porto", "region", "Norte", "country", "PT", "lat", 41.1579,
                "lon", -8.6291));
        menteeBody.put("profession", Map.of("industry", "Technology", "field", "Backend", "yearsExperience", 3));
        Map<String, Object> strongBody = person("Rita", null, mentor(List.of(topic, "java")), List.of("en"),
                List.of("Jazz", "chess"));
        strongBody.put("education", List.of(Map.of("school", "university of porto", "field", "Computer Science")));
        strongBody.put("location", Map.of("city", "Porto", "region", "Norte", "country", "PT", "lat", 41.1496,
                "lon", -8.6110));
        strongBody.put("profession", Map.of("industry", "Technology", "field", "Backend", "yearsExperience", 12));
        Map<String, Object> weakBody = person("Rui", null, mentor(List.of("java")), List.of("pt"), List.of());
        weakBody.put("location", Map.of("city", "Lisbon", "country", "PT"));

        members.signUp(ana, person("Ana", null, null, List.of("en"), List.of()));
        members.signUp(li, person("Li", null, null, List.of("en"), List.of()));
        members.signUp(joe, person("Joe", null, null, List.of("en"), List.of()));
        members.signUp(mentee, menteeBody);
        members.signUp(strong, strongBody);
        members.signUp(weak, weakBody);
        members.signUp(noLanguage, person("Dieter", null, mentor(List.of(topic)), List.of("de"), List.of()));
        members.signUp(otherTopic, person("Gopher", null, mentor(List.of("golang")), List.of("en"), List.of()));
        Map<String, Object> busy = person("Busy", null, Map.of("topics", List.of(topic), "capacity", 2,
                "accepting", false), List.of("en"), List.of());
        members.signUp(notAccepting, busy);
        members.signUp(notAcknowledged, person("Late", null, mentor(List.of(topic)), List.of("en"), List.of()));

        // Mia and Rita are both confirmed friends of Ana and Li; Joe lists Mia but Mia's listing is not returned.
        members.friends(mentee, ana, li, joe);
        members.friends(ana, mentee, strong);
        members.friends(li, mentee, strong);
        members.friends(joe, strong);
        members.friends(strong, ana, li, joe);

        for (String mentor : List.of(strong, weak, noLanguage, otherTopic, notAccepting)) {
            members.acknowledge(mentor, "mentor");
        }
        members.acknowledge(mentee, "mentee");

        JsonNode result = members.awaitSuggestions(mentee, "mentee", ids -> ids.containsAll(List.of(strong, weak)));
        assertThat(ids(result)).containsExactly(strong, weak);
        JsonNode best = result.path("suggestions").get(0);
        assertThat(best.path("score").asInt()).isBetween(1, 100)
                .isGreaterThan(result.path("suggestions").get(1).path("score").asInt());
        assertEveryClaimIsTrue(best.path("commonalities"), menteeBody, strongBody);
        assertEveryClaimIsTrue(result.path("suggestions").get(1).path("commonalities"), menteeBody, weakBody);

        JsonNode friendsClaim = claim(best, "FRIENDS");
        assertThat(friendsClaim.path("details").path("count").asInt()).isEqualTo(2);
        assertThat(friendsClaim.path("details").path("names").toString()).isEqualTo("[\"Ana\",\"Li\"]");
        assertThat(friendsClaim.path("summary").asText()).isEqualTo("2 mutual friends, including Ana and Li");
        assertThat(claim(best, "EDUCATION").path("summary").asText())
                .isEqualTo("Both studied Computer Science at University of Porto");
        assertThat(claim(best, "PROFESSION").path("details").path("mentorYearsMoreExperience").asInt())
                .isEqualTo(9);

        // The suggestion shows the public card only: no coordinates, nothing hidden.
        JsonNode card = best.path("profile");
        assertThat(card.path("displayName").asText()).isEqualTo("Rita");
        assertThat(card.path("location").has("lat")).isFalse();
        assertThat(card.has("visibility")).isFalse();
        assertThat(card.has("preferences")).isFalse();
        // A suggestion's card can be read; a stranger's profile cannot.
        assertThat(Api.as(runtime, mentee).get("/users/" + strong).json()).isEqualTo(card);
        assertThat(Api.as(runtime, mentee).get("/users/" + noLanguage).status()).isEqualTo(403);

        // The mentor sees the mentee from the other side, with the same points in common.
        JsonNode mentorView = members.awaitSuggestions(strong, "mentor", ids -> ids.contains(mentee));
        assertEveryClaimIsTrue(mentorView.path("suggestions").get(0).path("commonalities"), strongBody, menteeBody);
    }

    @Test
    void noOneIsSuggestedToThemselves() {
        String both = Profiles.uniqueId("both");
        Map<String, Object> body = person("Both", Map.of("topics", List.of(topic)), mentor(List.of(topic)),
                List.of("en"), List.of());
        members.signUp(both, body);
        members.acknowledge(both, "mentor");
        members.acknowledge(both, "mentee");
        String mentor = Profiles.uniqueId("other");
        members.signUp(mentor, person("Other", null, mentor(List.of(topic)), List.of("en"), List.of()));
        members.acknowledge(mentor, "mentor");

        JsonNode result = members.awaitSuggestions(both, "mentee", ids -> ids.contains(mentor));
        assertThat(ids(result)).containsExactly(mentor);
    }

    @Test
    void acknowledgementGatesMatchingAndANewVersionMakesItStale() {
        String mentee = Profiles.uniqueId("mentee");
        String mentor = Profiles.uniqueId("mentor");
        String steady = Profiles.uniqueId("steady");
        members.signUp(mentee, person("Mentee", Map.of("topics", List.of(topic)), null, List.of("en"), List.of()));
        members.signUp(mentor, person("Mentor", null, mentor(List.of(topic)), List.of("en"), List.of()));
        members.signUp(steady, person("Steady", null, mentor(List.of(topic)), List.of("en"), List.of()));

        JsonNode before = Api.as(runtime, mentee).get("/users/" + mentee + "/suggestions").json();
        assertThat(before.path("eligible").asBoolean()).isFalse();
        assertThat(before.path("reason").path("code").asText()).isEqualTo("GUIDELINES_NOT_ACKNOWLEDGED");

        members.acknowledge(mentee, "mentee");
        members.acknowledge(steady, "mentor");
        members.awaitSuggestions(mentee, "mentee", ids -> ids.contains(steady));
        assertThat(ids(members.suggestions(mentee, "mentee"))).doesNotContain(mentor);

        members.acknowledge(mentor, "mentor");
        members.awaitSuggestions(mentee, "mentee", ids -> ids.contains(mentor));

        Api.Response refused = Api.as(runtime, mentee).put("/admin/guidelines/mentor",
                Map.of("title", "Mentor guidelines", "rules", List.of("Be kind.")));
        assertThat(refused.status()).isEqualTo(403);

        Api.Response published = Api.asAdmin(runtime, Profiles.uniqueId("admin")).put("/admin/guidelines/mentor",
                Map.of("title", "Mentor guidelines", "rules", List.of("Be kind.", "Keep confidences.")));
        assertThat(published.status()).isEqualTo(201);
        int version = published.json().path("version").asInt();
        assertThat(Api.as(runtime, mentee).get("/guidelines/mentor").json().path("version").asInt())
                .isEqualTo(version);
        // At once, without waiting for any recomputation: both mentors now hold a stale acknowledgement.
        assertThat(ids(members.suggestions(mentee, "mentee"))).doesNotContain(mentor, steady);
        assertThat(Api.as(runtime, mentor).get("/users/" + mentor + "/suggestions?as=mentor").json()
                .path("reason").path("code").asText()).isEqualTo("GUIDELINES_UPDATED");
        assertThat(Api.as(runtime, mentor).post("/users/" + mentor + "/acknowledgements",
                Map.of("role", "mentor", "version", version - 1)).status()).isEqualTo(409);

        members.acknowledge(mentor, "mentor");
        members.awaitSuggestions(mentee, "mentee", ids -> ids.contains(mentor) && !ids.contains(steady));
    }

    @Test
    void editsAddAndRemoveMentorsFromExistingSuggestions() {
        String mentee = Profiles.uniqueId("mentee");
        String mentor = Profiles.uniqueId("mentor");
        members.signUp(mentee, person("Mentee", Map.of("topics", List.of(topic)), null, List.of("en"), List.of()));
        JsonNode mentorProfile = members.signUp(mentor, person("Mentor", null, mentor(List.of(topic)), List.of("en"),
                List.of()));
        members.acknowledge(mentee, "mentee");
        members.acknowledge(mentor, "mentor");
        members.awaitSuggestions(mentee, "mentee", ids -> ids.contains(mentor));

        Map<String, Object> moved = person("Mentor", null, mentor(List.of("gardening")), List.of("en"), List.of());
        moved.put("version", mentorProfile.path("version").asLong());
        assertThat(Api.as(runtime, mentor).put("/users/" + mentor, moved).status()).isEqualTo(200);
        members.awaitSuggestions(mentee, "mentee", ids -> !ids.contains(mentor));

        String newcomer = Profiles.uniqueId("newcomer");
        members.signUp(newcomer, person("Newcomer", null, mentor(List.of(topic)), List.of("en"), List.of()));
        members.acknowledge(newcomer, "mentor");
        members.awaitSuggestions(mentee, "mentee", ids -> ids.contains(newcomer));
    }

    @Test
    void hidingACategoryRemovesThatCommonalityFromBothSides() {
        String mentee = Profiles.uniqueId("mentee");
        String mentor = Profiles.uniqueId("mentor");
        Map<String, Object> menteeBody = person("Mentee", Map.of("topics", List.of(topic)), null, List.of("en"),
                List.of());
        menteeBody.put("education", List.of(Map.of("school", "FEUP", "field", "Informatics")));
        Map<String, Object> mentorBody = person("Mentor", null, mentor(List.of(topic)), List.of("en"), List.of());
        mentorBody.put("education", List.of(Map.of("school", "FEUP", "field", "Informatics")));
        members.signUp(mentee, menteeBody);
        JsonNode stored = members.signUp(mentor, mentorBody);
        members.acknowledge(mentee, "mentee");
        members.acknowledge(mentor, "mentor");
        JsonNode seen = members.awaitSuggestions(mentee, "mentee", ids -> ids.contains(mentor));
        assertThat(claim(seen.path("suggestions").get(0), "EDUCATION")).isNotNull();
        JsonNode mentorSide = members.awaitSuggestions(mentor, "mentor", ids -> ids.contains(mentee));
        assertThat(claim(mentorSide.path("suggestions").get(0), "EDUCATION")).isNotNull();

        mentorBody.put("visibility", Map.of("education", "nobody"));
        mentorBody.put("version", stored.path("version").asLong());
        assertThat(Api.as(runtime, mentor).put("/users/" + mentor, mentorBody).status()).isEqualTo(200);

        await().atMost(WITHIN).pollInterval(Duration.ofMillis(300)).until(() ->
                claim(first(members.suggestions(mentee, "mentee"), mentor), "EDUCATION") == null
                        && claim(first(members.suggestions(mentor, "mentor"), mentee), "EDUCATION") == null);
        assertThat(first(members.suggestions(mentee, "mentee"), mentor).path("profile").has("education")).isFalse();
    }

    @Test
    void adminsTuneTheWeightsAndLaterComputationsUseThem() {
        String mentee = Profiles.uniqueId("mentee");
        String jazz = Profiles.uniqueId("jazz");
        String local = Profiles.uniqueId("local");
        Map<String, Object> menteeBody = person("Mentee", Map.of("topics", List.of(topic)), null, List.of("en"),
                List.of("jazz", "chess", "go"));
        menteeBody.put("location", Map.of("city", "Braga", "country", "PT"));
        Map<String, Object> localBody = person("Local", null, mentor(List.of(topic)), List.of("en"), List.of());
        localBody.put("location", Map.of("city", "Braga", "country", "PT"));
        JsonNode menteeProfile = members.signUp(mentee, menteeBody);
        members.signUp(jazz, person("Jazz", null, mentor(List.of(topic)), List.of("en"),
                List.of("jazz", "chess", "go")));
        members.signUp(local, localBody);
        members.acknowledge(jazz, "mentor");
        members.acknowledge(local, "mentor");
        members.acknowledge(mentee, "mentee");
        Api admin = Api.asAdmin(runtime, Profiles.uniqueId("admin"));
        JsonNode defaults = admin.get("/admin/matching/weights").json();
        members.awaitSuggestions(mentee, "mentee", ids -> ids.size() == 2 && ids.containsAll(List.of(jazz, local)));
        List<String> before = ids(members.suggestions(mentee, "mentee"));

        assertThat(Api.as(runtime, mentee).put("/admin/matching/weights", Map.of("location", 100)).status())
                .isEqualTo(403);
        assertThat(admin.put("/admin/matching/weights", Map.of("charisma", 10)).errorField()).isEqualTo("charisma");
        assertThat(admin.put("/admin/matching/weights", Map.of("location", 101)).status()).isEqualTo(400);
        assertThat(admin.put("/admin/matching/weights", Map.of("location", "high")).status()).isEqualTo(400);
        try {
            String favoured = before.getFirst().equals(jazz) ? "location" : "interests";
            String other = favoured.equals("location") ? "interests" : "location";
            Api.Response tuned = admin.put("/admin/matching/weights", Map.of(favoured, 100, other, 0));
            assertThat(tuned.status()).isEqualTo(200);
            assertThat(tuned.json().path(favoured).asInt()).isEqualTo(100);

            menteeBody.put("version", menteeProfile.path("version").asLong());
            menteeBody.put("headline", "recompute me");
            assertThat(Api.as(runtime, mentee).put("/users/" + mentee, menteeBody).status()).isEqualTo(200);
            members.awaitSuggestions(mentee, "mentee", ids -> ids.equals(before.reversed()));
        } finally {
            admin.put("/admin/matching/weights", Json.map(defaults));
        }
    }

    @Test
    void suggestionsExplainWhyAMemberCannotBeMatchedYet() {
        String member = Profiles.uniqueId("member");
        members.signUp(member, person("Member", Map.of("topics", List.of(topic)), null, List.of("en"), List.of()));
        Api api = Api.as(runtime, member);
        assertThat(api.get("/users/" + member + "/suggestions?as=mentor").json().path("reason").path("code")
                .asText()).isEqualTo("NO_ROLE");
        assertThat(api.get("/users/" + member + "/suggestions").json().path("reason").path("code").asText())
                .isEqualTo("GUIDELINES_NOT_ACKNOWLEDGED");
        assertThat(api.get("/users/" + member + "/suggestions?as=boss").errorField()).isEqualTo("as");
        assertThat(api.get("/users/" + member + "/suggestions?limit=0").errorField()).isEqualTo("limit");
        assertThat(api.get("/users/" + Profiles.uniqueId("other") + "/suggestions").status()).isEqualTo(403);
        assertThat(api.post("/users/" + member + "/acknowledgements", Map.of("role", "boss", "version", 1))
                .errorField()).isEqualTo("role");
        assertThat(Api.withAuthorization(runtime, null).get("/guidelines/mentee").status()).isEqualTo(200);
        assertThat(Api.withAuthorization(runtime, null).get("/guidelines/boss").status()).isEqualTo(400);
    }

    // ---- checking claims against the profiles ---------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static void assertEveryClaimIsTrue(JsonNode commonalities, Map<String, Object> viewer,
                                               Map<String, Object> other) {
        assertThat(commonalities.size()).isPositive();
        for (JsonNode c : commonalities) {
            JsonNode d = c.path("details");
            switch (c.path("type").asText()) {
                case "TOPICS" -> assertThat(strings(d.path("topics"))).isNotEmpty()
                        .isSubsetOf(lower(topicsOf(viewer))).isSubsetOf(lower(topicsOf(other)));
                case "LANGUAGES" -> assertThat(strings(d.path("languages"))).isNotEmpty()
                        .isSubsetOf((List<String>) viewer.get("languages"))
                        .isSubsetOf((List<String>) other.get("languages"));
                case "INTERESTS" -> assertThat(strings(d.path("interests"))).isNotEmpty()
                        .isSubsetOf(lower((List<String>) viewer.get("interests")))
                        .isSubsetOf(lower((List<String>) other.get("interests")));
                case "EDUCATION" -> {
                    var mine = (List<Map<String, Object>>) viewer.get("education");
                    var theirs = (List<Map<String, Object>>) other.get("education");
                    assertThat(mine.stream().anyMatch(a -> theirs.stream().anyMatch(b ->
                            equal(a.get("school"), b.get("school")) && equal(a.get("school"), d.path("school").asText())
                            && (!d.has("field") || equal(a.get("field"), b.get("field")))))).isTrue();
                }
                case "LOCATION" -> {
                    var a = (Map<String, Object>) viewer.get("location");
                    var b = (Map<String, Object>) other.get("location");
                    String level = d.path("level").asText();
                    assertThat(equal(a.get(level), b.get(level))).as("same " + level).isTrue();
                    if (d.has("distanceKm")) {
                        double km = Geo.km((double) a.get("lat"), (double) a.get("lon"), (double) b.get("lat"),
                                (double) b.get("lon"));
                        assertThat(d.path("distanceKm").asLong()).isEqualTo(Math.round(km));
                    }
                }
                case "PROFESSION" -> {
                    var a = (Map<String, Object>) viewer.get("profession");
                    var b = (Map<String, Object>) other.get("profession");
                    for (String key : List.of("industry", "field", "employer")) {
                        if (d.has(key)) {
                            assertThat(equal(a.get(key), b.get(key))).as("same " + key).isTrue();
                        }
                    }
                    if (d.has("mentorYearsMoreExperience")) {
                        assertThat(d.path("mentorYearsMoreExperience").asInt()).isEqualTo(
                                Math.abs((int) a.get("yearsExperience") - (int) b.get("yearsExperience")));
                    }
                }
                case "FRIENDS" -> assertThat(d.path("count").asInt()).isPositive();
                default -> throw new AssertionError("unexpected commonality " + c);
            }
            assertThat(c.path("summary").asText()).isNotBlank();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> topicsOf(Map<String, Object> body) {
        List<String> topics = new ArrayList<>();
        for (String role : List.of("mentor", "mentee")) {
            if (body.get(role) instanceof Map<?, ?> m) {
                topics.addAll((List<String>) m.get("topics"));
            }
        }
        return topics;
    }

    private static Set<String> lower(List<String> values) {
        Set<String> out = new TreeSet<>();
        values.forEach(v -> out.add(v.toLowerCase(Locale.ROOT)));
        return out;
    }

    private static boolean equal(Object a, Object b) {
        return a != null && b != null && String.valueOf(a).equalsIgnoreCase(String.valueOf(b));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode first(JsonNode result, String userId) {
        for (JsonNode s : result.path("suggestions")) {
            if (s.path("userId").asText().equals(userId)) {
                return s;
            }
        }
        throw new AssertionError(userId + " not in " + result);
    }

    private static JsonNode claim(JsonNode suggestion, String type) {
        for (JsonNode c : suggestion.path("commonalities")) {
            if (c.path("type").asText().equals(type)) {
                return c;
            }
        }
        return null;
    }

    /** JSON helpers for request bodies. */
    static final class Json {
        private Json() {
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(JsonNode node) {
            return io.mentorship.json.Json.mapper().convertValue(node, Map.class);
        }
    }
}
