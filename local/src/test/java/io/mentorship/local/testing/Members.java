package io.mentorship.local.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.local.LocalRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Members acting through the API, for end-to-end tests: sign up, befriend, acknowledge, read suggestions. */
public final class Members {
    public static final Duration WITHIN = Duration.ofSeconds(45);

    private final LocalRuntime runtime;

    public Members(LocalRuntime runtime) {
        this.runtime = runtime;
    }

    public Api as(String userId) {
        return Api.as(runtime, userId);
    }

    public static Map<String, Object> person(String name, Map<String, Object> mentee, Map<String, Object> mentor,
                                             List<String> languages, List<String> interests) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", name);
        if (mentee != null) {
            body.put("mentee", mentee);
        }
        if (mentor != null) {
            body.put("mentor", mentor);
        }
        body.put("languages", languages);
        body.put("interests", interests);
        return body;
    }

    public static Map<String, Object> mentor(List<String> topics) {
        return mentor(topics, 3);
    }

    public static Map<String, Object> mentor(List<String> topics, int capacity) {
        return Map.of("topics", topics, "capacity", capacity, "accepting", true);
    }

    public JsonNode signUp(String userId, Map<String, Object> body) {
        Api.Response response = as(userId).post("/users", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    /** Signs up a member with one role and acknowledges that role's current guidelines. */
    public String ready(String name, String role, String topic) {
        String userId = Profiles.uniqueId(name);
        signUp(userId, role.equals("mentor")
                ? person(name, null, mentor(List.of(topic)), List.of("en"), List.of())
                : person(name, Map.of("topics", List.of(topic)), null, List.of("en"), List.of()));
        acknowledge(userId, role);
        return userId;
    }

    public void friends(String userId, String... friendIds) {
        Api.Response response = as(userId).put("/users/" + userId + "/friends",
                Map.of("friendIds", List.of(friendIds)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    public void acknowledge(String userId, String role) {
        int version = as(userId).get("/guidelines/" + role).json().path("version").asInt();
        Api.Response response = as(userId).post("/users/" + userId + "/acknowledgements",
                Map.of("role", role, "version", version));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    public JsonNode suggestions(String userId, String as) {
        Api.Response response = as(userId).get("/users/" + userId + "/suggestions?as=" + as);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    public JsonNode awaitSuggestions(String userId, String as, Predicate<List<String>> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(300)).until(() -> {
            last[0] = suggestions(userId, as);
            return condition.test(ids(last[0]));
        });
        return last[0];
    }

    /** Waits until the member's inbox holds an item of {@code type}, and returns it. */
    public JsonNode awaitInboxItem(String userId, String type) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(300)).until(() -> {
            for (JsonNode item : as(userId).get("/users/" + userId + "/inbox").json().path("items")) {
                if (item.path("type").asText().equals(type)) {
                    found[0] = item;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    public static List<String> ids(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.path("suggestions").forEach(s -> out.add(s.path("userId").asText()));
        return out;
    }
}
