package io.mentorship.guidelines;

import io.mentorship.profile.Role;
import java.util.List;

/** A published version of the program's guidelines for one role. */
public record Guidelines(Role role, int version, String title, List<String> rules, String publishedAt) {
}
