package io.mentorship.guidelines;

import io.mentorship.profile.Role;

/** A member's acknowledgement of a guidelines version for a role. */
public record Acknowledgement(Role role, int version, String acknowledgedAt) {
}
