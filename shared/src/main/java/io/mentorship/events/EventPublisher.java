package io.mentorship.events;

import io.mentorship.json.Json;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/** Publishes domain events to an SNS topic, with the event type as a message attribute subscribers can filter on. */
public final class EventPublisher {
    private final SnsClient sns;
    private final String topicArn;

    public EventPublisher(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    public void publish(String type, Object event) {
        sns.publish(r -> r.topicArn(topicArn).message(Json.write(event)).messageAttributes(Map.of("type",
                MessageAttributeValue.builder().dataType("String").stringValue(type).build())));
    }
}
