package io.mentorship.local.introductions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.mentorship.events.EventPublisher;
import io.mentorship.events.MentorshipEvent;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.introductions.Introduction;
import io.mentorship.introductions.IntroductionService;
import io.mentorship.introductions.IntroductionServices;
import io.mentorship.json.Json;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.Api;
import io.mentorship.local.testing.Fixtures;
import io.mentorship.local.testing.Members;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.Queues;
import io.mentorship.local.testing.TestStack;
import io.mentorship.profile.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/**
 * An introduction the requester was told about reaches the recipient even when SNS refuses the event after the
 * write: the follow-up sent ahead of the write is delivered. A follow-up for a change that never happened is not.
 */
class EventFollowUpIT {
    /** SNS that is down (simulated): every publish fails. */
    private static final SnsClient SNS_DOWN = new SnsClient() {
        @Override
        public PublishResponse publish(PublishRequest request) {
            throw new IllegalStateException("SNS is unreachable (simulated)");
        }

        @Override
        public String serviceName() {
            return "sns";
        }

        @Override
        public void close() {
        }
    };

    @Test
    void theFollowUpDeliversAnIntroductionWhoseEventCouldNotBePublished() {
        LocalRuntime runtime = TestStack.serving();
        Members members = new Members(runtime);
        String topic = Profiles.uniqueId("followup");
        String mentee = members.ready("Mia", "mentee", topic);
        String mentor = members.ready("Rita", "mentor", topic);
        String table = runtime.stack().resource("MentorshipTable").ref();
        IntroductionService withSnsDown = IntroductionServices.create(runtime.dynamo(), table,
                new EventPublisher(SNS_DOWN, "arn:aws:sns:down", runtime.sqs(), Queues.url(runtime, "DeliveryQueue"),
                        Duration.ofSeconds(2)),
                new ProfileChangePublisher(runtime.sqs(), Queues.url(runtime, "ProfileChangesQueue")),
                Clock.systemUTC()).introductions();

        Introduction intro = withSnsDown.request(mentee, mentor, Role.MENTEE, "Hello");

        var delivered = members.awaitInboxItem(mentor, MentorshipEvent.INTRODUCTION_REQUESTED);
        assertThat(delivered.path("introductionId").asText()).isEqualTo(intro.id());
        assertThat(delivered.path("commonalities")).isNotEmpty();
    }

    @Test
    void aFollowUpForAChangeThatNeverHappenedIsNotDelivered() {
        LocalRuntime runtime = TestStack.quiet();
        String recipient = Profiles.uniqueId("recipient");
        MentorshipEvent neverAccepted = MentorshipEvent.introductionAccepted(Instant.parse("2026-11-25T17:00:00Z"),
                List.of(recipient), "00000000-0000-4000-8000-000000000000", null, "someone", "Someone",
                "Someone accepted").withEventId("evt-" + recipient).asFollowUp();
        SQSEvent event = Fixtures.sqs("delivery-introduction-requested.json");
        event.getRecords().getFirst().setBody(Json.write(neverAccepted));

        runtime.function("DeliveryFunction").invoke(event);

        assertThat(Api.as(runtime, recipient).get("/users/" + recipient + "/inbox").json().path("items")).isEmpty();
        // The same event as published (not a follow-up) is delivered.
        event.getRecords().getFirst().setBody(Json.write(neverAccepted).replace("\"followUp\":true,", "")
                .replace(",\"followUp\":true", ""));
        runtime.function("DeliveryFunction").invoke(event);
        assertThat(Api.as(runtime, recipient).get("/users/" + recipient + "/inbox").json().path("items")).hasSize(1);
    }
}
