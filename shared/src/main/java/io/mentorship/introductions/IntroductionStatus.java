package io.mentorship.introductions;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.Optional;

/** Where an introduction stands. Only a pending one can change, and only once. */
public enum IntroductionStatus {
    @JsonProperty("pending") PENDING,
    @JsonProperty("accepted") ACCEPTED,
    @JsonProperty("declined") DECLINED,
    @JsonProperty("withdrawn") WITHDRAWN,
    @JsonProperty("expired") EXPIRED,
    /** Ended by the system: one of the two blocked the other, or erased their account. */
    @JsonProperty("cancelled") CANCELLED;

    public static Optional<IntroductionStatus> parse(String value) {
        for (IntroductionStatus s : values()) {
            if (s.toString().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
