package io.mentorship.store;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a cohort's assignment run stands: queued, running, proposed, publishing, published, or failed. */
public enum RunState {
    QUEUED, RUNNING, PROPOSED, PUBLISHING, PUBLISHED, FAILED;

    /** As stored and shown: lower case. */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunState parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The attribute that records when a run entered this state. */
    String enteredAt() {
        return switch (this) {
            case QUEUED -> "requestedAt";
            case RUNNING -> "startedAt";
            case PUBLISHING -> "publishRequestedAt";
            case PUBLISHED -> "publishedAt";
            case PROPOSED, FAILED -> "finishedAt";
        };
    }

    @Override
    public String toString() {
        return value();
    }
}
