package io.mentorship.local.signup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.json.Json;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.LocalTokens;
import io.mentorship.local.testing.Api;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.TestStack;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The signup routes over HTTP against the local runtime, as an app uses them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignupApiE2EIT {
    private final LocalRuntime runtime = TestStack.serving();
    private final String owner = Profiles.uniqueId("owner");
    private final String stranger = Profiles.uniqueId("stranger");
    private JsonNode ownerProfile;

    @BeforeAll
    void ownerSignsUp() {
        Api.Response created = Api.as(runtime, owner).post("/users", valid());
        assertThat(created.status()).isEqualTo(201);
        ownerProfile = created.json();
    }

    @Test
    void signUpReadUpdateAndDelete() {
        String carla = Profiles.uniqueId("carla");
        Api api = Api.as(runtime, carla);

        Api.Response created = api.post("/users", valid());
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("userId").asText()).isEqualTo(carla);
        assertThat(api.get("/users/" + carla).json()).isEqualTo(created.json());

        Map<String, Object> update = valid();
        update.put("headline", "Ten years in payments");
        update.put("version", 1);
        Api.Response updated = api.put("/users/" + carla, update);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("version").asLong()).isEqualTo(2);
        assertThat(updated.json().path("createdAt")).isEqualTo(created.json().path("createdAt"));
        assertThat(api.get("/users/" + carla).json().path("headline").asText()).isEqualTo("Ten years in payments");

        Api.Response stale = api.put("/users/" + carla, update);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.errorCode()).isEqualTo("STALE_VERSION");

        assertThat(api.delete("/users/" + carla).status()).isEqualTo(204);
        assertThat(api.get("/users/" + carla).status()).isEqualTo(404);
        assertThat(api.delete("/users/" + carla).status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputGetsAClear4xxAndChangesNothing(String name, String method, String path, Object body,
                                                 Function<SignupApiE2EIT, Api> caller, int status, String field) {
        Object payload = body == null || body instanceof String ? body : Json.write(body).replace("{self}", owner);
        Api.Response response = caller.apply(this).send(method, path.replace("{owner}", owner)
                .replace("{stranger}", stranger), payload);

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        // 401s and unknown routes are answered by API Gateway itself, in its own {"message": ...} shape.
        boolean fromGateway = status == 401 || path.equals("/nothing-here");
        assertThat(fromGateway ? response.json().path("message").asText()
                : response.json().path("error").path("message").asText()).isNotBlank();
        if (field != null) {
            assertThat(response.errorField()).isEqualTo(field);
        }
        assertThat(Api.as(runtime, owner).get("/users/" + owner).json()).isEqualTo(ownerProfile);
        assertThat(Api.as(runtime, stranger).get("/users/" + stranger).status()).isEqualTo(404);
        assertThat(Api.as(runtime, owner).put("/users/" + owner + "/friends", Map.of("friendIds", List.of()))
                .json().path("friendIds")).isEmpty();
    }

    @Test
    void aFriendListAsLongAsTheSocialNetworksIsTaken() {
        String dana = Profiles.uniqueId("dana");
        Api api = Api.as(runtime, dana);
        assertThat(api.post("/users", valid()).status()).isEqualTo(201);
        // 5,000 ids of 36 characters, as Cognito names members.
        List<String> ids = IntStream.range(0, 5000).mapToObj(i -> java.util.UUID.randomUUID().toString()).toList();
        Api.Response replaced = api.put("/users/" + dana + "/friends", Map.of("friendIds", ids));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().path("friendIds")).hasSize(5000);
        assertThat(api.delete("/users/" + dana).status()).isEqualTo(204);
    }

    Stream<Arguments> badRequests() {
        List<Arguments> cases = new ArrayList<>();
        Function<SignupApiE2EIT, Api> asStranger = t -> Api.as(t.runtime, t.stranger);
        Function<SignupApiE2EIT, Api> asOwner = t -> Api.as(t.runtime, t.owner);

        cases.add(Arguments.of("malformed JSON", "POST", "/users", "{\"displayName\": ", asStranger, 400, null));
        cases.add(Arguments.of("body is an array", "POST", "/users", "[1,2]", asStranger, 400, null));
        cases.add(Arguments.of("no body", "POST", "/users", null, asStranger, 400, null));
        cases.add(Arguments.of("missing displayName", "POST", "/users", without("displayName"), asStranger, 400,
                "displayName"));
        cases.add(Arguments.of("unknown field", "POST", "/users", with("favouriteColour", "red"), asStranger, 400,
                "favouriteColour"));
        cases.add(Arguments.of("unknown visibility value", "POST", "/users",
                with("visibility", Map.of("friends", "strangers")), asStranger, 400, "visibility.friends"));
        cases.add(Arguments.of("capacity as a string", "POST", "/users",
                with("mentor", Map.of("topics", List.of("java"), "capacity", "3")), asStranger, 400,
                "mentor.capacity"));
        cases.add(Arguments.of("capacity above 20", "POST", "/users",
                with("mentor", Map.of("topics", List.of("java"), "capacity", 21)), asStranger, 400,
                "mentor.capacity"));
        cases.add(Arguments.of("mentor without topics", "POST", "/users",
                with("mentor", Map.of("topics", List.of(), "capacity", 2)), asStranger, 400, "mentor.topics"));
        cases.add(Arguments.of("10,000 interests", "POST", "/users",
                with("interests", IntStream.range(0, 10_000).mapToObj(i -> "i" + i).toList()), asStranger, 400,
                "interests"));
        cases.add(Arguments.of("10,000-character name", "POST", "/users", with("displayName", "x".repeat(10_000)),
                asStranger, 400, "displayName"));
        cases.add(Arguments.of("blank topic", "POST", "/users",
                with("mentee", Map.of("topics", List.of("java", "  "))), asStranger, 400, "mentee.topics[1]"));
        cases.add(Arguments.of("unknown language", "POST", "/users", with("languages", List.of("english")),
                asStranger, 400, "languages[0]"));
        cases.add(Arguments.of("unknown country", "POST", "/users",
                with("location", Map.of("city", "Porto", "country", "Portugal")), asStranger, 400,
                "location.country"));
        cases.add(Arguments.of("lat without lon", "POST", "/users",
                with("location", Map.of("city", "Porto", "lat", 41.1)), asStranger, 400, "location.lon"));
        cases.add(Arguments.of("education ends before it starts", "POST", "/users",
                with("education", List.of(Map.of("school", "FEUP", "startYear", 2020, "endYear", 2010))),
                asStranger, 400, "education[0].endYear"));
        cases.add(Arguments.of("1 MiB body", "POST", "/users", with("headline", "y".repeat(1 << 20)), asStranger,
                413, null));
        cases.add(Arguments.of("sign up again", "POST", "/users", valid(), asOwner, 409, null));

        cases.add(Arguments.of("no token", "POST", "/users", valid(),
                (Function<SignupApiE2EIT, Api>) t -> Api.withAuthorization(t.runtime, null), 401, null));
        cases.add(Arguments.of("garbage token", "POST", "/users", valid(),
                (Function<SignupApiE2EIT, Api>) t -> Api.withAuthorization(t.runtime, "Bearer not.a.jwt"), 401,
                null));
        cases.add(Arguments.of("expired token", "GET", "/users/{owner}", null,
                (Function<SignupApiE2EIT, Api>) t -> Api.withAuthorization(t.runtime,
                        t.runtime.tokens().issue(t.owner, List.of(), Duration.ofSeconds(-60))), 401, null));
        cases.add(Arguments.of("token signed with another key", "GET", "/users/{owner}", null,
                (Function<SignupApiE2EIT, Api>) t -> Api.withAuthorization(t.runtime,
                        new LocalTokens(LocalTokens.randomKey(), t.runtime.tokens().issuer(),
                                LocalRuntime.LOCAL_AUDIENCE, Clock.systemUTC())
                                .issue(t.owner, List.of(), Duration.ofHours(1))), 401, null));
        cases.add(Arguments.of("unsigned token (alg none)", "GET", "/users/{owner}", null,
                (Function<SignupApiE2EIT, Api>) t -> Api.withAuthorization(t.runtime, unsigned(t.owner)), 401,
                null));

        cases.add(Arguments.of("read another's profile", "GET", "/users/{owner}", null, asStranger, 403, null));
        cases.add(Arguments.of("replace another's profile", "PUT", "/users/{owner}", with("version", 1),
                asStranger, 403, null));
        cases.add(Arguments.of("erase another's account", "DELETE", "/users/{owner}", null, asStranger, 403,
                null));
        cases.add(Arguments.of("replace another's friends", "PUT", "/users/{owner}/friends",
                Map.of("friendIds", List.of("x")), asStranger, 403, null));

        cases.add(Arguments.of("replace without version", "PUT", "/users/{owner}", valid(), asOwner, 400,
                "version"));
        cases.add(Arguments.of("replace with a stale version", "PUT", "/users/{owner}", with("version", 7),
                asOwner, 409, null));
        cases.add(Arguments.of("version as a string", "PUT", "/users/{owner}", with("version", "1"), asOwner, 400,
                "version"));
        cases.add(Arguments.of("oneself as a friend", "PUT", "/users/{owner}/friends",
                Map.of("friendIds", List.of("{self}")), asOwner, 400, "friendIds[0]"));
        cases.add(Arguments.of("5,001 friends", "PUT", "/users/{owner}/friends",
                Map.of("friendIds", IntStream.range(0, 5001).mapToObj(i -> "f" + i).toList()), asOwner, 400,
                "friendIds"));
        cases.add(Arguments.of("friend ids over 180,000 characters in all", "PUT", "/users/{owner}/friends",
                Map.of("friendIds", IntStream.range(0, 4000).mapToObj(i -> "f" + "x".repeat(44) + i).toList()),
                asOwner, 400, "friendIds"));
        cases.add(Arguments.of("invalid friend id", "PUT", "/users/{owner}/friends",
                Map.of("friendIds", List.of("no spaces allowed")), asOwner, 400, "friendIds[0]"));
        cases.add(Arguments.of("friends without friendIds", "PUT", "/users/{owner}/friends", Map.of(), asOwner,
                400, "friendIds"));
        cases.add(Arguments.of("friends for a member without a profile", "PUT", "/users/{stranger}/friends",
                Map.of("friendIds", List.of("x")), asStranger, 404, null));
        cases.add(Arguments.of("unknown route", "GET", "/nothing-here", null, asOwner, 404, null));
        return cases.stream();
    }

    /** An alg=none token with the right claims: API Gateway refuses unsigned tokens. */
    private static String unsigned(String sub) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\"}".getBytes());
        String claims = b64.encodeToString(("{\"sub\":\"" + sub + "\",\"exp\":4102444800}").getBytes());
        return "Bearer " + header + "." + claims + ".";
    }

    static Map<String, Object> valid() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", "Dana Costa");
        body.put("headline", "Payments engineer");
        body.put("mentor", Map.of("topics", List.of("Payments", "career growth"), "capacity", 2));
        body.put("profession", Map.of("title", "Staff Engineer", "industry", "Fintech", "yearsExperience", 11));
        body.put("location", Map.of("city", "Lisbon", "country", "PT", "lat", 38.72, "lon", -9.14));
        body.put("interests", List.of("cycling"));
        body.put("languages", List.of("pt", "en"));
        return body;
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = valid();
        body.put(field, value);
        return body;
    }

    private static Map<String, Object> without(String field) {
        Map<String, Object> body = valid();
        body.remove(field);
        return body;
    }
}
