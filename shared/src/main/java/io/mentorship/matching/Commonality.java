package io.mentorship.matching;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** A true thing two members have in common, with a sentence a person can read and the facts behind it. */
public record Commonality(Type type, String summary, Map<String, Object> details) {
    public enum Type {
        @JsonProperty("FRIENDS") FRIENDS,
        @JsonProperty("TOPICS") TOPICS,
        @JsonProperty("EDUCATION") EDUCATION,
        @JsonProperty("LOCATION") LOCATION,
        @JsonProperty("PROFESSION") PROFESSION,
        @JsonProperty("INTERESTS") INTERESTS,
        @JsonProperty("LANGUAGES") LANGUAGES
    }
}
