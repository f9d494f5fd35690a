package io.mentorship.matching;

import io.mentorship.matching.Commonality.Type;
import io.mentorship.matching.MatchCard.Place;
import io.mentorship.matching.MatchCard.School;
import io.mentorship.matching.MatchCard.Work;
import io.mentorship.profile.Role;
import io.mentorship.profile.Visibility;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Ranks counterparts for one member: hard filters, a weighted 0-100 score, and the points in common that explain
 * it. Pure and deterministic: equal inputs give equal output, ties broken by member id.
 *
 * <p>A criterion counts only where both members let that category be seen, so a score never rests on something
 * the explanation may not show. Mutual friends are the one criterion that needs more reads (each candidate's
 * friend list); candidates are first ranked without it, and friend lists are fetched best-first only until no
 * remaining candidate could still enter the top K.
 */
public final class MatchEngine {
    /** Two members who both insist on meeting in person must be this close. */
    static final double IN_PERSON_KM = 50;
    private static final int FRIEND_BATCH = 25;

    private final Weights weights;
    private final int topK;
    private final int wTopics;
    private final int wInterests;
    private final int wLanguages;
    private final int wProfession;
    private final int wExperience;
    private final int wEducation;
    private final int wLocation;
    private final int wFriends;
    private final int total;

    public MatchEngine(Weights weights, int topK) {
        this.weights = weights;
        this.topK = topK;
        this.wTopics = weights.of(Criterion.TOPICS);
        this.wInterests = weights.of(Criterion.INTERESTS);
        this.wLanguages = weights.of(Criterion.LANGUAGES);
        this.wProfession = weights.of(Criterion.PROFESSION);
        this.wExperience = weights.of(Criterion.EXPERIENCE);
        this.wEducation = weights.of(Criterion.EDUCATION);
        this.wLocation = weights.of(Criterion.LOCATION);
        this.wFriends = weights.of(Criterion.FRIENDS);
        this.total = weights.total();
    }

    public Weights weights() {
        return weights;
    }

    public int topK() {
        return topK;
    }

    /** A candidate with its score before mutual friends ({@code partial}) and with them ({@code full}). */
    private record Scored(ScoringCard card, double partial, double full, Set<String> mutual) {
    }

    private static final Comparator<Scored> BEST_FIRST = Comparator
            .comparingLong((Scored s) -> -Math.round(s.full()))
            .thenComparingDouble(s -> -s.full())
            .thenComparing(s -> s.card().userId());

    /**
     * The order of suggestions: the shown (rounded) score first, then the exact score, then member id. Two ranked
     * entries compare the same way wherever they are ranked, which is what lets a stored list be patched in place.
     */
    public static int compare(double exactA, String idA, double exactB, String idB) {
        int byShown = Long.compare(Math.round(exactB), Math.round(exactA));
        if (byShown != 0) {
            return byShown;
        }
        int byExact = Double.compare(exactB, exactA);
        return byExact != 0 ? byExact : idA.compareTo(idB);
    }

    /** The top K suggestions for {@code viewer} among {@code candidates}. */
    public List<Suggestion> rank(MatchCard viewer, Collection<MatchCard> candidates, MatchContext context) {
        List<ScoringCard> prepared = new ArrayList<>(candidates.size());
        for (MatchCard c : candidates) {
            prepared.add(ScoringCard.of(c));
        }
        return rank(ScoringCard.of(viewer), prepared, context);
    }

    /** As {@link #rank(MatchCard, Collection, MatchContext)}, on cards prepared once. */
    public List<Suggestion> rank(ScoringCard viewer, List<ScoringCard> candidates, MatchContext context) {
        return rank(viewer, CardPool.of(candidates), context);
    }

    /** As {@link #rank(MatchCard, Collection, MatchContext)}, on candidates packed once. */
    public List<Suggestion> rank(ScoringCard viewer, CardPool pool, MatchContext context) {
        return rank(viewer, pool, context, true);
    }

