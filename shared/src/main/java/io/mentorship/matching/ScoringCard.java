package io.mentorship.matching;

import io.mentorship.profile.Role;
import io.mentorship.profile.Visibility;
import java.util.Arrays;
import java.util.Collection;

/**
 * What scoring reads about one card, computed once per card instead of once per pair: every tag interned into one
 * int array (topics, interests, languages sorted; then schools and their fields), free text as case-folded ids,
 * the flags the hard filters test. Ranking a member against N cards then compares ints in about two cache lines per
 * candidate.
 */
public final class ScoringCard {
    private static final double KM_PER_RADIAN = 6371.0088;

    final MatchCard card;
    final String userId;
    final Role role;
    final boolean mentor;
    final int ackVersion;
    final boolean hasRoom;
    final boolean remoteOk;
    final boolean outsideMyCircle;
    /** Topics, interests and languages (each sorted), then school ids, then school field ids. */
    final int[] tags;
    final int topicsEnd;
    final int interestsEnd;
    final int languagesEnd;
    final int schools;
    final int industry;
    final int field;
    final int employer;
    final Integer years;
    final int country;
    final int city;
    final int region;
    final boolean coordinates;
    final double lat;
    final double lon;
    final boolean friendsShown;
    final boolean professionShown;
    final boolean educationShown;
    final boolean locationShown;

    private ScoringCard(MatchCard card) {
        this.card = card;
        this.userId = card.userId();
        this.role = card.role();
        this.mentor = card.isMentor();
        this.ackVersion = card.ackVersion();
        this.hasRoom = card.hasRoomForAMentee();
        this.remoteOk = card.remoteOk();
        this.outsideMyCircle = card.outsideMyCircle();
        int[] topics = exact(card.topics());
        int[] interests = exact(card.interests());
        int[] languages = exact(card.languages());
        this.schools = card.schools().size();
        this.tags = new int[topics.length + interests.length + languages.length + 2 * schools];
        System.arraycopy(topics, 0, tags, 0, topics.length);
        this.topicsEnd = topics.length;
        System.arraycopy(interests, 0, tags, topicsEnd, interests.length);
        this.interestsEnd = topicsEnd + interests.length;
        System.arraycopy(languages, 0, tags, interestsEnd, languages.length);
        this.languagesEnd = interestsEnd + languages.length;
        for (int i = 0; i < schools; i++) {
            tags[languagesEnd + i] = Tags.ignoringCase(card.schools().get(i).school());
            tags[languagesEnd + schools + i] = Tags.ignoringCase(card.schools().get(i).field());
        }
        this.industry = Tags.ignoringCase(card.work().industry());
        this.field = Tags.ignoringCase(card.work().field());
        this.employer = Tags.ignoringCase(card.work().employer());
        this.years = card.work().yearsExperience();
        MatchCard.Place place = card.place();
        this.country = Tags.exact(place.country());
        this.city = country == Tags.NONE ? Tags.NONE : Tags.ignoringCase(place.city());
        this.region = country == Tags.NONE ? Tags.NONE : Tags.ignoringCase(place.region());
        this.coordinates = place.hasCoordinates();
        this.lat = coordinates ? place.lat() : 0;
        this.lon = coordinates ? place.lon() : 0;
        this.friendsShown = card.privacy().friends() != Visibility.NOBODY;
        this.professionShown = card.privacy().profession() != Visibility.NOBODY;
        this.educationShown = card.privacy().education() != Visibility.NOBODY;
        this.locationShown = card.privacy().location() != Visibility.NOBODY;
    }

    public static ScoringCard of(MatchCard card) {
        return new ScoringCard(card);
    }

    public MatchCard card() {
        return card;
    }

    public String userId() {
        return userId;
    }

    private static int[] exact(Collection<String> values) {
        int[] ids = values.stream().mapToInt(Tags::exact).toArray();
        Arrays.sort(ids);
        return ids;
    }

    int school(int i) {
        return tags[languagesEnd + i];
    }

    int schoolField(int i) {
        return tags[languagesEnd + schools + i];
    }

    static boolean same(int a, int b) {
        return a != Tags.NONE && a == b;
    }

    /**
     * Whether the two are certainly more than {@code km} apart, from their latitudes alone: the great-circle distance
     * is never shorter than the north-south one. Saves the trigonometry for most pairs.
     */
    boolean fartherThan(double otherLat, double km) {
        return Math.abs(Math.toRadians(otherLat - lat)) * KM_PER_RADIAN > km + 0.5;
    }
}
