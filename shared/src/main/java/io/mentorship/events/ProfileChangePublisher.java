package io.mentorship.events;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * Puts {@link ProfileChanged} messages, and the work matching queues for itself, on the queue that triggers matching;
 * list patches ({@link MatchWork.Patch}) go to a queue of their own when one is configured, which the match function
 * takes in large batches.
 */
public final class ProfileChangePublisher {
    private static final int SQS_BATCH_LIMIT = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String patchQueueUrl;
    private final Duration followUpDelay;

    public ProfileChangePublisher(SqsClient sqs, String queueUrl) {
        this(sqs, queueUrl, FollowUps.DEFAULT_DELAY);
    }

    /**
     * The publisher a function's environment configures: the queue, optionally the list patches' queue
     * ({@code LIST_PATCHES_QUEUE_URL}, only the match function sends patches) and the follow-up delay.
     */
    public static ProfileChangePublisher fromEnvironment(LambdaEnvironment env) {
        String queue = env.require("PROFILE_CHANGES_QUEUE_URL");
        return new ProfileChangePublisher(AwsClients.sqs(env), queue, env.find("LIST_PATCHES_QUEUE_URL").orElse(queue),
                FollowUps.delay(env));
    }

    public ProfileChangePublisher(SqsClient sqs, String queueUrl, Duration followUpDelay) {
        this(sqs, queueUrl, queueUrl, followUpDelay);
    }

    public ProfileChangePublisher(SqsClient sqs, String queueUrl, String patchQueueUrl, Duration followUpDelay) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.patchQueueUrl = patchQueueUrl;
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
        List<String> patches = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Object message : messages) {
            String body = Json.write(message);
            (isPatch(message) ? patches : others).add(body);
        }
        send(queueUrl, others, delaySeconds);
        send(patchQueueUrl, patches, delaySeconds);
    }

    private static boolean isPatch(Object message) {
        return message instanceof MatchWork.Patch || message instanceof JsonNode node
                && MatchWork.Patch.TYPE.equals(node.path("type").asText());
    }

    private void send(String url, List<String> bodies, int delaySeconds) {
        for (int from = 0; from < bodies.size(); from += SQS_BATCH_LIMIT) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            List<String> chunk = bodies.subList(from, Math.min(bodies.size(), from + SQS_BATCH_LIMIT));
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .messageBody(chunk.get(i))
                        .delaySeconds(delaySeconds)
                        .build());
            }
            SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(url).entries(entries));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                throw new IllegalStateException("SQS refused " + response.failed().size() + " messages: "
                        + response.failed().getFirst().message());
            }
        }
    }
}
