package io.mentorship.matching;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import io.mentorship.profile.Visibility;
import java.text.Normalizer;
import java.util.List;
import java.util.Set;

/**
 * What matching knows about a member in one role: the normalised facts the hard filters and criteria compare,
 * with the display text the explanations quote. Built from a profile. A member's listing keeps it as JSON with
 * one-letter names; the candidate index keeps it in binary without the name ({@code store/IndexCodec}), so that
 * reading a whole topic partition stays cheap (an index item is about 300 bytes).
 *
 * @param topics        offered topics for a mentor card, wanted topics for a mentee card
 * @param ackVersion    the guidelines version of this role the member acknowledged (0: none)
 * @param activeMentees mentorships in progress (mentor cards; capacity is full when it reaches capacity)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MatchCard(
        @JsonProperty("u") String userId,
        @JsonProperty("n") String displayName,
        @JsonProperty("r") Role role,
        @JsonProperty("t") Set<String> topics,
        @JsonProperty("c") int capacity,
        @JsonProperty("m") int activeMentees,
        @JsonProperty("a") boolean accepting,
        @JsonProperty("l") Set<String> languages,
        @JsonProperty("i") Set<String> interests,
        @JsonProperty("w") Work work,
        @JsonProperty("s") List<School> schools,
        @JsonProperty("p") Place place,
        @JsonProperty("v") Privacy privacy,
        @JsonProperty("ro") boolean remoteOk,
        @JsonProperty("oc") boolean outsideMyCircle,
        @JsonProperty("g") int ackVersion) {

    /** Profession, with comparison keys. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Work(@JsonProperty("i") String industry, @JsonProperty("f") String field,
                       @JsonProperty("e") String employer, @JsonProperty("y") Integer yearsExperience) {
        public static final Work NONE = new Work(null, null, null, null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record School(@JsonProperty("s") String school, @JsonProperty("f") String field) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Place(@JsonProperty("c") String city, @JsonProperty("r") String region,
                        @JsonProperty("k") String country, @JsonProperty("la") Double lat,
                        @JsonProperty("lo") Double lon) {
        public static final Place NONE = new Place(null, null, null, null, null);

        @JsonIgnore
        public boolean hasCoordinates() {
            return lat != null && lon != null;
        }
    }

    public record Privacy(@JsonProperty("f") Visibility friends, @JsonProperty("e") Visibility education,
                          @JsonProperty("l") Visibility location, @JsonProperty("p") Visibility profession) {
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
