package io.mentorship.introductions;

/** An accepted introduction: a mentor and a mentee working together until either ends it. */
public record Mentorship(
        String id,
        String mentorId,
        String menteeId,
        String introductionId,
        MentorshipStatus status,
        String startedAt,
        String endedAt,
        String endedBy,
        Integer rating,
        String feedback) {
    public boolean involves(String userId) {
        return mentorId.equals(userId) || menteeId.equals(userId);
    }
}
