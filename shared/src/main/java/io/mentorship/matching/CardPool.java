package io.mentorship.matching;

import java.util.List;

/**
 * Many candidates packed for ranking: a fixed row of ints per card and all their tags in one array, laid out in
 * order, so a ranking reads memory front to back instead of chasing one object per card. Built once per set of
 * candidates (a topic partition as read, a benchmark's population).
 */
public final class CardPool {
    static final int MENTOR = 1;
    static final int ROOM = 2;
    static final int REMOTE_OK = 4;
    static final int OUTSIDE_CIRCLE = 8;
    static final int FRIENDS_SHOWN = 16;
    static final int PROFESSION_SHOWN = 32;
    static final int EDUCATION_SHOWN = 64;
    static final int LOCATION_SHOWN = 128;
    static final int COORDINATES = 256;

    static final int FLAGS = 0;
    static final int ACK = 1;
    static final int TAGS = 2;
    static final int TOPICS_END = 3;
    static final int INTERESTS_END = 4;
    static final int LANGUAGES_END = 5;
    static final int SCHOOLS = 6;
    static final int INDUSTRY = 7;
    static final int FIELD = 8;
    static final int EMPLOYER = 9;
    static final int YEARS = 10;
    static final int COUNTRY = 11;
    static final int CITY = 12;
    static final int REGION = 13;
    static final int ID_HASH = 14;
    static final int WIDTH = 15;
    /** Years of experience not given. */
    static final int NO_YEARS = Integer.MIN_VALUE;

    final List<ScoringCard> cards;
    final int[] rows;
    final int[] tags;
    final double[] coordinates;

    private CardPool(List<ScoringCard> cards) {
        this.cards = cards;
        this.rows = new int[cards.size() * WIDTH];
        int tagCount = 0;
        for (ScoringCard c : cards) {
            tagCount += c.tags.length;
        }
        this.tags = new int[tagCount];
        this.coordinates = new double[cards.size() * 2];
        int at = 0;
        for (int i = 0; i < cards.size(); i++) {
            ScoringCard c = cards.get(i);
            int row = i * WIDTH;
            rows[row + FLAGS] = (c.mentor ? MENTOR : 0) | (c.hasRoom ? ROOM : 0) | (c.remoteOk ? REMOTE_OK : 0)
                    | (c.outsideMyCircle ? OUTSIDE_CIRCLE : 0) | (c.friendsShown ? FRIENDS_SHOWN : 0)
                    | (c.professionShown ? PROFESSION_SHOWN : 0) | (c.educationShown ? EDUCATION_SHOWN : 0)
                    | (c.locationShown ? LOCATION_SHOWN : 0) | (c.coordinates ? COORDINATES : 0);
            rows[row + ACK] = c.ackVersion;
            rows[row + TAGS] = at;
            rows[row + TOPICS_END] = at + c.topicsEnd;
            rows[row + INTERESTS_END] = at + c.interestsEnd;
            rows[row + LANGUAGES_END] = at + c.languagesEnd;
            rows[row + SCHOOLS] = c.schools;
            rows[row + INDUSTRY] = c.industry;
            rows[row + FIELD] = c.field;
            rows[row + EMPLOYER] = c.employer;
            rows[row + YEARS] = c.years == null ? NO_YEARS : c.years;
            rows[row + COUNTRY] = c.country;
            rows[row + CITY] = c.city;
            rows[row + REGION] = c.region;
            rows[row + ID_HASH] = c.userId.hashCode();
            System.arraycopy(c.tags, 0, tags, at, c.tags.length);
            at += c.tags.length;
            coordinates[2 * i] = c.lat;
            coordinates[2 * i + 1] = c.lon;
        }
    }

    public static CardPool of(List<ScoringCard> cards) {
        return new CardPool(List.copyOf(cards));
    }

    public int size() {
        return cards.size();
    }
}
