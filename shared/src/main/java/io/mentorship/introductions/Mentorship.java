package io.mentorship.introductions;

import java.time.Instant;

/** An accepted introduction: a mentor and a mentee working together until either ends it. */
public record Mentorship(
        String id,
        String mentorId,
        String menteeId,
        String introductionId,
        MentorshipStatus status,
        Instant startedAt,
        Instant endedAt,
        String endedBy,
        Integer rating,
        String feedback) {
    public boolean involves(String userId) {
        return mentorId.equals(userId) || menteeId.equals(userId);
    }
}
