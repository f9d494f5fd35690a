package io.mentorship.introductions;

import io.mentorship.matching.Commonality;
import io.mentorship.profile.Role;
import java.time.Instant;
import java.util.List;

/**
 * One member asking to be introduced to another, as mentee of (or mentor to) them, with what the two have in
 * common. The recipient decides.
 */
public record Introduction(
        String id,
        String requesterId,
        String recipientId,
        Role as,
        String mentorId,
        String menteeId,
        String message,
        IntroductionStatus status,
        List<Commonality> commonalities,
        Instant createdAt,
        Instant expiresAt,
        Instant decidedAt,
        String declineReason,
        String mentorshipId) {

    public boolean involves(String userId) {
        return requesterId.equals(userId) || recipientId.equals(userId);
    }

    public String counterpartOf(String userId) {
        return requesterId.equals(userId) ? recipientId : requesterId;
    }
}
