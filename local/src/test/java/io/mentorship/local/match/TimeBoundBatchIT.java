package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.Fixtures;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.Queues;
import io.mentorship.local.testing.TestStack;
import io.mentorship.match.MatchHandler;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The match function takes large batches; one that runs short of time queues the messages it did not reach again,
 * as new messages, instead of failing them (a failure counts towards the dead-letter queue).
 */
class TimeBoundBatchIT {
    @Test
    void messagesNotReachedInTimeAreQueuedAgainNotFailed() {
        LocalRuntime runtime = TestStack.quiet();
        String queue = Queues.url(runtime, "ProfileChangesQueue");
        String marker = Profiles.uniqueId("late");
        // A body the handler rejects: handled, it would be reported as failed.
        String body = "{\"type\":\"ProfileChanged\",\"userId\":\"" + marker + " is not an id\"}";
        SQSEvent event = Fixtures.sqs("match-profile-changed.json");
        SQSEvent.SQSMessage late = event.getRecords().getFirst();
        late.setMessageId("late-1");
        late.setBody(body);
        MatchHandler handler = (MatchHandler) runtime.function("MatchFunction").instance();

        SQSBatchResponse shortOfTime = handler.handleRequest(event, millisLeft(5_000));

        assertThat(shortOfTime.getBatchItemFailures()).as("nothing failed").isEmpty();
        List<Message> found = new ArrayList<>();
        Instant until = Instant.now().plusSeconds(10);
        while (found.isEmpty() && Instant.now().isBefore(until)) {
            for (Message m : runtime.sqs().receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                if (m.body().contains(marker)) {
                    found.add(m);
                    runtime.sqs().deleteMessage(r -> r.queueUrl(queue).receiptHandle(m.receiptHandle()));
                }
            }
        }
        assertThat(found).as("queued again, as it was").singleElement()
                .satisfies(m -> assertThat(m.body()).isEqualTo(body));

        SQSBatchResponse inTime = handler.handleRequest(event, millisLeft(20_000));

        assertThat(inTime.getBatchItemFailures()).as("with time in hand it is handled (and rejected)")
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("late-1");
    }

    /** A Lambda context with this much time left (the narrow edge a test cannot provoke otherwise). */
    private static Context millisLeft(int millis) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> millis;
                    case "getMemoryLimitInMB" -> 1024;
                    case "getAwsRequestId" -> "time-bound-batch";
                    case "getFunctionName" -> "MatchFunction";
                    default -> null;
                });
    }
}
