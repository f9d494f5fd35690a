package io.mentorship.guidelines;

import io.mentorship.profile.Role;
import java.time.Instant;

/** A member's acknowledgement of a guidelines version for a role. */
public record Acknowledgement(Role role, int version, Instant acknowledgedAt) {
}
