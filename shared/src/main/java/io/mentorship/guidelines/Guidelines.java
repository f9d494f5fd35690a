package io.mentorship.guidelines;

import io.mentorship.profile.Role;
import java.time.Instant;
import java.util.List;

/** A published version of the program's guidelines for one role. */
public record Guidelines(Role role, int version, String title, List<String> rules, Instant publishedAt) {
}
