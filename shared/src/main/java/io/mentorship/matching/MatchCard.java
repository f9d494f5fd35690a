package io.mentorship.matching;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import io.mentorship.profile.Visibility;
import java.text.Normalizer;
import java.util.List;
import java.util.Set;

/**
 * What matching knows about a member in one role: the normalised facts the hard filters and criteria compare,
 * with the display text the explanations quote. Built from a profile; stored in the candidate index.
 *
 * @param topics        offered topics for a mentor card, wanted topics for a mentee card
 * @param ackVersion    the guidelines version of this role the member acknowledged (0: none)
 * @param activeMentees mentorships in progress (mentor cards; capacity is full when it reaches capacity)
 */
public record MatchCard(
        String userId,
        String displayName,
        Role role,
        Set<String> topics,
        int capacity,
        int activeMentees,
        boolean accepting,
        Set<String> languages,
        Set<String> interests,
        Work work,
        List<School> schools,
        Place place,
        Privacy privacy,
        boolean remoteOk,
        boolean outsideMyCircle,
        int ackVersion) {

    /** Profession, with comparison keys. */
    public record Work(String industry, String field, String employer, Integer yearsExperience) {
        public static final Work NONE = new Work(null, null, null, null);
    }

    public record School(String school, String field) {
    }

    public record Place(String city, String region, String country, Double lat, Double lon) {
        public static final Place NONE = new Place(null, null, null, null, null);

        @JsonIgnore
        public boolean hasCoordinates() {
            return lat != null && lon != null;
        }
    }

    public record Privacy(Visibility friends, Visibility education, Visibility location, Visibility profession) {
        public static final Privacy DEFAULT = new Privacy(Visibility.SUGGESTIONS, Visibility.SUGGESTIONS,
                Visibility.SUGGESTIONS, Visibility.SUGGESTIONS);
    }

    @JsonIgnore
    public boolean isMentor() {
        return role == Role.MENTOR;
    }

    @JsonIgnore
    public boolean hasRoomForAMentee() {
        return accepting && activeMentees < capacity;
    }

    /** The card of {@code profile} in {@code role}, or null when the profile does not take that role. */
    public static MatchCard of(Profile profile, Role role, int ackVersion, int activeMentees) {
        if (!profile.hasRole(role)) {
            return null;
        }
        List<String> topics = role == Role.MENTOR ? profile.mentor().topics() : profile.mentee().topics();
        Profile.Profession p = profile.profession();
        Work work = p == null ? Work.NONE : new Work(display(p.industry()), display(p.field()), display(p.employer()),
                p.yearsExperience());
        List<School> schools = profile.education() == null ? List.of() : profile.education().stream()
                .map(e -> new School(display(e.school()), display(e.field())))
                .toList();
        Profile.Location l = profile.location();
        Place place = l == null ? Place.NONE : new Place(display(l.city()), display(l.region()), l.country(),
                l.lat(), l.lon());
        Profile.CommonalityVisibility v = profile.visibility();
        Privacy privacy = v == null ? Privacy.DEFAULT
                : new Privacy(v.friends(), v.education(), v.location(), v.profession());
        boolean remoteOk = profile.preferences() == null || !Boolean.FALSE.equals(profile.preferences().remoteOk());
        boolean outside = profile.preferences() != null
                && Boolean.TRUE.equals(profile.preferences().outsideMyCircle());
        return new MatchCard(profile.userId(), profile.displayName(), role, Set.copyOf(topics),
                role == Role.MENTOR ? profile.mentor().capacity() : 0, activeMentees,
                role == Role.MENTOR && Boolean.TRUE.equals(profile.mentor().accepting()),
                Set.copyOf(profile.languages() == null ? List.of() : profile.languages()),
                Set.copyOf(profile.interests() == null ? List.of() : profile.interests()),
                work, schools, place, privacy, remoteOk, outside, ackVersion);
    }

    /** Free text in its canonical form (width and spacing), so comparisons need only ignore case. */
    private static String display(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Normalizer.normalize(value, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ");
    }

    /** Two free-text values name the same thing when they are equal but for case. */
    static boolean same(String a, String b) {
        return a != null && b != null && a.equalsIgnoreCase(b);
    }
}