    /**
     * As {@link #rank(ScoringCard, CardPool, MatchContext)}; without {@code explain} the suggestions carry no
     * commonalities (same ids, order and scores, less work and memory: for callers that explain only a few).
     */
    public List<Suggestion> rank(ScoringCard viewer, CardPool pool, MatchContext context, boolean explain) {
        if (!acknowledged(viewer.card, context)) {
            return List.of();
        }
        List<ScoringCard> candidates = pool.cards;
        int n = pool.size();
        int[] eligible = new int[n];
        double[] partial = new double[n];
        int count = 0;
        int required = context.currentGuidelines().getOrDefault(viewer.card.role().counterpart(), 1);
        int counterpartFlag = viewer.mentor ? 0 : CardPool.MENTOR;
        int[] rows = pool.rows;
        for (int i = 0; i < n; i++) {
            int row = i * CardPool.WIDTH;
            if ((rows[row + CardPool.FLAGS] & CardPool.MENTOR) == counterpartFlag
                    && rows[row + CardPool.ACK] >= required && passes(viewer, pool, i, context)) {
                eligible[count] = i;
                partial[count] = partialScore(viewer, pool, i);
                count++;
            }
        }
        boolean friendsKnown = viewer.friendsShown && !context.viewerFriends().isEmpty();
        boolean friendsScored = friendsKnown && wFriends > 0 && !viewer.outsideMyCircle;
        double friendsMax = friendsScored ? 100.0 * wFriends / total : 0;
        // The K-th best partial score bounds the K-th best final score from below, since friends only add.
        double floor = count < topK ? Double.NEGATIVE_INFINITY : kthLargest(partial, count, topK);
        List<Scored> best;
        if (friendsScored) {
            // A margin below the floor: leaving in a candidate costs nothing, leaving one out to rounding would.
            best = withMutualFriends(new BestFirst(candidates, eligible, partial, count, floor - friendsMax - 1e-9),
                    context, friendsMax);
        } else {
            List<Scored> contenders = new ArrayList<>();
            for (int j = 0; j < count; j++) {
                if (partial[j] >= floor) {
                    contenders.add(new Scored(candidates.get(eligible[j]), partial[j], partial[j], Set.of()));
                }
            }
            contenders.sort(BEST_FIRST);
            best = contenders.subList(0, Math.min(topK, contenders.size()));
            if (friendsKnown && explain) {
                // Not scored, yet still a true point in common worth showing.
                best = withMutual(best, context);
            }
        }
        if (!explain) {
            List<Suggestion> out = new ArrayList<>(best.size());
            for (Scored s : best) {
                out.add(new Suggestion(s.card().userId(), (int) Math.round(s.full()), List.of(), s.full()));
            }
            return out;
        }
        Set<String> mutualIds = new TreeSet<>();
        best.forEach(s -> mutualIds.addAll(s.mutual()));
        Map<String, String> names = mutualIds.isEmpty() ? Map.of() : context.shownNames().apply(mutualIds);
        List<Suggestion> out = new ArrayList<>();
        for (Scored s : best) {
            out.add(new Suggestion(s.card().userId(), (int) Math.round(s.full()),
                    commonalities(viewer.card, s.card().card, s.mutual(), names), s.full()));
        }
        return out;
    }

    /** Receives a candidate's index in the pool and the highest score it could have. */
    @FunctionalInterface
    public interface BoundConsumer {
        void accept(int index, double bestPossibleScore);
    }

    /**
     * Every candidate of {@code pool} that passes the hard filters for {@code viewer}, with the highest score it
     * could have: its score before mutual friends plus, where friends are scored, every mutual friend counted in
     * full. Cheap (no friend lists, no explanations): for callers that need only to rule candidates out.
     */
    public void forEachEligible(ScoringCard viewer, CardPool pool, MatchContext context, BoundConsumer consumer) {
        if (!acknowledged(viewer.card, context)) {
            return;
        }
        int required = context.currentGuidelines().getOrDefault(viewer.card.role().counterpart(), 1);
        int counterpartFlag = viewer.mentor ? 0 : CardPool.MENTOR;
        boolean friendsScored = viewer.friendsShown && !context.viewerFriends().isEmpty() && wFriends > 0
                && !viewer.outsideMyCircle;
        double friendsMax = friendsScored ? 100.0 * wFriends / total : 0;
        int[] rows = pool.rows;
        for (int i = 0; i < pool.size(); i++) {
            int row = i * CardPool.WIDTH;
            if ((rows[row + CardPool.FLAGS] & CardPool.MENTOR) == counterpartFlag
                    && rows[row + CardPool.ACK] >= required && passes(viewer, pool, i, context)) {
                consumer.accept(i, partialScore(viewer, pool, i) + friendsMax);
            }
        }
    }

