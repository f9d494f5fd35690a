package io.mentorship.events;

import io.mentorship.json.Json;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** Puts {@link ProfileChanged} messages on the queue that triggers matching. */
public final class ProfileChangePublisher {
    private static final int SQS_BATCH_LIMIT = 10;

    private final SqsClient sqs;
    private final String queueUrl;

    public ProfileChangePublisher(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public void publish(ProfileChanged change) {
        publishAll(List.of(change));
    }

    /** Sends every change, in batches; throws if SQS refused any, so the caller never reports a lost change. */
    public void publishAll(List<?> messages) {
        for (int from = 0; from < messages.size(); from += SQS_BATCH_LIMIT) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            List<?> chunk = messages.subList(from, Math.min(messages.size(), from + SQS_BATCH_LIMIT));
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .messageBody(Json.write(chunk.get(i)))
                        .build());
            }
            SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                throw new IllegalStateException("SQS refused " + response.failed().size() + " messages: "
                        + response.failed().getFirst().message());
            }
        }
    }
}
