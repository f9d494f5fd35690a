package io.mentorship.events;

import io.mentorship.aws.AwsClients;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** Puts {@link ProfileChanged} messages on the queue that triggers matching. */
public final class ProfileChangePublisher {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProfileChangePublisher.class);
    private static final int SQS_BATCH_LIMIT = 10;

    /** Longer than any function runs (its timeout), so the write it guards has landed or never will. */
    public static final Duration FOLLOW_UP_DELAY = Duration.ofSeconds(60);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Duration followUpDelay;

    public ProfileChangePublisher(SqsClient sqs, String queueUrl) {
        this(sqs, queueUrl, FOLLOW_UP_DELAY);
    }

    /** The publisher a function's environment configures: the queue, and optionally the follow-up delay. */
    public static ProfileChangePublisher fromEnvironment(LambdaEnvironment env) {
        return new ProfileChangePublisher(AwsClients.sqs(env), env.require("PROFILE_CHANGES_QUEUE_URL"),
                env.find("PROFILE_CHANGE_FOLLOW_UP_SECONDS").map(Long::parseLong).map(Duration::ofSeconds)
                        .orElse(FOLLOW_UP_DELAY));
    }

    public ProfileChangePublisher(SqsClient sqs, String queueUrl, Duration followUpDelay) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.followUpDelay = followUpDelay;
    }

    /**
     * Writes a change so that matching hears of it even if the message after the write cannot be sent: a delayed
     * follow-up goes first (if that fails, nothing was written and the caller gets an error to retry), then the
     * write, then the message itself. A follow-up for a change already matched is skipped by the match function;
     * one for a write that failed only recomputes from unchanged state. So a change the client was told about is
     * never lost, and none is matched twice.
     */
    public <T> T around(ProfileChanged change, Supplier<T> write) {
        return around(change, write, result -> List.of());
    }

    /**
     * As {@link #around(ProfileChanged, Supplier)}, also telling matching what else the write turned out to affect
     * (the friendships it began or ended), which only the write can know.
     */
    public <T> T around(ProfileChanged change, Supplier<T> write, Function<T, List<?>> others) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(Json.write(change.asFollowUp()))
                .delaySeconds((int) followUpDelay.toSeconds()));
        T result = write.get();
        List<Object> messages = new ArrayList<>();
        messages.add(change);
        messages.addAll(others.apply(result));
        try {
            publishAll(messages);
        } catch (RuntimeException e) {
            LOG.warn("profile change for " + change.userId() + " not sent now (" + e
                    + "); its follow-up will deliver it");
        }
        return result;
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