    /** The k-th largest of the first {@code n} values (k is at most n). */
    private static double kthLargest(double[] values, int n, int k) {
        double[] heap = new double[k];
        int size = 0;
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (size < k) {
                int at = size++;
                while (at > 0 && heap[(at - 1) / 2] > v) {
                    heap[at] = heap[(at - 1) / 2];
                    at = (at - 1) / 2;
                }
                heap[at] = v;
            } else if (v > heap[0]) {
                int at = 0;
                while (true) {
                    int child = 2 * at + 1;
                    if (child >= k) {
                        break;
                    }
                    if (child + 1 < k && heap[child + 1] < heap[child]) {
                        child++;
                    }
                    if (heap[child] >= v) {
                        break;
                    }
                    heap[at] = heap[child];
                    at = child;
                }
                heap[at] = v;
            }
        }
        return heap[0];
    }

    /** Whether {@code card}'s owner acknowledged the current guidelines of the card's role. */
    public static boolean acknowledged(MatchCard card, MatchContext context) {
        int current = context.currentGuidelines().getOrDefault(card.role(), 1);
        return card.ackVersion() >= current;
    }

    /** Every hard filter of the product, for {@code viewer} meeting {@code candidate}. */
    public static boolean passesHardFilters(MatchCard viewer, MatchCard candidate, MatchContext context) {
        return passesHardFilters(ScoringCard.of(viewer), ScoringCard.of(candidate), context);
    }

    /** As {@link #passesHardFilters(MatchCard, MatchCard, MatchContext)}, for cards prepared once. */
    public static boolean passesHardFilters(ScoringCard viewer, ScoringCard candidate, MatchContext context) {
        if (candidate.role != viewer.role.counterpart() || !acknowledged(candidate.card, context)) {
            return false;
        }
        return passes(viewer, CardPool.of(List.of(candidate)), 0, context);
    }

    /** The hard filters but role and guidelines, which the caller checked. */
    private static boolean passes(ScoringCard viewer, CardPool pool, int i, MatchContext context) {
        int row = i * CardPool.WIDTH;
        int[] rows = pool.rows;
        int flags = rows[row + CardPool.FLAGS];
        boolean mentorHasRoom = viewer.mentor ? viewer.hasRoom : (flags & CardPool.ROOM) != 0;
        if (!mentorHasRoom
                || !intersect(viewer.tags, 0, viewer.topicsEnd, pool.tags, rows[row + CardPool.TAGS],
                        rows[row + CardPool.TOPICS_END])
                || !intersect(viewer.tags, viewer.interestsEnd, viewer.languagesEnd, pool.tags,
                        rows[row + CardPool.INTERESTS_END], rows[row + CardPool.LANGUAGES_END])) {
            return false;
        }
        if (rows[row + CardPool.ID_HASH] == viewer.userId.hashCode()
                && pool.cards.get(i).userId.equals(viewer.userId)) {
            return false;
        }
        if (!context.excluded().isEmpty() && context.excluded().contains(pool.cards.get(i).userId)) {
            return false;
        }
        if ((viewer.outsideMyCircle || (flags & CardPool.OUTSIDE_CIRCLE) != 0)
                && context.viewerFriends().contains(pool.cards.get(i).userId)) {
            return false;
        }
        if (!viewer.remoteOk || (flags & CardPool.REMOTE_OK) == 0) {
            return meetInPerson(viewer, pool, i);
        }
        return true;
    }

    /** The highest score {@code candidate} could have for {@code viewer}: every mutual friend counted in full. */
    public double bestPossibleScore(MatchCard viewer, MatchCard candidate) {
        return bestPossibleScore(viewer, candidate, true);
    }

    /**
     * As {@link #bestPossibleScore(MatchCard, MatchCard)}, knowing whether the two can have a mutual friend at all
     * (one is a friend of a friend of the other); without one the score is exactly the partial score.
     */
    public double bestPossibleScore(MatchCard viewer, MatchCard candidate, boolean mayHaveMutualFriends) {
        return bestPossibleScore(ScoringCard.of(viewer), ScoringCard.of(candidate), mayHaveMutualFriends);
    }

    /** As {@link #bestPossibleScore(MatchCard, MatchCard, boolean)}, for cards prepared once. */
    public double bestPossibleScore(ScoringCard viewer, ScoringCard candidate, boolean mayHaveMutualFriends) {
        return bestPossibleScore(viewer, candidate, mayHaveMutualFriends ? Integer.MAX_VALUE : 0);
    }

    /**
     * The highest score the two could have with at most {@code mutualAtMost} mutual friends: the partial score plus
     * those friends' share, as a full ranking adds it. Never below the score they have.
     */
    public double bestPossibleScore(ScoringCard viewer, ScoringCard candidate, int mutualAtMost) {
        double friendsMax = 100.0 * wFriends / total;
        return partialScore(viewer, CardPool.of(List.of(candidate)), 0)
                + (mutualAtMost == 0 ? 0 : friendsMax * Math.min(1.0, mutualAtMost / 3.0));
    }

    /** The score before mutual friends, on the 0-100 scale. */
    double partialScore(MatchCard viewer, MatchCard candidate) {
        return partialScore(ScoringCard.of(viewer), CardPool.of(List.of(ScoringCard.of(candidate))), 0);
    }

    private double partialScore(ScoringCard viewer, CardPool pool, int i) {
        int row = i * CardPool.WIDTH;
        int[] rows = pool.rows;
        int[] tags = pool.tags;
        int flags = rows[row + CardPool.FLAGS];
        int start = rows[row + CardPool.TAGS];
        int topicsEnd = rows[row + CardPool.TOPICS_END];
        int menteeTopics = viewer.mentor ? topicsEnd - start : viewer.topicsEnd;
        int years = rows[row + CardPool.YEARS];
        Integer candidateYears = years == CardPool.NO_YEARS ? null : years;
        double sum = 0;
        sum += wTopics * (double) shared(viewer.tags, 0, viewer.topicsEnd, tags, start, topicsEnd)
                / Math.max(1, menteeTopics);
        sum += wInterests * Math.min(1.0, shared(viewer.tags, viewer.topicsEnd, viewer.interestsEnd, tags, topicsEnd,
                rows[row + CardPool.INTERESTS_END]) / 3.0);
        sum += wLanguages * Math.min(1.0, shared(viewer.tags, viewer.interestsEnd, viewer.languagesEnd, tags,
                rows[row + CardPool.INTERESTS_END], rows[row + CardPool.LANGUAGES_END]) / 2.0);
        if (viewer.professionShown && (flags & CardPool.PROFESSION_SHOWN) != 0) {
            sum += wProfession * profession(viewer, rows, row);
            sum += wExperience * (viewer.mentor ? experience(viewer.years, candidateYears)
                    : experience(candidateYears, viewer.years));
        }
        if (viewer.educationShown && (flags & CardPool.EDUCATION_SHOWN) != 0) {
            sum += wEducation * education(viewer, pool, row);
        }
        if (viewer.locationShown && (flags & CardPool.LOCATION_SHOWN) != 0) {
            sum += wLocation * location(viewer, pool, i);
        }
        return 100.0 * sum / total;
    }

    /** Adds mutual friends best-first, stopping once no remaining candidate can still reach the top K. */
    private List<Scored> withMutualFriends(BestFirst eligible, MatchContext context, double friendsMax) {
        PriorityQueue<Scored> top = new PriorityQueue<>(BEST_FIRST.reversed());
        while (!eligible.isEmpty()) {
            // Strictly above: a candidate that could only tie the K-th may still win on member id.
            if (top.size() == topK && top.peek().full() > eligible.peekPartial() + friendsMax) {
                break;
            }
            List<Scored> batch = new ArrayList<>(FRIEND_BATCH);
            while (batch.size() < FRIEND_BATCH && !eligible.isEmpty()) {
                batch.add(eligible.poll());
            }
            for (Scored s : withMutual(batch, context)) {
                top.add(new Scored(s.card(), s.partial(),
                        s.partial() + friendsMax * Math.min(1.0, s.mutual().size() / 3.0), s.mutual()));
                if (top.size() > topK) {
                    top.poll();
                }
            }
        }
        List<Scored> out = new ArrayList<>(top);
        out.sort(BEST_FIRST);
        return out;
    }

    /**
     * The eligible candidates whose partial score is at least {@code min}, handed out best partial score first: a
     * binary heap over positions, built in linear time, so only the candidates actually taken pay for ordering.
     */
    private static final class BestFirst {
        private final List<ScoringCard> candidates;
        private final int[] eligible;
        private final double[] partial;
        private final int[] heap;
        private int size;

        BestFirst(List<ScoringCard> candidates, int[] eligible, double[] partial, int count, double min) {
            this.candidates = candidates;
            this.eligible = eligible;
            this.partial = partial;
            this.heap = new int[count];
            for (int j = 0; j < count; j++) {
                if (partial[j] >= min) {
                    heap[size++] = j;
                }
            }
            for (int i = size / 2 - 1; i >= 0; i--) {
                down(i);
            }
        }

        boolean isEmpty() {
            return size == 0;
        }

        double peekPartial() {
            return partial[heap[0]];
        }

        Scored poll() {
            int j = heap[0];
            heap[0] = heap[--size];
            down(0);
            return new Scored(candidates.get(eligible[j]), partial[j], partial[j], Set.of());
        }

        /**
         * Equal partial scores come out in any order: whether to stop depends on the score alone, and the top K
         * itself is ordered in full, so the order among equals cannot change the result.
         */
        private boolean before(int a, int b) {
            return partial[a] > partial[b];
        }

        private void down(int i) {
            int item = heap[i];
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && before(heap[child + 1], heap[child])) {
                    child++;
                }
                if (!before(heap[child], item)) {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = item;
        }
    }

    /** The same candidates with their mutual friends (confirmed friends of both), where both allow it. */
    private static List<Scored> withMutual(List<Scored> scored, MatchContext context) {
        Map<String, Set<String>> lists = context.friendsOf().apply(scored.stream()
                .filter(s -> s.card().friendsShown).map(s -> s.card().userId()).toList());
        List<Scored> out = new ArrayList<>(scored.size());
        for (Scored s : scored) {
            Set<String> mutual = new TreeSet<>(lists.getOrDefault(s.card().userId(), Set.of()));
            mutual.retainAll(context.viewerFriends());
            out.add(new Scored(s.card(), s.partial(), s.full(), mutual));
        }
        return out;
    }

    static boolean shown(Visibility a, Visibility b) {
        return a != Visibility.NOBODY && b != Visibility.NOBODY;
    }

    private static double profession(ScoringCard a, int[] rows, int row) {
        double s = 0;
        if (ScoringCard.same(a.field, rows[row + CardPool.FIELD])) {
            s += 0.5;
        }
        if (ScoringCard.same(a.industry, rows[row + CardPool.INDUSTRY])) {
            s += 0.3;
        }
        if (ScoringCard.same(a.employer, rows[row + CardPool.EMPLOYER])) {
            s += 0.2;
        }
        return s;
    }

    /** A mentor a few to fifteen years ahead is the most useful; behind or level is no help. */
    static double experience(Work mentor, Work mentee) {
        return experience(mentor.yearsExperience(), mentee.yearsExperience());
    }

    private static double experience(Integer mentorYears, Integer menteeYears) {
        if (mentorYears == null || menteeYears == null) {
            return 0;
        }
        int gap = mentorYears - menteeYears;
        if (gap <= 0) {
            return 0;
        }
        if (gap <= 2) {
            return 0.5;
        }
        if (gap <= 15) {
            return 1;
        }
        return Math.max(0.3, 1 - (gap - 15) / 20.0);
    }

    private static double education(ScoringCard a, CardPool pool, int row) {
        boolean school = false;
        boolean field = false;
        int schools = pool.rows[row + CardPool.SCHOOLS];
        int base = pool.rows[row + CardPool.LANGUAGES_END];
        for (int i = 0; i < a.schools; i++) {
            for (int j = 0; j < schools; j++) {
                school |= ScoringCard.same(a.school(i), pool.tags[base + j]);
                field |= ScoringCard.same(a.schoolField(i), pool.tags[base + schools + j]);
            }
        }
        return (school ? 0.7 : 0) + (field ? 0.3 : 0);
    }

    private static double location(ScoringCard a, CardPool pool, int i) {
        int row = i * CardPool.WIDTH;
        int[] rows = pool.rows;
        boolean sameCountry = a.country != Tags.NONE && a.country == rows[row + CardPool.COUNTRY];
        if (sameCountry && ScoringCard.same(a.city, rows[row + CardPool.CITY])) {
            return 1;
        }
        double byDistance = 0;
        if (a.coordinates && (rows[row + CardPool.FLAGS] & CardPool.COORDINATES) != 0) {
            double lat = pool.coordinates[2 * i];
            if (!a.fartherThan(lat, 100)) {
                double km = Geo.km(a.lat, a.lon, lat, pool.coordinates[2 * i + 1]);
                byDistance = km <= 100 ? 0.9 * (1 - km / 100) : 0;
            }
        }
        if (sameCountry && ScoringCard.same(a.region, rows[row + CardPool.REGION])) {
            return Math.max(0.6, byDistance);
        }
        if (sameCountry) {
            return Math.max(0.3, byDistance);
        }
        return byDistance;
    }

    private static boolean meetInPerson(ScoringCard a, CardPool pool, int i) {
        int row = i * CardPool.WIDTH;
        if (a.coordinates && (pool.rows[row + CardPool.FLAGS] & CardPool.COORDINATES) != 0) {
            double lat = pool.coordinates[2 * i];
            return !a.fartherThan(lat, IN_PERSON_KM)
                    && Geo.km(a.lat, a.lon, lat, pool.coordinates[2 * i + 1]) <= IN_PERSON_KM;
        }
        return a.country != Tags.NONE && a.country == pool.rows[row + CardPool.COUNTRY]
                && ScoringCard.same(a.city, pool.rows[row + CardPool.CITY]);
    }

    /**
     * How many ids two ranges share (each range holds distinct ids). Compares every pair: for the handful of tags a
     * card has, that is cheaper than a merge, whose branches the processor cannot predict.
     */
    private static int shared(int[] a, int aFrom, int aEnd, int[] b, int bFrom, int bEnd) {
        int n = 0;
        for (int i = aFrom; i < aEnd; i++) {
            int x = a[i];
            for (int j = bFrom; j < bEnd; j++) {
                n += x == b[j] ? 1 : 0;
            }
        }
        return n;
    }

    private static boolean intersect(int[] a, int aFrom, int aEnd, int[] b, int bFrom, int bEnd) {
        return shared(a, aFrom, aEnd, b, bFrom, bEnd) > 0;
    }

    private static boolean sameCountry(Place a, Place b) {
        return a.country() != null && a.country().equals(b.country());
    }

    // ---- points in common (their facts; the sentences come from Explanations) ----------------------------

    private static final Explanations TEXT = Explanations.ENGLISH;

    private List<Commonality> commonalities(MatchCard viewer, MatchCard other, Set<String> mutual,
                                            Map<String, String> names) {
        List<Commonality> out = new ArrayList<>();
        if (!mutual.isEmpty() && shown(viewer.privacy().friends(), other.privacy().friends())) {
            out.add(friends(mutual, names));
        }
        MatchCard mentor = viewer.isMentor() ? viewer : other;
        MatchCard mentee = viewer.isMentor() ? other : viewer;
        List<String> topics = shared(mentor.topics(), mentee.topics());
        out.add(TEXT.commonality(Type.TOPICS, Map.of("topics", topics), viewer.isMentor()));
        if (shown(viewer.privacy().education(), other.privacy().education())) {
            educationInCommon(viewer.schools(), other.schools()).ifPresent(out::add);
        }
        if (shown(viewer.privacy().location(), other.privacy().location())) {
            locationInCommon(viewer.place(), other.place()).ifPresent(out::add);
        }
        if (shown(viewer.privacy().profession(), other.privacy().profession())) {
            professionInCommon(viewer.work(), other.work(), mentor.work(), mentee.work()).ifPresent(out::add);
        }
        List<String> interests = shared(viewer.interests(), other.interests());
        if (!interests.isEmpty()) {
            out.add(TEXT.commonality(Type.INTERESTS, Map.of("interests", interests), viewer.isMentor()));
        }
        List<String> languages = shared(viewer.languages(), other.languages());
        out.add(TEXT.commonality(Type.LANGUAGES, Map.of("languages", languages), viewer.isMentor()));
        return out;
    }

    private static Commonality friends(Set<String> mutual, Map<String, String> names) {
        List<String> shownIds = mutual.stream().filter(names::containsKey).limit(3).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("count", mutual.size());
        details.put("names", shownIds.stream().map(names::get).toList());
        details.put("userIds", shownIds);
        return TEXT.commonality(Type.FRIENDS, details, false);
    }

    private static Optional<Commonality> educationInCommon(List<School> mine, List<School> theirs) {
        for (School a : mine) {
            for (School b : theirs) {
                if (MatchCard.same(a.school(), b.school())) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("school", a.school());
                    if (MatchCard.same(a.field(), b.field())) {
                        details.put("field", a.field());
                    }
                    return Optional.of(TEXT.commonality(Type.EDUCATION, details, false));
                }
            }
        }
        for (School a : mine) {
            for (School b : theirs) {
                if (MatchCard.same(a.field(), b.field())) {
                    return Optional.of(TEXT.commonality(Type.EDUCATION, Map.of("field", a.field()), false));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Commonality> locationInCommon(Place a, Place b) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (sameCountry(a, b) && MatchCard.same(a.city(), b.city())) {
            details.put("level", "city");
            details.put("city", a.city());
            details.put("country", a.country());
        } else if (sameCountry(a, b) && MatchCard.same(a.region(), b.region())) {
            details.put("level", "region");
            details.put("region", a.region());
            details.put("country", a.country());
        } else if (sameCountry(a, b)) {
            details.put("level", "country");
            details.put("country", a.country());
        } else {
            return Optional.empty();
        }
        if (a.hasCoordinates() && b.hasCoordinates()) {
            details.put("distanceKm", Math.round(Geo.km(a.lat(), a.lon(), b.lat(), b.lon())));
        }
        return Optional.of(TEXT.commonality(Type.LOCATION, details, false));
    }

    private static Optional<Commonality> professionInCommon(Work a, Work b, Work mentor, Work mentee) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (MatchCard.same(a.industry(), b.industry())) {
            details.put("industry", a.industry());
        }
        if (MatchCard.same(a.field(), b.field())) {
            details.put("field", a.field());
        }
        if (MatchCard.same(a.employer(), b.employer())) {
            details.put("employer", a.employer());
        }
        if (details.isEmpty()) {
            return Optional.empty();
        }
        if (mentor.yearsExperience() != null && mentee.yearsExperience() != null
                && mentor.yearsExperience() > mentee.yearsExperience()) {
            details.put("mentorYearsMoreExperience", mentor.yearsExperience() - mentee.yearsExperience());
        }
        return Optional.of(TEXT.commonality(Type.PROFESSION, details, false));
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        for (String x : small) {
            if (large.contains(x)) {
                return true;
            }
        }
        return false;
    }

    private static int count(Set<String> a, Set<String> b) {
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        int n = 0;
        for (String x : small) {
            if (large.contains(x)) {
                n++;
            }
        }
        return n;
    }

    private static List<String> shared(Set<String> a, Set<String> b) {
        return a.stream().filter(b::contains).sorted().collect(Collectors.toList());
    }
}
