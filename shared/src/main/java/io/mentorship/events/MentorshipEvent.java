package io.mentorship.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.mentorship.matching.Commonality;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
        Instant occurredAt,
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

    /** {@code fromUserId} asks to be introduced; the recipients see why the two fit. */
    public static MentorshipEvent introductionRequested(Instant at, List<String> recipients, String introductionId,
            String fromUserId, String fromName, String summary, List<Commonality> commonalities) {
        return new MentorshipEvent(newId(), INTRODUCTION_REQUESTED, at, recipients, null, introductionId,
                null, fromUserId, fromName, summary, commonalities, null, null, null);
    }

    /** The recipient accepted: mentorship {@code mentorshipId} started. */
    public static MentorshipEvent introductionAccepted(Instant at, List<String> recipients, String introductionId,
            String mentorshipId, String fromUserId, String fromName, String summary) {
        return new MentorshipEvent(newId(), INTRODUCTION_ACCEPTED, at, recipients, null, introductionId,
                mentorshipId, fromUserId, fromName, summary, null, null, null, null);
    }

    /** The recipient declined, saying why. */
    public static MentorshipEvent introductionDeclined(Instant at, List<String> recipients, String introductionId,
            String fromUserId, String fromName, String summary, String reason) {
        return new MentorshipEvent(newId(), INTRODUCTION_DECLINED, at, recipients, null, introductionId,
                null, fromUserId, fromName, summary, null, reason, null, null);
    }

    /** The requester withdrew (or left the program). */
    public static MentorshipEvent introductionWithdrawn(Instant at, List<String> recipients, String introductionId,
            String fromUserId, String fromName, String summary) {
        return new MentorshipEvent(newId(), INTRODUCTION_WITHDRAWN, at, recipients, null, introductionId,
                null, fromUserId, fromName, summary, null, null, null, null);
    }

    /** Nobody answered in time. */
    public static MentorshipEvent introductionExpired(Instant at, List<String> recipients, String introductionId,
            String fromUserId, String fromName, String summary) {
        return new MentorshipEvent(newId(), INTRODUCTION_EXPIRED, at, recipients, null, introductionId,
                null, fromUserId, fromName, summary, null, null, null, null);
    }

    /** A courtesy to the other requesters: the mentor they asked has no room now. */
    public static MentorshipEvent mentorAtCapacity(Instant at, List<String> requesters, String mentorId,
            String mentorName, String summary) {
        return new MentorshipEvent(newId(), MENTOR_AT_CAPACITY, at, requesters, null, null, null,
                mentorId, mentorName, summary, null, null, null, null);
    }

    /** One member ended the mentorship; the other is told. */
    public static MentorshipEvent mentorshipEnded(Instant at, List<String> recipients, String introductionId,
            String mentorshipId, String byUserId, String byName, String summary) {
        return new MentorshipEvent(newId(), MENTORSHIP_ENDED, at, recipients, null, introductionId,
                mentorshipId, byUserId, byName, summary, null, null, null, null);
    }

    /** New guidelines for everyone of {@code role} (no recipients: an announcement). */
    public static MentorshipEvent guidelinesPublished(Instant at, String role, int version, String summary) {
        return new MentorshipEvent(newId(), GUIDELINES_PUBLISHED, at, List.of(), role, null, null, null,
                null, summary, null, null, version, null);
    }

    /** The same event under another id (tests that need to know it in advance). */
    public MentorshipEvent withEventId(String id) {
        return new MentorshipEvent(id, type, occurredAt, recipients, role, introductionId, mentorshipId,
                fromUserId, fromName, summary, commonalities, reason, version, followUp);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    @JsonIgnore
    public boolean isFollowUp() {
        return Boolean.TRUE.equals(followUp);
    }

    public MentorshipEvent asFollowUp() {
        return new MentorshipEvent(eventId, type, occurredAt, recipients, role, introductionId, mentorshipId,
                fromUserId, fromName, summary, commonalities, reason, version, true);
    }
}
