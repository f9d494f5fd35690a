package io.mentorship.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** Who may see a category of a profile as a point in common. */
public enum Visibility {
    /** Anyone who sees the member's card. */
    @JsonProperty("everyone") EVERYONE,
    /** Only people the member is suggested to or introduced to. */
    @JsonProperty("suggestions") SUGGESTIONS,
    /** Never shown. */
    @JsonProperty("nobody") NOBODY;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
