package io.mentorship.local.introductions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.expiry.ExpiryHandler;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.Api;
import io.mentorship.local.testing.Members;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.TestStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Introductions over HTTP: request, delivery to the inbox over SNS and SQS, and every way one can end. */
class IntroductionsE2EIT {
    private final LocalRuntime runtime = TestStack.serving();
    private final Members members = new Members(runtime);
    private final String topic = Profiles.uniqueId("mentoring");

    @Test
    void requestDeliverAcceptAndStartAMentorship() {
        String notifications = probeQueueOn("UserNotificationsTopic");
        String mentee = members.ready("Mia", "mentee", topic);
        String mentor = members.ready("Rita", "mentor", topic);

        Api.Response requested = members.as(mentee).post("/introductions",
                Map.of("toUserId", mentor, "as", "mentee", "message", "Could we talk about design reviews?"));
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        String id = requested.json().path("id").asText();
        assertThat(requested.json().path("status").asText()).isEqualTo("pending");

        JsonNode delivered = members.awaitInboxItem(mentor, "IntroductionRequested");
        assertThat(delivered.path("introductionId").asText()).isEqualTo(id);
        assertThat(delivered.path("fromName").asText()).isEqualTo("Mia");
        List<String> types = new ArrayList<>();
        delivered.path("commonalities").forEach(c -> types.add(c.path("type").asText()));
        assertThat(types).contains("TOPICS", "LANGUAGES");
        for (JsonNode c : delivered.path("commonalities")) {
            if (c.path("type").asText().equals("TOPICS")) {
                assertThat(c.path("details").path("topics").toString()).isEqualTo("[\"" + topic + "\"]");
            }
            if (c.path("type").asText().equals("LANGUAGES")) {
                assertThat(c.path("details").path("languages").toString()).isEqualTo("[\"en\"]");
                assertThat(c.path("summary").asText()).isEqualTo("Both speak English");
            }
        }
        assertThat(awaitMessage(notifications, mentor)).contains("IntroductionRequested");
        assertThat(members.as(mentor).get("/introductions?box=incoming&status=pending").json()
                .path("introductions").toString()).contains(id);

        // The recipient may read the requester's public card (never the full profile).
        JsonNode card = members.as(mentor).get("/users/" + mentee).json();
        assertThat(card.path("displayName").asText()).isEqualTo("Mia");
        assertThat(card.has("visibility")).isFalse();
        assertThat(card.has("version")).isFalse();

        Api.Response accepted = members.as(mentor).post("/introductions/" + id + "/accept", null);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().path("status").asText()).isEqualTo("accepted");
        String mentorshipId = accepted.json().path("mentorshipId").asText();
        for (String member : List.of(mentee, mentor)) {
            JsonNode ms = members.as(member).get("/users/" + member + "/mentorships").json().path("mentorships");
            assertThat(ms).hasSize(1);
            assertThat(ms.get(0).path("id").asText()).isEqualTo(mentorshipId);
            assertThat(ms.get(0).path("status").asText()).isEqualTo("active");
        }
        assertThat(members.awaitInboxItem(mentee, "IntroductionAccepted").path("introductionId").asText())
                .isEqualTo(id);
        assertThat(members.as(mentor).post("/introductions/" + id + "/accept", null).status()).isEqualTo(409);

