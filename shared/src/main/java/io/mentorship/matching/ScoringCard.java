package io.mentorship.matching;

import io.mentorship.profile.Visibility;
import java.util.Arrays;
import java.util.Collection;

/**
 * What scoring reads about one card, computed once per card instead of once per pair: tags as sorted int arrays,
 * free text as case-folded ids, coordinates in radians. Ranking a member against N cards then compares ints.
 */
public final class ScoringCard {
    private static final double KM_PER_RADIAN = 6371.0088;

    final MatchCard card;
    final boolean mentor;
    final int[] topics;
    final int[] interests;
    final int[] languages;
    final int industry;
    final int field;
    final int employer;
    final Integer years;
    final int[] schools;
    final int[] schoolFields;
    final int city;
    final int region;
    final String country;
    final boolean coordinates;
    final double lat;
    final double lon;
    final boolean friendsShown;
    final boolean professionShown;
    final boolean educationShown;
    final boolean locationShown;

    private ScoringCard(MatchCard card) {
        this.card = card;
        this.mentor = card.isMentor();
        this.topics = exact(card.topics());
        this.interests = exact(card.interests());
        this.languages = exact(card.languages());
        this.industry = Tags.ignoringCase(card.work().industry());
        this.field = Tags.ignoringCase(card.work().field());
        this.employer = Tags.ignoringCase(card.work().employer());
        this.years = card.work().yearsExperience();
        this.schools = card.schools().stream().mapToInt(s -> Tags.ignoringCase(s.school())).toArray();
        this.schoolFields = card.schools().stream().mapToInt(s -> Tags.ignoringCase(s.field())).toArray();
        MatchCard.Place place = card.place();
        this.country = place.country();
        this.city = country == null ? Tags.NONE : Tags.ignoringCase(place.city());
        this.region = country == null ? Tags.NONE : Tags.ignoringCase(place.region());
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
        return card.userId();
    }

    private static int[] exact(Collection<String> values) {
        int[] ids = values.stream().mapToInt(Tags::exact).toArray();
        Arrays.sort(ids);
        return ids;
    }

    /** How many ids two sorted arrays share. */
    static int shared(int[] a, int[] b) {
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                n++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return n;
    }

    static boolean intersect(int[] a, int[] b) {
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                return true;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return false;
    }

    static boolean same(int a, int b) {
        return a != Tags.NONE && a == b;
    }

    boolean sameCountry(ScoringCard other) {
        return country != null && country.equals(other.country);
    }

    /**
     * Whether the two are certainly more than {@code km} apart, from their latitudes alone: the great-circle distance
     * is never shorter than the north-south one. Saves the trigonometry for most pairs.
     */
    boolean fartherThan(ScoringCard other, double km) {
        return Math.abs(Math.toRadians(other.lat - lat)) * KM_PER_RADIAN > km + 0.5;
    }

    double km(ScoringCard other) {
        return Geo.km(lat, lon, other.lat, other.lon);
    }
}
