package io.mentorship.delivery;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.mentorship.aws.AwsClients;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.introductions.MentorshipEvent;
import io.mentorship.json.Json;
import io.mentorship.queue.QueueConsumer;
import io.mentorship.store.InboxRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Delivers mentorship events: writes each recipient's inbox item, then publishes a user notification for e-mail
 * and push subscribers. The inbox key is the event's id, so a message delivered twice neither adds a second item
 * nor sends a second notification.
 */
public final class DeliveryHandler extends QueueConsumer {
    private final InboxRepository inbox;
    private final SnsClient sns;
    private final String notificationsTopicArn;

    public DeliveryHandler() {
        this(LambdaEnvironment.current());
    }

    private DeliveryHandler(LambdaEnvironment env) {
        this(new InboxRepository(AwsClients.dynamoDb(env), env.require("TABLE_NAME")), AwsClients.sns(env),
                env.require("USER_NOTIFICATIONS_TOPIC_ARN"));
    }

    public DeliveryHandler(InboxRepository inbox, SnsClient sns, String notificationsTopicArn) {
        this.inbox = inbox;
        this.sns = sns;
        this.notificationsTopicArn = notificationsTopicArn;
    }

    @Override
    protected void handle(SQSEvent.SQSMessage message) {
        MentorshipEvent event = Json.read(message.getBody(), MentorshipEvent.class);
        if (event.eventId() == null || event.type() == null || event.occurredAt() == null) {
            throw new IllegalArgumentException("not a mentorship event: " + message.getBody());
        }
        List<String> recipients = event.recipients() == null ? List.of() : event.recipients();
        if (recipients.isEmpty()) {
            if (event.role() == null) {
                throw new IllegalArgumentException("an event with neither recipients nor role: " + event.eventId());
            }
            inbox.deliver(null, event);
            return;
        }
        for (String recipient : recipients) {
            inbox.deliver(recipient, event);
            // A retry after the inbox write but before the notification still notifies, exactly once.
            if (!inbox.notified(recipient, event)) {
                notify(recipient, event);
                inbox.markNotified(recipient, event);
            }
        }
    }

    private void notify(String recipient, MentorshipEvent event) {
        Map<String, Object> notification = new LinkedHashMap<>();
        notification.put("userId", recipient);
        notification.put("eventId", event.eventId());
        notification.put("type", event.type());
        notification.put("summary", event.summary());
        notification.put("introductionId", event.introductionId());
        sns.publish(r -> r.topicArn(notificationsTopicArn).message(Json.write(notification)).messageAttributes(Map.of(
                "userId", MessageAttributeValue.builder().dataType("String").stringValue(recipient).build(),
                "type", MessageAttributeValue.builder().dataType("String").stringValue(event.type()).build())));
    }
}
