package io.mentorship.introductions;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** Where a mentorship stands: active until either member ends it (or leaves the program). */
public enum MentorshipStatus {
    @JsonProperty("active") ACTIVE,
    @JsonProperty("ended") ENDED;

    public static MentorshipStatus parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
