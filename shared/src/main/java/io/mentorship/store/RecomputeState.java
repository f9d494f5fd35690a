package io.mentorship.store;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a global recompute stands: still scheduling or computing members, or done with every member. */
public enum RecomputeState {
    RUNNING, DONE;

    /** As shown: lower case. */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value();
    }
}
