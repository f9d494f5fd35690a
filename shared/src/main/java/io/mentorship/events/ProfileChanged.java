package io.mentorship.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Locale;

/**
 * A message on the {@code profile-changes} queue: something about {@code userId} changed that can alter
 * suggestions. The match function consumes it.
 *
 * @param followUp true for the delayed copy sent before the change is written (see
 *                 {@link ProfileChangePublisher#around}); the match function skips it when the change was already
 *                 matched
 */
public record ProfileChanged(String type, String userId, Change change, long version, Instant occurredAt,
                             Boolean followUp) {
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

    public static ProfileChanged of(String userId, Change change, long version, Instant occurredAt) {
        return new ProfileChanged(TYPE, userId, change, version, occurredAt, null);
    }

    @JsonIgnore
    public boolean isFollowUp() {
        return Boolean.TRUE.equals(followUp);
    }

    public ProfileChanged asFollowUp() {
        return new ProfileChanged(type, userId, change, version, occurredAt, true);
    }
}
