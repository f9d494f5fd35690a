package io.mentorship.profile;

import io.mentorship.domain.DomainException;
import io.mentorship.profile.Profile.CommonalityVisibility;
import io.mentorship.profile.Profile.Education;
import io.mentorship.profile.Profile.Location;
import io.mentorship.profile.Profile.MenteeNeed;
import io.mentorship.profile.Profile.MentorOffer;
import io.mentorship.profile.Profile.Preferences;
import io.mentorship.profile.Profile.Profession;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks every field of a submitted profile against the product's limits and returns it normalised. */
public final class ProfileValidator {
    public static final int MAX_TOPICS = 20;
    public static final int MAX_INTERESTS = 50;
    public static final int MAX_LANGUAGES = 20;
    public static final int MAX_EDUCATION = 10;
    public static final int MAX_TAG_LENGTH = 60;
    public static final int MAX_NAME_LENGTH = 80;
    public static final int MAX_SHORT_TEXT = 120;
    public static final int MAX_HEADLINE = 200;
    public static final int MAX_GOAL = 1000;
    public static final int MAX_CAPACITY = 20;
    /** The social network's own limit. */
    public static final int MAX_FRIENDS = 5000;
    /**
     * Keeps a member's friend item (the list and its confirmed part) within DynamoDB's 400 KB: 5,000 ids of 36
     * characters (a Cognito {@code sub}) fit.
     */
    public static final int MAX_FRIEND_ID_CHARACTERS = 180_000;

    private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private ProfileValidator() {
    }

    public static Profile validate(Profile in) {
        if (in == null) {
            throw DomainException.malformed("a JSON body is required");
        }
        String displayName = text(in.displayName(), "displayName", MAX_NAME_LENGTH, true);
        String headline = text(in.headline(), "headline", MAX_HEADLINE, false);
        MentorOffer mentor = in.mentor() == null ? null : mentor(in.mentor());
        MenteeNeed mentee = in.mentee() == null ? null : mentee(in.mentee());
        Profession profession = in.profession() == null ? null : profession(in.profession());
        List<Education> education = education(in.education());
        Location location = in.location() == null ? null : location(in.location());
        List<String> interests = tags(in.interests(), "interests", MAX_INTERESTS, false);
        List<String> languages = languages(in.languages());
        Preferences preferences = new Preferences(
                in.preferences() == null || in.preferences().remoteOk() == null || in.preferences().remoteOk(),
                in.preferences() != null && Boolean.TRUE.equals(in.preferences().outsideMyCircle()));
        CommonalityVisibility v = in.visibility();
        CommonalityVisibility visibility = new CommonalityVisibility(
                v == null || v.friends() == null ? Visibility.SUGGESTIONS : v.friends(),
                v == null || v.education() == null ? Visibility.SUGGESTIONS : v.education(),
                v == null || v.location() == null ? Visibility.SUGGESTIONS : v.location(),
                v == null || v.profession() == null ? Visibility.SUGGESTIONS : v.profession());
        return new Profile(null, displayName, headline, mentor, mentee, profession, education, location, interests,
                languages, preferences, visibility, in.version(), null, null);
    }

    /** A friend list: valid ids, no duplicates, not oneself. */
    public static List<String> friendIds(List<String> ids, String self) {
        if (ids == null) {
            throw DomainException.invalid("friendIds", "friendIds is required (an empty list clears it)");
        }
        if (ids.size() > MAX_FRIENDS) {
            throw DomainException.invalid("friendIds", "at most " + MAX_FRIENDS + " friends");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (!io.mentorship.domain.UserIds.isValid(id)) {
                throw DomainException.invalid("friendIds[" + i + "]", "not a valid user id");
            }
            if (id.equals(self)) {
                throw DomainException.invalid("friendIds[" + i + "]", "you cannot list yourself as a friend");
            }
            unique.add(id);
        }
        if (unique.stream().mapToInt(String::length).sum() > MAX_FRIEND_ID_CHARACTERS) {
            throw DomainException.invalid("friendIds", "at most " + MAX_FRIEND_ID_CHARACTERS
                    + " characters of ids in all");
        }
        return List.copyOf(unique);
    }

    private static MentorOffer mentor(MentorOffer m) {
        List<String> topics = tags(m.topics(), "mentor.topics", MAX_TOPICS, true);
        if (m.capacity() == null) {
            throw DomainException.invalid("mentor.capacity", "capacity is required for mentors");
        }
        if (m.capacity() < 1 || m.capacity() > MAX_CAPACITY) {
            throw DomainException.invalid("mentor.capacity", "capacity must be between 1 and " + MAX_CAPACITY);
        }
        return new MentorOffer(topics, m.capacity(), m.accepting() == null || m.accepting());
    }

    private static MenteeNeed mentee(MenteeNeed m) {
        return new MenteeNeed(tags(m.topics(), "mentee.topics", MAX_TOPICS, true),
                text(m.goal(), "mentee.goal", MAX_GOAL, false));
    }

