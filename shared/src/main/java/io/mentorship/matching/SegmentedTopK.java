package io.mentorship.matching;

import io.mentorship.matching.MatchCard.Place;
import io.mentorship.matching.MatchCard.School;
import io.mentorship.profile.Role;
import io.mentorship.profile.Visibility;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The exact top K of one topic's cards without reading them all. A writer splits the topic's cards into segments
 * by keys that bound the score (place, industry, field, ...), possibly splitting those further level by level, and
 * keeps, per segment, a summary of what its cards hold; a computation bounds each segment's best score for the
 * viewer, opens segments best bound first (a split one by reading its children's summaries, a final one by reading
 * its cards) and stops once no unopened segment can reach the current K-th.
 *
 * <p>Exactness rests on two facts. A segment's bound is at least {@link MatchEngine}'s score, mutual friends
 * aside, of every card in it that passes the hard filters: each criterion gets the most the summary allows.
 * Mutual friends can only come from friends of the viewer's friends, so those cards are read first, by id; for
 * every other card the criterion is 0. That second fact needs friendship to be mutual ({@code friendsOf} symmetric),
 * as confirmed friendships are; {@link Friends#FULL_WEIGHT} does without it at the price of looser bounds.
 *
 * <p>Ranking itself is left to the engine: every read goes through {@link MatchEngine#rank}, so the answer is the
 * engine's own answer over the cards read, which equals its answer over all cards when every unread card ranks
 * below the K-th.
 */
public final class SegmentedTopK {
    /** Added to every bound so rounding in the engine's arithmetic can never lift a score above it. */
    private static final double SLACK = 1e-6;
    /** Joins the parts of a composite key; no folded text contains it. */
    private static final char SEP = '\u0000';

    /** What a segment's cards share. More keys give smaller segments with tighter bounds, and more of them. */
    public enum Key {
        /** Country and city: location is then known exactly up to the coordinates. */
        PLACE,
        INDUSTRY,
        FIELD,
        EMPLOYER,
        /** The first school listed. */
        SCHOOL
    }

    /** How mutual friends enter the bound. */
    public enum Friends {
        /** Friends of the viewer's friends are read first by id; every segment is bounded without the criterion. */
        FRIENDS_OF_FRIENDS,
        /** Every segment is bounded with the criterion at full weight; no friend list is read up front. */
        FULL_WEIGHT
    }

    /**
     * One computation's answer and what it read.
     *
     * @param cardsRead       cards read by id (friends of friends in the topic) plus the cards of every segment read
     * @param segmentsRead    segments whose cards were read, out of {@code segments}
     * @param summariesRead   segment summaries read to bound them (a split segment's children are read together)
     * @param valuesRead      values (strings and numbers) in the cards and summaries read: a proxy for bytes, to
     *                        compare with {@link Index#values()}
     * @param friendListsRead friend lists read up front (the viewer's friends'), not counting the engine's own
     */
    public record Result(List<Suggestion> suggestions, long cardsRead, long cardsByIdRead, int segmentsRead,
                         int segments, int summariesRead, long valuesRead, int friendListsRead) {
    }

    private final MatchEngine engine;
    private final Weights weights;
    private final int topK;
    private final Friends friends;

    public SegmentedTopK(Weights weights, int topK, Friends friends) {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be positive");
        }
        this.engine = new MatchEngine(weights, topK);
        this.weights = weights;
        this.topK = topK;
        this.friends = friends;
    }

    public SegmentedTopK(Weights weights, int topK) {
        this(weights, topK, Friends.FRIENDS_OF_FRIENDS);
    }

    /** The top K suggestions for {@code viewer} among the cards of {@code index}, as the engine ranks them. */
    public Result rank(MatchCard viewer, Index index, MatchContext context) {
        if (!MatchEngine.acknowledged(viewer, context)) {
            return new Result(engine.rank(viewer, List.of(), context), 0, 0, 0, index.leaves, 0, 0, 0);
        }
        double friendsMax = 100.0 * weights.of(Criterion.FRIENDS) / weights.total();
        boolean friendPoints = friendsMax > 0 && !context.viewerFriends().isEmpty();
        boolean friendsOfFriends = friendPoints && friends == Friends.FRIENDS_OF_FRIENDS;

        // The cards read by id are the only ones that can score mutual friends.
        Set<String> readById = new HashSet<>();
        List<MatchCard> pool = new ArrayList<>();
        int friendListsRead = 0;
        long valuesRead = 0;
        if (friendsOfFriends) {
            Map<String, Set<String>> lists = context.friendsOf().apply(context.viewerFriends());
            friendListsRead = context.viewerFriends().size();
            for (Set<String> list : lists.values()) {
                for (String id : list) {
                    MatchCard card = index.byId.get(id);
                    if (card != null && readById.add(id)) {
                        pool.add(card);
                        valuesRead += values(card);
                    }
                }
            }
        }
        double segmentFriends = friendPoints && !friendsOfFriends ? friendsMax : 0;

        List<Suggestion> best = engine.rank(viewer, pool, context);
        pool = cardsOf(best, pool);
        long cardsRead = readById.size();
        int segmentsRead = 0;
        int summariesRead = 0;
        ViewerKeys keys = new ViewerKeys(viewer);
        // Every unread card lies under exactly one segment of the frontier, best bound first.
        PriorityQueue<Bounded> frontier = new PriorityQueue<>(Comparator.comparingDouble((Bounded b) -> -b.bound));
        frontier.add(new Bounded(index.root, Double.POSITIVE_INFINITY));
        while (!frontier.isEmpty()) {
            Bounded next = frontier.poll();
            // Math.round(s) == r implies s >= r - 0.5, so a bound below that is below the exact K-th score.
            if (next.bound == Double.NEGATIVE_INFINITY
                    || best.size() == topK && next.bound < best.getLast().score() - 0.5) {
                break;
            }
            Segment segment = next.segment;
            if (!segment.children.isEmpty()) {
                for (Segment child : segment.children) {
                    frontier.add(new Bounded(child, bound(keys, child.summary) + segmentFriends));
                    valuesRead += child.summary.values();
                }
                summariesRead += segment.children.size();
                continue;
            }
            List<MatchCard> batch = new ArrayList<>(pool.size() + segment.cards.size());
            batch.addAll(pool);
            for (MatchCard card : segment.cards) {
                if (!readById.contains(card.userId())) {
                    batch.add(card);
                }
            }
            best = engine.rank(viewer, batch, context);
            pool = cardsOf(best, batch);
            cardsRead += segment.cards.size();
            valuesRead += segment.values;
            segmentsRead++;
        }
        return new Result(best, cardsRead, readById.size(), segmentsRead, index.leaves, summariesRead, valuesRead,
                friendListsRead);
    }

    /** The cards behind {@code best}: the top K so far, all that later segments are ranked with. */
    private static List<MatchCard> cardsOf(List<Suggestion> best, List<MatchCard> cards) {
        Set<String> ids = new HashSet<>();
        best.forEach(s -> ids.add(s.userId()));
        List<MatchCard> out = new ArrayList<>(best.size());
        for (MatchCard card : cards) {
            if (ids.contains(card.userId())) {
                out.add(card);
            }
        }
        return out;
    }

    private record Bounded(Segment segment, double bound) {
    }

    // ---- the bound -----------------------------------------------------------------------------------------

    /**
     * The most the engine can score, mutual friends aside, for {@code viewer} and any card of a segment with this
     * summary that passes the hard filters; negative infinity when none can pass them.
     */
    double bound(MatchCard viewer, Summary summary) {
        return bound(new ViewerKeys(viewer), summary);
    }

    private double bound(ViewerKeys v, Summary s) {
        if (!canPass(v, s)) {
            return Double.NEGATIVE_INFINITY;
        }
        MatchCard viewer = v.card;
        // Each term follows the engine's own, with what the summary allows in place of the card's facts.
        double sum = 0;
        sum += weights.of(Criterion.TOPICS) * topics(v, s);
        sum += weights.of(Criterion.INTERESTS)
                * Math.min(1.0, Math.min(common(viewer.interests(), s.interests), s.maxInterests) / 3.0);
        sum += weights.of(Criterion.LANGUAGES)
                * Math.min(1.0, Math.min(common(viewer.languages(), s.languages), s.maxLanguages) / 2.0);
        if (shown(viewer.privacy().profession()) && s.anyProfessionShown) {
            sum += weights.of(Criterion.PROFESSION) * profession(v, s);
            sum += weights.of(Criterion.EXPERIENCE) * (aheadPossible(viewer, s) ? 1 : 0);
        }
        if (shown(viewer.privacy().education()) && s.anyEducationShown) {
            sum += weights.of(Criterion.EDUCATION) * ((v.schools.stream().anyMatch(s.schools::contains) ? 0.7 : 0)
                    + (v.schoolFields.stream().anyMatch(s.schoolFields::contains) ? 0.3 : 0));
        }
        if (shown(viewer.privacy().location()) && s.anyLocationShown) {
            sum += weights.of(Criterion.LOCATION) * location(v, s);
        }
        return 100.0 * sum / weights.total() + SLACK;
    }

    /** The hard filters a summary can rule out for a whole segment: role, topic, language, room, meeting. */
    private static boolean canPass(ViewerKeys v, Summary s) {
        MatchCard viewer = v.card;
        if (!s.roles.contains(viewer.role().counterpart()) || common(viewer.topics(), s.topics) == 0
                || common(viewer.languages(), s.languages) == 0) {
            return false;
        }
        if (viewer.isMentor() ? !viewer.hasRoomForAMentee() : !s.anyRoom) {
            return false;
        }
        if (!viewer.remoteOk() || !s.anyRemoteOk) {
            return v.city != null && s.cities.contains(v.city)
                    || viewer.place().hasCoordinates() && s.hasCoordinates() && s.minKm(viewer.place()) <= 50;
        }
        return true;
    }

    /** The topics share: shared topics over the mentee's topics. */
    private static double topics(ViewerKeys v, Summary s) {
        int shared = common(v.card.topics(), s.topics);
        if (v.card.isMentor()) {
            // The mentee's own topic count divides, so the fewest any card wants is the worst case.
            return Math.min(1.0, (double) shared / Math.max(1, s.minTopics));
        }
        return (double) Math.min(shared, s.maxTopics) / Math.max(1, v.card.topics().size());
    }

    private static double profession(ViewerKeys v, Summary s) {
        double score = 0;
        if (v.field != null && s.fields.contains(v.field)) {
            score += 0.5;
        }
        if (v.industry != null && s.industries.contains(v.industry)) {
            score += 0.3;
        }
        if (v.employer != null && s.employers.contains(v.employer)) {
            score += 0.2;
        }
        return score;
    }

    /** Whether some card's mentor is ahead of its mentee: experience then scores at most 1, else 0. */
    private static boolean aheadPossible(MatchCard viewer, Summary s) {
        Integer years = viewer.work().yearsExperience();
        if (years == null || s.minYears == null) {
            return false;
        }
        return viewer.isMentor() ? s.minYears < years : s.maxYears > years;
    }

    /** Same city scores 1; otherwise region 0.6, country 0.3 or nearness, nearness bounded by the segment's circle. */
    private static double location(ViewerKeys v, Summary s) {
        if (v.city != null && s.cities.contains(v.city)) {
            return 1;
        }
        Place place = v.card.place();
        double byDistance = 0;
        if (place.hasCoordinates() && s.hasCoordinates()) {
            double km = Math.max(0, s.minKm(place));
            byDistance = km <= 100 ? 0.9 * (1 - km / 100) : 0;
        }
        if (v.region != null && s.regions.contains(v.region)) {
            return Math.max(0.6, byDistance);
        }
        if (place.country() != null && s.countries.contains(place.country())) {
            return Math.max(0.3, byDistance);
        }
        return byDistance;
    }

    private static boolean shown(Visibility visibility) {
        return visibility != Visibility.NOBODY;
    }

    private static int common(Set<String> mine, Set<String> present) {
        int n = 0;
        for (String x : mine) {
            if (present.contains(x)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Free text folded so that two values the engine calls the same ({@link String#equalsIgnoreCase}, which
     * compares code points by their upper then lower case) always fold alike.
     */
    static String fold(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> out.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
        return out.toString();
    }

    /** The values a stored card holds: its sets' members and about twenty single fields. */
    static int values(MatchCard card) {
        return 20 + card.topics().size() + card.interests().size() + card.languages().size()
                + 2 * card.schools().size();
    }

    private static String placeKey(String country, String name) {
        return country == null || name == null ? null : country + SEP + fold(name);
    }

    /** The viewer's comparison keys, folded once per computation rather than once per segment. */
    private static final class ViewerKeys {
        final MatchCard card;
        final String city;
        final String region;
        final String industry;
        final String field;
        final String employer;
        final Set<String> schools = new HashSet<>();
        final Set<String> schoolFields = new HashSet<>();

        ViewerKeys(MatchCard card) {
            this.card = card;
            city = placeKey(card.place().country(), card.place().city());
            region = placeKey(card.place().country(), card.place().region());
            industry = fold(card.work().industry());
            field = fold(card.work().field());
            employer = fold(card.work().employer());
            for (School school : card.schools()) {
                if (school.school() != null) {
                    schools.add(fold(school.school()));
                }
                if (school.field() != null) {
                    schoolFields.add(fold(school.field()));
                }
            }
        }
    }

    // ---- what a writer stores ------------------------------------------------------------------------------

    /**
     * One topic's cards, segmented: what a writer keeps up to date and a computation reads. Segments may be split
     * into finer ones, level by level, so a computation reads the summaries of fine segments only under coarse ones
     * whose bound is still high enough.
     */
    public static final class Index {
        private final Segment root;
        private final Map<String, MatchCard> byId;
        private final int leaves;
        private final long values;

        private Index(Segment root, Map<String, MatchCard> byId) {
            this.root = root;
            this.byId = byId;
            this.leaves = root.leaves().size();
            this.values = byId.values().stream().mapToLong(SegmentedTopK::values).sum();
        }

        /** One level of segments, by {@code keys}; no keys make one segment. */
        public static Index of(Collection<MatchCard> cards, Set<Key> keys) {
            return of(cards, List.of(keys));
        }

        /** Segments split level by level: by the keys of the first level, then also by the second's, and so on. */
        public static Index of(Collection<MatchCard> cards, List<Set<Key>> levels) {
            Segment root = new Segment("");
            Map<String, MatchCard> byId = new HashMap<>(cards.size() * 2);
            for (MatchCard card : cards) {
                if (byId.put(card.userId(), card) != null) {
                    throw new IllegalArgumentException("two cards for " + card.userId());
                }
                root.summary.add(card);
                Segment segment = root;
                for (Set<Key> level : levels) {
                    segment = segment.child(keyOf(card, level));
                    segment.summary.add(card);
                }
                segment.cards.add(card);
                segment.values += SegmentedTopK.values(card);
            }
            root.seal();
            return new Index(root, byId);
        }

        /** The whole topic, split into its segments. */
        public Segment root() {
            return root;
        }

        /** The segments whose cards are read, the finest level. */
        public List<Segment> segments() {
            return root.leaves();
        }

        public int size() {
            return byId.size();
        }

        /** The values every card holds, what reading the whole topic costs in {@link Result#valuesRead()}. */
        public long values() {
            return values;
        }

        public boolean contains(String userId) {
            return byId.containsKey(userId);
        }

        private static String keyOf(MatchCard card, Set<Key> parts) {
            StringBuilder key = new StringBuilder();
            for (Key part : Key.values()) {
                if (!parts.contains(part)) {
                    continue;
                }
                String value = switch (part) {
                    case PLACE -> placeKey(card.place().country(), card.place().city());
                    case INDUSTRY -> fold(card.work().industry());
                    case FIELD -> fold(card.work().field());
                    case EMPLOYER -> fold(card.work().employer());
                    case SCHOOL -> card.schools().isEmpty() ? null : fold(card.schools().getFirst().school());
                };
                key.append(value == null ? "" : value).append(SEP).append(SEP);
            }
            return key.toString();
        }
    }

    /** Cards sharing a key, with their summary; split into finer segments, or holding the cards themselves. */
    public static final class Segment {
        private final String key;
        private final Summary summary = new Summary();
        private Map<String, Segment> building = new LinkedHashMap<>();
        private List<Segment> children = List.of();
        private final List<MatchCard> cards = new ArrayList<>();
        private long values;

        private Segment(String key) {
            this.key = key;
        }

        private Segment child(String childKey) {
            return building.computeIfAbsent(childKey, Segment::new);
        }

        /** Ends building: children become a list and summaries take their compact form. */
        private void seal() {
            children = List.copyOf(building.values());
            building = null;
            summary.seal();
            children.forEach(Segment::seal);
        }

        public String key() {
            return key;
        }

        /** Every card of the segment, its finer segments' included. */
        public List<MatchCard> cards() {
            if (children.isEmpty()) {
                return cards;
            }
            List<MatchCard> all = new ArrayList<>();
            children.forEach(child -> all.addAll(child.cards()));
            return all;
        }

        /** This segment and all those it is split into, coarse before fine. */
        public List<Segment> all() {
            List<Segment> out = new ArrayList<>(List.of(this));
            children.forEach(child -> out.addAll(child.all()));
            return out;
        }

        List<Segment> leaves() {
            if (children.isEmpty()) {
                return List.of(this);
            }
            List<Segment> out = new ArrayList<>();
            children.forEach(child -> out.addAll(child.leaves()));
            return out;
        }

        Summary summary() {
            return summary;
        }
    }

    /**
     * What bounds a segment's scores: the values present and a few extremes. Every field only grows as cards are
     * added, so a summary left stale by a removed or changed card still bounds what remains.
     */
    static final class Summary {
        final EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        Set<String> topics = new HashSet<>();
        Set<String> interests = new HashSet<>();
        Set<String> languages = new HashSet<>();
        int minTopics = Integer.MAX_VALUE;
        int maxTopics;
        int maxInterests;
        int maxLanguages;
        Set<String> industries = new HashSet<>();
        Set<String> fields = new HashSet<>();
        Set<String> employers = new HashSet<>();
        Integer minYears;
        Integer maxYears;
        Set<String> schools = new HashSet<>();
        Set<String> schoolFields = new HashSet<>();
        Set<String> countries = new HashSet<>();
        /** Country and folded city of each card, so a city counts only within its own country. */
        Set<String> cities = new HashSet<>();
        Set<String> regions = new HashSet<>();
        /** A circle around every card's coordinates: the first card's point and the farthest card's distance. */
        Double centerLat;
        Double centerLon;
        double radiusKm;
        boolean anyRoom;
        boolean anyRemoteOk;
        boolean anyProfessionShown;
        boolean anyEducationShown;
        boolean anyLocationShown;

        void add(MatchCard card) {
            roles.add(card.role());
            topics.addAll(card.topics());
            interests.addAll(card.interests());
            languages.addAll(card.languages());
            minTopics = Math.min(minTopics, card.topics().size());
            maxTopics = Math.max(maxTopics, card.topics().size());
            maxInterests = Math.max(maxInterests, card.interests().size());
            maxLanguages = Math.max(maxLanguages, card.languages().size());
            addFolded(industries, card.work().industry());
            addFolded(fields, card.work().field());
            addFolded(employers, card.work().employer());
            Integer years = card.work().yearsExperience();
            if (years != null) {
                minYears = minYears == null ? years : Math.min(minYears, years);
                maxYears = maxYears == null ? years : Math.max(maxYears, years);
            }
            for (School school : card.schools()) {
                addFolded(schools, school.school());
                addFolded(schoolFields, school.field());
            }
            Place place = card.place();
            if (place.country() != null) {
                countries.add(place.country());
            }
            addIfPresent(cities, placeKey(place.country(), place.city()));
            addIfPresent(regions, placeKey(place.country(), place.region()));
            if (place.hasCoordinates()) {
                if (centerLat == null) {
                    centerLat = place.lat();
                    centerLon = place.lon();
                }
                radiusKm = Math.max(radiusKm, Geo.km(centerLat, centerLon, place.lat(), place.lon()));
            }
            anyRoom |= card.hasRoomForAMentee();
            anyRemoteOk |= card.remoteOk();
            anyProfessionShown |= shown(card.privacy().profession());
            anyEducationShown |= shown(card.privacy().education());
            anyLocationShown |= shown(card.privacy().location());
        }

        /** The compact, read-only form, once every card is in. */
        void seal() {
            topics = Set.copyOf(topics);
            interests = Set.copyOf(interests);
            languages = Set.copyOf(languages);
            industries = Set.copyOf(industries);
            fields = Set.copyOf(fields);
            employers = Set.copyOf(employers);
            schools = Set.copyOf(schools);
            schoolFields = Set.copyOf(schoolFields);
            countries = Set.copyOf(countries);
            cities = Set.copyOf(cities);
            regions = Set.copyOf(regions);
        }

        boolean hasCoordinates() {
            return centerLat != null;
        }

        /** The values this summary holds: its sets' members and about twenty single fields. */
        int values() {
            return 20 + topics.size() + interests.size() + languages.size() + industries.size() + fields.size()
                    + employers.size() + schools.size() + schoolFields.size() + countries.size() + cities.size()
                    + regions.size();
        }

        /** No card is nearer to {@code place} than this (the triangle inequality; a metre spared for rounding). */
        double minKm(Place place) {
            return Geo.km(place.lat(), place.lon(), centerLat, centerLon) - radiusKm - 0.001;
        }

        private static void addFolded(Set<String> set, String value) {
            addIfPresent(set, fold(value));
        }

        private static void addIfPresent(Set<String> set, String value) {
            if (value != null) {
                set.add(value);
            }
        }
    }
}
