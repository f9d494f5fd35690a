package io.mentorship.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.Optional;

/** The two sides of a mentorship. */
public enum Role {
    @JsonProperty("mentor") MENTOR,
    @JsonProperty("mentee") MENTEE;

    public Role counterpart() {
        return this == MENTOR ? MENTEE : MENTOR;
    }

    public static Optional<Role> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value) {
            case "mentor" -> Optional.of(MENTOR);
            case "mentee" -> Optional.of(MENTEE);
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
