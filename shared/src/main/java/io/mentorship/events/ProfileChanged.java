package io.mentorship.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * A message on the {@code profile-changes} queue: something about {@code userId} changed that can alter
 * suggestions. The match function consumes it.
 */
public record ProfileChanged(String type, String userId, Change change, long version, String occurredAt) {
    public static final String TYPE = "ProfileChanged";

    public enum Change {
        @JsonProperty("created") CREATED,
        @JsonProperty("updated") UPDATED,
        @JsonProperty("deleted") DELETED,
        @JsonProperty("friends") FRIENDS,
        @JsonProperty("acknowledged") ACKNOWLEDGED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static ProfileChanged of(String userId, Change change, long version, String occurredAt) {
        return new ProfileChanged(TYPE, userId, change, version, occurredAt);
    }
}
