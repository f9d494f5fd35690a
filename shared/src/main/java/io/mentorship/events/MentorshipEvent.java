package io.mentorship.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.mentorship.matching.Commonality;
import java.util.List;

/**
 * What happened, published on the mentorship events topic; the delivery function turns it into one inbox item
 * (and one notification) per recipient. {@code eventId} makes delivery idempotent.
 *
 * @param recipients members to tell; empty for an announcement to everyone of {@code role}
 * @param followUp   true for the delayed copy sent before the change it reports is written (see
 *                   {@link EventPublisher#followUp}); delivery checks the change happened before delivering it
 */
public record MentorshipEvent(
        String eventId,
        String type,
        String occurredAt,
        List<String> recipients,
        String role,
        String introductionId,
        String mentorshipId,
        String fromUserId,
        String fromName,
        String summary,
        List<Commonality> commonalities,
        String reason,
        Integer version,
        Boolean followUp) {

    public static final String INTRODUCTION_REQUESTED = "IntroductionRequested";
    public static final String INTRODUCTION_ACCEPTED = "IntroductionAccepted";
    public static final String INTRODUCTION_DECLINED = "IntroductionDeclined";
    public static final String INTRODUCTION_WITHDRAWN = "IntroductionWithdrawn";
    public static final String INTRODUCTION_EXPIRED = "IntroductionExpired";
    public static final String MENTOR_AT_CAPACITY = "MentorAtCapacity";
    public static final String MENTORSHIP_ENDED = "MentorshipEnded";
    public static final String GUIDELINES_PUBLISHED = "GuidelinesPublished";

    @JsonIgnore
    public boolean isFollowUp() {
        return Boolean.TRUE.equals(followUp);
    }

    public MentorshipEvent asFollowUp() {
        return new MentorshipEvent(eventId, type, occurredAt, recipients, role, introductionId, mentorshipId,
                fromUserId, fromName, summary, commonalities, reason, version, true);
    }
}
