package io.mentorship.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.json.Json;
import io.mentorship.local.LocalRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sqs.model.Message;

/** Reads what handlers put on a stack's queues. */
public final class Queues {
    private Queues() {
    }

    public static String url(LocalRuntime runtime, String logicalId) {
        return runtime.stack().resource(logicalId).ref();
    }

    /**
     * Receives from the queue until {@code count} messages matching {@code wanted} arrived (deleting those) or the
     * timeout passed; other messages are left for their own tests.
     */
    public static List<JsonNode> take(LocalRuntime runtime, String logicalId, Predicate<JsonNode> wanted, int count,
                                      Duration timeout) {
        String url = url(runtime, logicalId);
        List<JsonNode> found = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (found.size() < count && Instant.now().isBefore(deadline)) {
            for (Message m : runtime.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(1)).messages()) {
                JsonNode body = parse(m.body());
                if (body != null && wanted.test(body)) {
                    found.add(body);
                    runtime.sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
                }
            }
        }
        return found;
    }

    private static JsonNode parse(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            return null;
        } catch (UncheckedIOException e) {
            return null;
        }
    }
}
