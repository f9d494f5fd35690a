package io.mentorship.local.introductions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.Api;
import io.mentorship.local.testing.Fixtures;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.Queues;
import io.mentorship.local.testing.TestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The delivery function with the {@code events/} fixture: idempotent, and a poison message is set aside. */
class DeliveryIT {

    @Test
    void theSameEventDeliveredTwiceGivesOneInboxItemAndOneNotification() {
        LocalRuntime runtime = TestStack.quiet();
        String recipient = Profiles.uniqueId("recipient");
        String notifications = probe(runtime);
        SQSEvent first = event(recipient, "evt-" + recipient);
        SQSEvent again = event(recipient, "evt-" + recipient);
        again.getRecords().getFirst().setMessageId("redelivered");

        SQSBatchResponse r1 = (SQSBatchResponse) runtime.function("DeliveryFunction").invoke(first);
        SQSBatchResponse r2 = (SQSBatchResponse) runtime.function("DeliveryFunction").invoke(again);

        assertThat(r1.getBatchItemFailures()).isEmpty();
        assertThat(r2.getBatchItemFailures()).isEmpty();
        var inbox = Api.as(runtime, recipient).get("/users/" + recipient + "/inbox").json().path("items");
        assertThat(inbox).hasSize(1);
        assertThat(inbox.get(0).path("type").asText()).isEqualTo("IntroductionRequested");
        assertThat(inbox.get(0).path("commonalities").get(0).path("summary").asText()).isNotBlank();
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.addAll(runtime.sqs().receiveMessage(r -> r.queueUrl(notifications).waitTimeSeconds(1)
                    .maxNumberOfMessages(10)).messages());
        }
        assertThat(sent).filteredOn(m -> m.body().contains(recipient)).hasSize(1);
    }

    @Test
    void aPoisonedDeliveryMessageIsReportedAloneAndEndsInTheDeadLetterQueue() {
        LocalRuntime quiet = TestStack.quiet();
        String recipient = Profiles.uniqueId("recipient");
        SQSEvent batch = event(recipient, "evt-" + recipient);
        SQSEvent.SQSMessage poison = event(recipient, "x").getRecords().getFirst();
        poison.setMessageId("poison");
        poison.setBody("{\"type\":\"IntroductionRequested\"}");
        batch.setRecords(List.of(batch.getRecords().getFirst(), poison));
        SQSBatchResponse response = (SQSBatchResponse) quiet.function("DeliveryFunction").invoke(batch);
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("poison");
        assertThat(Api.as(quiet, recipient).get("/users/" + recipient + "/inbox").json().path("items")).hasSize(1);

        LocalRuntime serving = TestStack.serving();
        String marker = Profiles.uniqueId("poison");
        serving.sqs().sendMessage(r -> r.queueUrl(Queues.url(serving, "DeliveryQueue"))
                .messageBody("{\"type\":\"" + marker + "\"}"));
        String deadLetters = Queues.url(serving, "DeliveryDeadLetterQueue");
        List<Message> parked = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            parked.addAll(serving.sqs().receiveMessage(r -> r.queueUrl(deadLetters).maxNumberOfMessages(10))
                    .messages());
            return parked.stream().anyMatch(m -> m.body().contains(marker));
        });
    }

    private static SQSEvent event(String recipient, String eventId) {
        SQSEvent event = Fixtures.sqs("delivery-introduction-requested.json");
        String body = event.getRecords().getFirst().getBody().replace("\"mentor-rita\"", "\"" + recipient + "\"")
                .replace("3f1c0c4e-2b1a-4c55-9d6e-0b3e8f7d2a10", eventId);
        event.getRecords().getFirst().setBody(body);
        return event;
    }

    private static String probe(LocalRuntime runtime) {
        String url = runtime.sqs().createQueue(r -> r.queueName(Profiles.uniqueId("notify-probe"))).queueUrl();
        String arn = runtime.sqs().getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        runtime.sns().subscribe(r -> r.topicArn(runtime.stack().resource("UserNotificationsTopic").ref())
                .protocol("sqs").endpoint(arn).attributes(Map.of("RawMessageDelivery", "true")));
        return url;
    }
}
