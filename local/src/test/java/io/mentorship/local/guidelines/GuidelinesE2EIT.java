package io.mentorship.local.guidelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.json.Json;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.Api;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.TestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Guidelines over HTTP: shipped versions, publication by admins only, acknowledgements, the SNS event. */
class GuidelinesE2EIT {
    private final LocalRuntime runtime = TestStack.serving();

    @Test
    void initialGuidelinesShipForBothRoles() {
        // The quiet stack: no test publishes there, so it still serves what ships.
        LocalRuntime fresh = TestStack.quiet();
        for (String role : List.of("mentor", "mentee")) {
            JsonNode g = Api.withAuthorization(fresh, null).get("/guidelines/" + role).json();
            assertThat(g.path("version").asInt()).isEqualTo(1);
            assertThat(g.path("version").asInt()).isPositive();
            assertThat(g.path("title").asText()).isNotBlank();
            assertThat(g.path("rules").size()).isGreaterThanOrEqualTo(5);
        }
        assertThat(Api.withAuthorization(fresh, null).get("/guidelines/mentor").json().path("rules").toString())
                .contains("confidential").contains("do your mentee's work");
    }

    @Test
    void publishingIsForAdminsValidatedAndAnnouncedOnSns() {
        String queueUrl = runtime.sqs().createQueue(r -> r.queueName(Profiles.uniqueId("events-probe"))).queueUrl();
        String queueArn = runtime.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        runtime.sns().subscribe(r -> r.topicArn(runtime.stack().resource("MentorshipEventsTopic").ref())
                .protocol("sqs").endpoint(queueArn).attributes(Map.of("RawMessageDelivery", "true")));

        Api admin = Api.asAdmin(runtime, Profiles.uniqueId("admin"));
        Api member = Api.as(runtime, Profiles.uniqueId("member"));
        int before = member.get("/guidelines/mentee").json().path("version").asInt();
        Map<String, Object> draft = Map.of("title", "Mentee guidelines", "rules", List.of("Come prepared."));

        assertThat(member.put("/admin/guidelines/mentee", draft).status()).isEqualTo(403);
        assertThat(Api.withAuthorization(runtime, null).put("/admin/guidelines/mentee", draft).status())
                .isEqualTo(401);
        assertThat(admin.put("/admin/guidelines/mentee", Map.of("title", "x", "rules", List.of())).errorField())
                .isEqualTo("rules");
        assertThat(admin.put("/admin/guidelines/mentee", Map.of("rules", List.of("a"))).errorField())
                .isEqualTo("title");
        assertThat(admin.put("/admin/guidelines/boss", draft).errorField()).isEqualTo("role");
        assertThat(member.get("/guidelines/mentee").json().path("version").asInt()).isEqualTo(before);

        Api.Response published = admin.put("/admin/guidelines/mentee", draft);
        assertThat(published.status()).isEqualTo(201);
        assertThat(published.json().path("version").asInt()).isEqualTo(before + 1);
        assertThat(member.get("/guidelines/mentee").json().path("rules").toString()).isEqualTo("[\"Come prepared.\"]");

        List<Message> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            received.addAll(runtime.sqs().receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages());
            return received.stream().anyMatch(m -> m.body().contains("\"version\":" + (before + 1)));
        });
        JsonNode event = Json.read(received.stream().filter(m -> m.body().contains("\"version\":" + (before + 1)))
                .findFirst().orElseThrow().body(), JsonNode.class);
        assertThat(event.path("type").asText()).isEqualTo("GuidelinesPublished");
        assertThat(event.path("role").asText()).isEqualTo("mentee");
        assertThat(event.path("eventId").asText()).isNotBlank();
    }

    @Test
    void acknowledgementsAreOwnAndMarkedCurrentOrStale() {
        String userId = Profiles.uniqueId("ack");
        Api api = Api.as(runtime, userId);
        int version = api.get("/guidelines/mentor").json().path("version").asInt();
        assertThat(api.post("/users/" + userId + "/acknowledgements", Map.of("role", "mentor", "version", version))
                .status()).isEqualTo(404);
        api.post("/users", Map.of("displayName", "Ack", "languages", List.of("en")));
        assertThat(api.post("/users/" + userId + "/acknowledgements", Map.of("role", "mentor", "version", version + 5))
                .errorCode()).isEqualTo("STALE_GUIDELINES");
        assertThat(api.post("/users/" + userId + "/acknowledgements", Map.of("role", "mentor")).errorField())
                .isEqualTo("version");
        assertThat(api.post("/users/" + userId + "/acknowledgements", Map.of("role", "mentor", "version", version))
                .status()).isEqualTo(201);
        JsonNode acks = api.get("/users/" + userId + "/acknowledgements").json().path("acknowledgements");
        assertThat(acks).hasSize(1);
        assertThat(acks.get(0).path("version").asInt()).isEqualTo(version);
        assertThat(acks.get(0).path("current").asBoolean()).isTrue();
        assertThat(Api.as(runtime, Profiles.uniqueId("other")).get("/users/" + userId + "/acknowledgements")
                .status()).isEqualTo(403);
    }
}
