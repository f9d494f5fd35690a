package io.mentorship.local.signup;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.events.EventPublisher;
import io.mentorship.events.FollowUps;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.introductions.IntroductionServices;
import io.mentorship.json.Json;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.Fixtures;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.Queues;
import io.mentorship.local.testing.TestStack;
import io.mentorship.signup.SignupHandler;
import io.mentorship.store.FriendRepository;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.StatsRepository;
import io.mentorship.store.SuggestionRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * A change the client was told about reaches matching even when the message after the write cannot be sent: the
 * delayed follow-up sent before the write delivers it, once.
 */
class FollowUpIT {
    private final LocalRuntime runtime = TestStack.quiet();
    private final String table = runtime.stack().resource("MentorshipTable").ref();
    private final String queue = Queues.url(runtime, "ProfileChangesQueue");

    /** SQS that accepts the delayed follow-ups but fails every message sent now (the message after the write). */
    private final SqsClient failingAfterTheWrite = new SqsClient() {
        @Override
        public SendMessageResponse sendMessage(SendMessageRequest request) {
            return runtime.sqs().sendMessage(request);
        }

        @Override
        public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
            if (request.entries().stream().allMatch(e -> e.delaySeconds() != null && e.delaySeconds() > 0)) {
                return runtime.sqs().sendMessageBatch(request);
            }
            throw new IllegalStateException("SQS is unreachable (simulated)");
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    };

    @Test
    void theFollowUpDeliversAChangeWhoseMessageCouldNotBeSentAndIsSkippedOnceMatched() {
        var changes = new ProfileChangePublisher(failingAfterTheWrite, queue, Duration.ofSeconds(2));
        var events = new EventPublisher(runtime.sns(), runtime.stack().resource("MentorshipEventsTopic").ref(),
                runtime.sqs(), Queues.url(runtime, "DeliveryQueue"), FollowUps.DEFAULT_DELAY);
        var dynamo = runtime.dynamo();
        SignupHandler signup = new SignupHandler(new ProfileRepository(dynamo, table),
                new FriendRepository(dynamo, table), new SuggestionRepository(dynamo, table),
                new StatsRepository(dynamo, table),
                IntroductionServices.create(dynamo, table, events, changes, Clock.systemUTC()), changes,
                Clock.systemUTC());
        String userId = Profiles.uniqueId("ana");

        var created = (APIGatewayV2HTTPResponse) signup.handleRequest(
                Fixtures.httpAs("signup-create-profile.json", userId), null);

        assertThat(created.getStatusCode()).isEqualTo(201);
        List<JsonNode> arrived = Queues.take(runtime, "ProfileChangesQueue",
                m -> userId.equals(m.path("userId").asText()), 1, Duration.ofSeconds(15));
        assertThat(arrived).singleElement().satisfies(m -> {
            assertThat(m.path("followUp").asBoolean()).isTrue();
            assertThat(m.path("change").asText()).isEqualTo("created");
        });

        SQSEvent followUp = sqsEvent(arrived.getFirst());
        assertThat(((SQSBatchResponse) runtime.function("MatchFunction").invoke(followUp)).getBatchItemFailures())
                .isEmpty();
        var matched = dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("USER#" + userId), "sk", AttributeValue.fromS("MATCHED")))).item();
        assertThat(java.time.Instant.parse(matched.get("through").s()))
                .isEqualTo(java.time.Instant.parse(arrived.getFirst().path("occurredAt").asText()));
        assertThat(fanOutsFor(userId)).isEqualTo(1);

        // Delivered again (or after the normal message), it does nothing.
        runtime.function("MatchFunction").invoke(sqsEvent(arrived.getFirst()));
        assertThat(fanOutsFor(userId)).isZero();
    }

    private int fanOutsFor(String userId) {
        return Queues.take(runtime, "ProfileChangesQueue", m -> m.path("type").asText().equals("ViewersOf")
                && userId.equals(m.path("userId").asText()), 5, Duration.ofSeconds(3)).size();
    }

    private static SQSEvent sqsEvent(JsonNode body) {
        SQSEvent event = Fixtures.sqs("match-profile-changed.json");
        event.getRecords().getFirst().setBody(Json.write(body));
        return event;
    }
}
