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
    private static final int SQS_BATCH_LIMIT = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final Duration followUpDelay;

    public ProfileChangePublisher(SqsClient sqs, String queueUrl) {
        this(sqs, queueUrl, FollowUps.DEFAULT_DELAY);
    }

    /** The publisher a function's environment configures: the queue, and optionally the follow-up delay. */
    public static ProfileChangePublisher fromEnvironment(LambdaEnvironment env) {
        return new ProfileChangePublisher(AwsClients.sqs(env), env.require("PROFILE_CHANGES_QUEUE_URL"),
                FollowUps.delay(env));
    }

    public ProfileChangePublisher(SqsClient sqs, String queueUrl, Duration followUpDelay) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.followUpDelay = followUpDelay;
    }

    /**
     * Writes a change so that matching hears of it even if the message after the write cannot be sent
     * ({@link FollowUps}). A follow-up for a change already matched is skipped by the match function;
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
        return around(List.of(change.asFollowUp()), write, result -> {
            List<Object> messages = new ArrayList<>();
            messages.add(change);
            messages.addAll(others.apply(result));
            return messages;
        });
    }

    /** As {@link #around(ProfileChanged, Supplier)} for a write that changes several members at once. */
    public <T> T around(List<ProfileChanged> changes, Supplier<T> write) {
        return around(changes.stream().map(ProfileChanged::asFollowUp).toList(), write, result -> changes);
    }

    /**
     * The general form ({@link FollowUps}): {@code followUps} go first, delayed; then the write; then the messages
     * its result names. Each follow-up must be a no-op for its consumer once the message it stands for was handled.
     */
    public <T> T around(List<?> followUps, Supplier<T> write, Function<T, List<?>> messages) {
        List<Object> caused = new ArrayList<>();
        return FollowUps.around("work queue messages", () -> send(followUps, (int) followUpDelay.toSeconds()),
                write, result -> {
                    caused.addAll(messages.apply(result));
                    return true;
                }, () -> publishAll(caused));
    }

    public void publish(ProfileChanged change) {
        publishAll(List.of(change));
    }

    /** Sends every change, in batches; throws if SQS refused any, so the caller never reports a lost change. */
    public void publishAll(List<?> messages) {
        send(messages, 0);
    }

    private void send(List<?> messages, int delaySeconds) {
        for (int from = 0; from < messages.size(); from += SQS_BATCH_LIMIT) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            List<?> chunk = messages.subList(from, Math.min(messages.size(), from + SQS_BATCH_LIMIT));
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .messageBody(Json.write(chunk.get(i)))
                        .delaySeconds(delaySeconds)
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
