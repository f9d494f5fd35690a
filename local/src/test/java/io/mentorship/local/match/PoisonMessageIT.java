package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.mentorship.json.Json;
import io.mentorship.local.LocalRuntime;
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
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** A message the match function cannot handle is retried, then parked in the dead-letter queue; its batch goes on. */
class PoisonMessageIT {
    private static final String POISON = "{\"type\":\"ProfileChanged\",\"userId\":\"not a valid id!\"}";

    @Test
    void onlyThePoisonedMessageOfABatchIsReportedAsFailed() {
        SQSEvent event = Fixtures.sqs("match-profile-changed.json");
        SQSEvent.SQSMessage good = event.getRecords().getFirst();
        SQSEvent.SQSMessage poisoned = Fixtures.sqs("match-profile-changed.json").getRecords().getFirst();
        poisoned.setMessageId("poisoned-1");
        poisoned.setBody(POISON);
        event.setRecords(List.of(good, poisoned));

        SQSBatchResponse response = (SQSBatchResponse) TestStack.quiet().function("MatchFunction").invoke(event);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("poisoned-1");
    }

    @Test
    void aPoisonedMessageIsRetriedUntilMaxReceiveCountThenLandsInTheDeadLetterQueue() {
        LocalRuntime runtime = TestStack.serving();
        String queue = Queues.url(runtime, "ProfileChangesQueue");
        String deadLetters = Queues.url(runtime, "ProfileChangesDeadLetterQueue");
        String marker = Profiles.uniqueId("poison");
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batch.add(SendMessageBatchRequestEntry.builder().id("good" + i).messageBody(Json.write(Map.of(
                    "type", "ProfileChanged", "userId", Profiles.uniqueId("member"), "change", "updated",
                    "version", 1, "occurredAt", "2026-11-25T00:00:00Z"))).build());
        }
        String poison = "{\"type\":\"ProfileChanged\",\"userId\":\"" + marker + " is not an id\"}";
        batch.add(SendMessageBatchRequestEntry.builder().id("poison").messageBody(poison).build());
        runtime.sqs().sendMessageBatch(r -> r.queueUrl(queue).entries(batch));

        List<Message> parked = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            parked.addAll(runtime.sqs().receiveMessage(r -> r.queueUrl(deadLetters).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(software.amazon.awssdk.services.sqs.model
                            .MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages());
            return parked.stream().anyMatch(m -> m.body().contains(marker));
        });

        assertThat(parked).filteredOn(m -> m.body().contains(marker)).singleElement()
                .satisfies(m -> assertThat(m.body()).isEqualTo(poison));
        // The four good messages were handled and deleted; none of them was dead-lettered.
        assertThat(parked).noneMatch(m -> m.body().contains("member-"));
        // And none is left on the queue: looked for by this test's own ids (other tests' messages, such as delayed
        // follow-ups that some emulators count as in flight, are not this test's business). A peek with a zero
        // visibility timeout leaves every message where it was.
        List<String> mine = batch.stream().map(SendMessageBatchRequestEntry::messageBody).toList();
        java.time.Instant until = java.time.Instant.now().plusSeconds(3);
        while (java.time.Instant.now().isBefore(until)) {
            List<Message> visible = runtime.sqs().receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)
                    .visibilityTimeout(0).waitTimeSeconds(1)).messages();
            assertThat(visible).extracting(Message::body).doesNotContainAnyElementsOf(mine);
        }
    }
}
