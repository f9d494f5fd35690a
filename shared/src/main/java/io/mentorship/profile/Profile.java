package io.mentorship.profile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/**
 * A member's profile as stored and as its owner reads it. The same shape is the body of {@code POST /users} and
 * {@code PUT /users/{userId}}; {@code userId}, {@code createdAt} and {@code updatedAt} are set by the service.
 */
public record Profile(
        String userId,
        String displayName,
        String headline,
        MentorOffer mentor,
        MenteeNeed mentee,
        Profession profession,
        List<Education> education,
        Location location,
        List<String> interests,
        List<String> languages,
        Preferences preferences,
        CommonalityVisibility visibility,
        Long version,
        Instant createdAt,
        Instant updatedAt) {

    /** What a mentor offers: topics, how many mentees at once, and whether they take new ones now. */
    public record MentorOffer(List<String> topics, Integer capacity, Boolean accepting) {
    }

    /** What a mentee wants help with. */
    public record MenteeNeed(List<String> topics, String goal) {
    }

    public record Profession(String title, String industry, String field, String employer, Integer yearsExperience) {
    }

    public record Education(String school, String degree, String field, Integer startYear, Integer endYear) {
    }

    public record Location(String city, String region, String country, Double lat, Double lon) {
    }

    public record Preferences(Boolean remoteOk, Boolean outsideMyCircle) {
    }

    /** Who may see each category as a commonality. */
    public record CommonalityVisibility(Visibility friends, Visibility education, Visibility location,
                                        Visibility profession) {
    }

    @JsonIgnore
    public boolean isMentor() {
        return mentor != null;
    }

    @JsonIgnore
    public boolean isMentee() {
        return mentee != null;
    }

    @JsonIgnore
    public boolean hasRole(Role role) {
        return role == Role.MENTOR ? isMentor() : isMentee();
    }

    public Profile stamped(String id, long newVersion, Instant created, Instant updated) {
        return new Profile(id, displayName, headline, mentor, mentee, profession, education, location, interests,
                languages, preferences, visibility, newVersion, created, updated);
    }
}
