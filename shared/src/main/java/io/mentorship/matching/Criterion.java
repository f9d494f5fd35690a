package io.mentorship.matching;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the score weighs. Admins tune the weights; each criterion's own score is between 0 and 1. */
public enum Criterion {
    @JsonProperty("topics") TOPICS(35),
    @JsonProperty("friends") FRIENDS(15),
    @JsonProperty("interests") INTERESTS(10),
    @JsonProperty("profession") PROFESSION(10),
    @JsonProperty("education") EDUCATION(10),
    @JsonProperty("location") LOCATION(10),
    @JsonProperty("languages") LANGUAGES(5),
    @JsonProperty("experience") EXPERIENCE(5);

    private final int defaultWeight;

    Criterion(int defaultWeight) {
        this.defaultWeight = defaultWeight;
    }

    public int defaultWeight() {
        return defaultWeight;
    }

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