    private static Profession profession(Profession p) {
        Integer years = p.yearsExperience();
        if (years != null && (years < 0 || years > 70)) {
            throw DomainException.invalid("profession.yearsExperience", "yearsExperience must be between 0 and 70");
        }
        return new Profession(
                text(p.title(), "profession.title", MAX_SHORT_TEXT, false),
                text(p.industry(), "profession.industry", MAX_SHORT_TEXT, false),
                text(p.field(), "profession.field", MAX_SHORT_TEXT, false),
                text(p.employer(), "profession.employer", MAX_SHORT_TEXT, false),
                years);
    }

    private static List<Education> education(List<Education> list) {
        if (list == null) {
            return List.of();
        }
        if (list.size() > MAX_EDUCATION) {
            throw DomainException.invalid("education", "at most " + MAX_EDUCATION + " entries");
        }
        List<Education> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Education e = list.get(i);
            String at = "education[" + i + "]";
            if (e == null) {
                throw DomainException.invalid(at, "an entry cannot be null");
            }
            Integer start = year(e.startYear(), at + ".startYear");
            Integer end = year(e.endYear(), at + ".endYear");
            if (start != null && end != null && end < start) {
                throw DomainException.invalid(at + ".endYear", "endYear is before startYear");
            }
            out.add(new Education(
                    text(e.school(), at + ".school", MAX_SHORT_TEXT, true),
                    text(e.degree(), at + ".degree", MAX_SHORT_TEXT, false),
                    text(e.field(), at + ".field", MAX_SHORT_TEXT, false),
                    start, end));
        }
        return List.copyOf(out);
    }

    private static Integer year(Integer year, String field) {
        if (year != null && (year < 1900 || year > 2100)) {
            throw DomainException.invalid(field, "a year between 1900 and 2100");
        }
        return year;
    }

    private static Location location(Location l) {
        String country = null;
        if (l.country() != null) {
            country = l.country().strip().toUpperCase(Locale.ROOT);
            if (!COUNTRIES.contains(country)) {
                throw DomainException.invalid("location.country", "an ISO 3166-1 alpha-2 country code, such as PT");
            }
        }
        if ((l.lat() == null) != (l.lon() == null)) {
            throw DomainException.invalid(l.lat() == null ? "location.lat" : "location.lon", "give both lat and lon");
        }
        if (l.lat() != null && (l.lat() < -90 || l.lat() > 90 || l.lat().isNaN())) {
            throw DomainException.invalid("location.lat", "lat must be between -90 and 90");
        }
        if (l.lon() != null && (l.lon() < -180 || l.lon() > 180 || l.lon().isNaN())) {
            throw DomainException.invalid("location.lon", "lon must be between -180 and 180");
        }
        return new Location(
                text(l.city(), "location.city", MAX_SHORT_TEXT, false),
                text(l.region(), "location.region", MAX_SHORT_TEXT, false),
                country, l.lat(), l.lon());
    }

    private static List<String> languages(List<String> list) {
        if (list == null) {
            return List.of();
        }
        if (list.size() > MAX_LANGUAGES) {
            throw DomainException.invalid("languages", "at most " + MAX_LANGUAGES + " languages");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String code = list.get(i) == null ? "" : list.get(i).strip().toLowerCase(Locale.ROOT);
            if (code.length() != 2 || !LANGUAGES.contains(code)) {
                throw DomainException.invalid("languages[" + i + "]", "an ISO 639-1 code, such as en or pt");
            }
            out.add(code);
        }
        return List.copyOf(out);
    }

    static List<String> tags(List<String> list, String field, int max, boolean required) {
        if (list == null || list.isEmpty()) {
            if (required) {
                throw DomainException.invalid(field, "at least one is required");
            }
            return List.of();
        }
        if (list.size() > max) {
            throw DomainException.invalid(field, "at most " + max + " entries");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String raw = list.get(i);
            String tag = raw == null ? "" : Tags.normalize(raw);
            if (tag.isEmpty()) {
                throw DomainException.invalid(field + "[" + i + "]", "an entry cannot be empty");
            }
            if (tag.length() > MAX_TAG_LENGTH) {
                throw DomainException.invalid(field + "[" + i + "]", "at most " + MAX_TAG_LENGTH + " characters");
            }
            out.add(tag);
        }
        return List.copyOf(out);
    }

    static String text(String raw, String field, int max, boolean required) {
        String value = raw == null ? null : raw.strip();
        if (value == null || value.isEmpty()) {
            if (required) {
                throw DomainException.invalid(field, field + " is required");
            }
            return null;
        }
        if (value.codePointCount(0, value.length()) > max) {
            throw DomainException.invalid(field, "at most " + max + " characters");
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw DomainException.invalid(field, "control characters are not allowed");
        }
        return value;
    }

}
