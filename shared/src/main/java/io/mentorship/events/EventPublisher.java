package io.mentorship.events;

import io.mentorship.aws.AwsClients;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.json.Json;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Publishes mentorship events to the SNS topic, with the event type as a message attribute subscribers can filter
 * on. So that an event is never lost when the publish after a write fails, a caller first sends a delayed
 * follow-up copy straight to the delivery queue ({@link #followUp}); delivery is idempotent by event id, and it
 * checks that the reported change really happened before delivering a follow-up.
 */
public final class EventPublisher {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventPublisher.class);
    /** Longer than any function runs, so the write a follow-up reports has landed or never will. */
    public static final Duration FOLLOW_UP_DELAY = Duration.ofSeconds(60);

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
                AwsClients.sqs(env), env.require("DELIVERY_QUEUE_URL"),
                env.find("EVENT_FOLLOW_UP_SECONDS").map(Long::parseLong).map(Duration::ofSeconds)
                        .orElse(FOLLOW_UP_DELAY));
    }

    /** Sends the delayed copy of an event about to be caused; if this fails, nothing was written yet. */
    public void followUp(MentorshipEvent event) {
        sqs.sendMessage(r -> r.queueUrl(followUpQueueUrl).messageBody(Json.write(event.asFollowUp()))
                .delaySeconds((int) followUpDelay.toSeconds()));
    }

    /** Publishes an event whose follow-up was sent: a failure here is logged, the follow-up delivers it. */
    public void publishAfterFollowUp(MentorshipEvent event) {
        try {
            publish(event);
        } catch (RuntimeException e) {
            LOG.warn("event " + event.eventId() + " not published now (" + e
                    + "); its follow-up will deliver it");
        }
    }

    public void publish(MentorshipEvent event) {
        sns.publish(r -> r.topicArn(topicArn).message(Json.write(event)).messageAttributes(Map.of("type",
                MessageAttributeValue.builder().dataType("String").stringValue(event.type()).build())));
    }
}