        assertThat(members.as(mentee).post("/mentorships/" + mentorshipId + "/end", Map.of("rating", 6)).status())
                .isEqualTo(400);
        Api.Response ended = members.as(mentee).post("/mentorships/" + mentorshipId + "/end",
                Map.of("rating", 5, "feedback", "Thank you!"));
        assertThat(ended.status()).as(ended.body()).isEqualTo(200);
        assertThat(ended.json().path("status").asText()).isEqualTo("ended");
        assertThat(members.as(mentor).post("/mentorships/" + mentorshipId + "/end", null).status()).isEqualTo(409);
        members.awaitInboxItem(mentor, "MentorshipEnded");
    }

    @Test
    void declineRecordsTheReasonAndKeepsThePairApart() {
        String mentee = members.ready("Mia", "mentee", topic);
        String mentor = members.ready("Rita", "mentor", topic);
        members.awaitSuggestions(mentee, "mentee", ids -> ids.contains(mentor));
        String id = request(mentee, mentor);

        assertThat(members.as(mentor).post("/introductions/" + id + "/decline", Map.of()).errorField())
                .isEqualTo("reason");
        Api.Response declined = members.as(mentor).post("/introductions/" + id + "/decline",
                Map.of("reason", "I am not taking mentees in this area"));
        assertThat(declined.status()).isEqualTo(200);
        assertThat(declined.json().path("status").asText()).isEqualTo("declined");
        assertThat(declined.json().path("declineReason").asText()).isEqualTo("I am not taking mentees in this area");
        assertThat(members.awaitInboxItem(mentee, "IntroductionDeclined").path("reason").asText())
                .isEqualTo("I am not taking mentees in this area");

        Api.Response again = members.as(mentee).post("/introductions", Map.of("toUserId", mentor, "as", "mentee"));
        assertThat(again.status()).isEqualTo(409);
        members.awaitSuggestions(mentee, "mentee", ids -> !ids.contains(mentor));
    }

    @Test
    void theRequesterWithdrawsAndOnlyTheRightPersonDecides() {
        String mentee = members.ready("Mia", "mentee", topic);
        String mentor = members.ready("Rita", "mentor", topic);
        String id = request(mentee, mentor);

        assertThat(members.as(mentee).post("/introductions/" + id + "/accept", null).status()).isEqualTo(403);
        assertThat(members.as(mentor).post("/introductions/" + id + "/withdraw", null).status()).isEqualTo(403);
        Api.Response withdrawn = members.as(mentee).post("/introductions/" + id + "/withdraw", null);
        assertThat(withdrawn.json().path("status").asText()).isEqualTo("withdrawn");
        assertThat(members.as(mentor).post("/introductions/" + id + "/accept", null).errorCode())
                .isEqualTo("NOT_PENDING");
        members.awaitInboxItem(mentor, "IntroductionWithdrawn");
        // The pair is free again.
        assertThat(members.as(mentee).post("/introductions", Map.of("toUserId", mentor, "as", "mentee")).status())
                .isEqualTo(201);
    }

    @Test
    void unansweredIntroductionsExpireAfter14Days() {
        String mentee = members.ready("Mia", "mentee", topic);
        String mentor = members.ready("Rita", "mentor", topic);
        String id = request(mentee, mentor);
        LambdaEnvironment env = LambdaEnvironment.of(runtime.function("ExpiryFunction").environment());

        var early = new ExpiryHandler(env, Clock.fixed(Instant.now().plus(Duration.ofDays(13)), ZoneOffset.UTC));
        early.handleRequest(null, null);
        assertThat(members.as(mentee).get("/introductions/" + id).json().path("status").asText())
                .isEqualTo("pending");

        var late = new ExpiryHandler(env, Clock.fixed(Instant.now().plus(Duration.ofDays(15)), ZoneOffset.UTC));
        assertThat(late.handleRequest(null, null).get("expired")).isPositive();
        assertThat(members.as(mentee).get("/introductions/" + id).json().path("status").asText())
                .isEqualTo("expired");
        members.awaitInboxItem(mentee, "IntroductionExpired");
        members.awaitInboxItem(mentor, "IntroductionExpired");
    }

    @Test
    void atMostThreePendingAndOnlyEligiblePairs() {
        String mentee = members.ready("Mia", "mentee", topic);
        for (int i = 0; i < 3; i++) {
            request(mentee, members.ready("Mentor" + i, "mentor", topic));
        }
        Api.Response fourth = members.as(mentee).post("/introductions",
                Map.of("toUserId", members.ready("Mentor4", "mentor", topic), "as", "mentee"));
        assertThat(fourth.status()).isEqualTo(429);

        String other = members.ready("Ana", "mentee", topic);
        String offTopic = members.ready("Gopher", "mentor", "golang-" + topic);
        Api.Response ineligible = members.as(other).post("/introductions", Map.of("toUserId", offTopic, "as",
                "mentee"));
        assertThat(ineligible.status()).isEqualTo(409);
        assertThat(ineligible.errorCode()).isEqualTo("NOT_ELIGIBLE");
        assertThat(members.as(other).post("/introductions", Map.of("toUserId", other, "as", "mentee")).status())
                .isEqualTo(400);
        assertThat(members.as(other).post("/introductions", Map.of("toUserId", offTopic, "as", "boss")).errorField())
                .isEqualTo("as");
        assertThat(members.as(other).post("/introductions", Map.of("toUserId", "nobody-here", "as", "mentee"))
                .status()).isEqualTo(404);
    }

    private String request(String mentee, String mentor) {
        Api.Response response = members.as(mentee).post("/introductions", Map.of("toUserId", mentor, "as", "mentee"));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("id").asText();
    }

    private String probeQueueOn(String topicLogicalId) {
        String url = runtime.sqs().createQueue(r -> r.queueName(Profiles.uniqueId("probe"))).queueUrl();
        String arn = runtime.sqs().getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        runtime.sns().subscribe(r -> r.topicArn(runtime.stack().resource(topicLogicalId).ref()).protocol("sqs")
                .endpoint(arn).attributes(Map.of("RawMessageDelivery", "true")));
        return url;
    }

    private String awaitMessage(String queueUrl, String containing) {
        List<Message> received = new ArrayList<>();
        await().atMost(Members.WITHIN).until(() -> {
            received.addAll(runtime.sqs().receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)
                    .maxNumberOfMessages(10)).messages());
            return received.stream().anyMatch(m -> m.body().contains(containing));
        });
        return received.stream().filter(m -> m.body().contains(containing)).findFirst().orElseThrow().body();
    }
}
