package io.mentorship.delivery;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.mentorship.aws.AwsClients;
import io.mentorship.aws.InvocationMetrics;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.aws.LogContext;
import io.mentorship.events.MentorshipEvent;
import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.introductions.IntroductionStatus;
import io.mentorship.introductions.MentorshipStatus;
import io.mentorship.json.Json;
import io.mentorship.profile.Role;
import io.mentorship.queue.QueueConsumer;
import io.mentorship.store.InboxRepository;
import io.mentorship.store.IntroductionRepository;
import io.mentorship.store.MentorshipRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Delivers mentorship events: writes each recipient's inbox item, then publishes a user notification for e-mail
 * and push subscribers. The inbox key is the event's id, so a message delivered twice neither adds a second item
 * nor sends a second notification.
 */
public final class DeliveryHandler extends QueueConsumer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeliveryHandler.class);
    private final InboxRepository inbox;
    private final IntroductionRepository introductions;
    private final MentorshipRepository mentorships;
    private final GuidelinesRepository guidelines;
    private final SnsClient sns;
    private final String notificationsTopicArn;

    public DeliveryHandler() {
        this(LambdaEnvironment.current());
    }

    private DeliveryHandler(LambdaEnvironment env) {
        this(AwsClients.dynamoDb(env), env.require("TABLE_NAME"), AwsClients.sns(env),
                env.require("USER_NOTIFICATIONS_TOPIC_ARN"));
    }

    public DeliveryHandler(DynamoDbClient dynamo, String table, SnsClient sns, String notificationsTopicArn) {
        this.inbox = new InboxRepository(dynamo, table);
        this.introductions = new IntroductionRepository(dynamo, table);
        this.mentorships = new MentorshipRepository(dynamo, table);
        this.guidelines = new GuidelinesRepository(dynamo, table);
        this.sns = sns;
        this.notificationsTopicArn = notificationsTopicArn;
    }

    /** For SnapStart: reads an introduction and a mentorship that cannot exist, and an event's JSON; writes nothing. */
    @Override
    protected void prime() {
        super.prime();
        introductions.find("00000000-0000-0000-0000-000000000000");
        mentorships.find("00000000-0000-0000-0000-000000000000");
        inbox.notified("snapstart-priming", Json.read("{\"eventId\":\"e\",\"type\":\"IntroductionRequested\","
                + "\"occurredAt\":\"2026-01-01T00:00:00Z\"}", MentorshipEvent.class));
        // The SNS client, by a read: the topic's attributes.
        sns.getTopicAttributes(r -> r.topicArn(notificationsTopicArn));
        Json.read("{\"eventId\":\"e\",\"type\":\"IntroductionRequested\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}",
                MentorshipEvent.class);
    }

    @Override
    protected void handle(SQSEvent.SQSMessage message) {
        MentorshipEvent event = Json.read(message.getBody(), MentorshipEvent.class);
        LogContext.put(LogContext.EVENT_ID, event.eventId());
        LogContext.put(LogContext.MESSAGE_TYPE, event.type());
        if (event.eventId() == null || event.type() == null || event.occurredAt() == null) {
            throw new IllegalArgumentException("not a mentorship event: " + message.getBody());
        }
        if (event.isFollowUp() && !happened(event)) {
            // The write this follow-up was sent ahead of never happened (a refused or failed request).
            return;
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
            if (inbox.deliver(recipient, event) && event.isFollowUp()) {
                // The publish after the write failed: this follow-up is what delivers it.
                InvocationMetrics.count("FollowUpsRescued");
                LOG.warn("follow-up delivered {} {}: its publish had failed", event.type(), event.eventId());
            }
            // A retry after the inbox write but before the notification still notifies, exactly once.
            if (!inbox.notified(recipient, event)) {
                notify(recipient, event);
                inbox.markNotified(recipient, event);
            }
        }
        long delay = java.time.Duration.between(event.occurredAt(), java.time.Instant.now())
                .toMillis();
        LOG.info("delivered {} to {} inbox(es), {} ms after it happened", event.type(), recipients.size(), delay);
        InvocationMetrics.put("Deliveries", recipients.size(), software.amazon.cloudwatchlogs.emf.model.Unit.COUNT);
        InvocationMetrics.put("DeliveryDelay", delay, software.amazon.cloudwatchlogs.emf.model.Unit.MILLISECONDS);
    }

    /** Whether the change a follow-up reports is really there to report. */
    private boolean happened(MentorshipEvent event) {
        return switch (event.type()) {
            case MentorshipEvent.INTRODUCTION_REQUESTED -> introductions.find(event.introductionId()).isPresent();
            case MentorshipEvent.INTRODUCTION_ACCEPTED -> hasStatus(event, IntroductionStatus.ACCEPTED);
            case MentorshipEvent.INTRODUCTION_DECLINED -> hasStatus(event, IntroductionStatus.DECLINED);
            case MentorshipEvent.INTRODUCTION_WITHDRAWN -> hasStatus(event, IntroductionStatus.WITHDRAWN);
            case MentorshipEvent.INTRODUCTION_EXPIRED -> hasStatus(event, IntroductionStatus.EXPIRED);
            case MentorshipEvent.MENTORSHIP_ENDED -> mentorships.find(event.mentorshipId())
                    .filter(m -> m.status() == MentorshipStatus.ENDED).isPresent();
            case MentorshipEvent.GUIDELINES_PUBLISHED -> Role.parse(event.role())
                    .map(role -> guidelines.current(role).version() >= event.version()).orElse(false);
            default -> true;
        };
    }

    private boolean hasStatus(MentorshipEvent event, IntroductionStatus status) {
        return introductions.find(event.introductionId()).filter(i -> i.status() == status).isPresent();
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
