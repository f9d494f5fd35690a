package io.mentorship.events;

import io.mentorship.aws.AwsClients;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.json.Json;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Publishes mentorship events to the SNS topic, with the event type as a message attribute subscribers can filter
 * on. A write that causes an event goes through {@link #around}: a delayed follow-up copy goes straight to the
 * delivery queue first ({@link FollowUps}); delivery is idempotent by event id, and it checks that the reported
 * change really happened before delivering a follow-up.
 */
public final class EventPublisher {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventPublisher.class);

    private final SnsClient sns;
    private final String topicArn;
    private final SqsClient sqs;
    private final String followUpQueueUrl;
    private final Duration followUpDelay;

    public EventPublisher(SnsClient sns, String topicArn, SqsClient sqs, String followUpQueueUrl,
                          Duration followUpDelay) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.sqs = sqs;
        this.followUpQueueUrl = followUpQueueUrl;
        this.followUpDelay = followUpDelay;
    }

    public static EventPublisher fromEnvironment(LambdaEnvironment env) {
        return new EventPublisher(AwsClients.sns(env), env.require("MENTORSHIP_EVENTS_TOPIC_ARN"),
                AwsClients.sqs(env), env.require("DELIVERY_QUEUE_URL"), FollowUps.delay(env));
    }

    /** Makes {@code write}, which causes {@code event}, and publishes the event (see {@link FollowUps}). */
    public <T> T around(MentorshipEvent event, Supplier<T> write) {
        return FollowUps.around("event " + event.eventId(), () -> followUp(event), write, result -> true,
                () -> publish(event));
    }

    /** As {@link #around(MentorshipEvent, Supplier)}, for a write that may find the change already made. */
    public boolean aroundIf(MentorshipEvent event, BooleanSupplier write) {
        return FollowUps.around("event " + event.eventId(), () -> followUp(event), write::getAsBoolean,
                happened -> happened, () -> publish(event));
    }

    /** Publishes an event no write depends on (a courtesy); a failure is logged, not retried. */
    public void publishCourtesy(MentorshipEvent event) {
        try {
            publish(event);
        } catch (RuntimeException e) {
            LOG.warn("courtesy event {} not published ({})", event.eventId(), e.toString());
        }
    }

    /** Sends the delayed copy of an event about to be caused; if this fails, nothing was written yet. */
    private void followUp(MentorshipEvent event) {
        sqs.sendMessage(r -> r.queueUrl(followUpQueueUrl).messageBody(Json.write(event.asFollowUp()))
                .delaySeconds((int) followUpDelay.toSeconds()));
    }

    public void publish(MentorshipEvent event) {
        sns.publish(r -> r.topicArn(topicArn).message(Json.write(event)).messageAttributes(Map.of("type",
                MessageAttributeValue.builder().dataType("String").stringValue(event.type()).build())));
    }
}
