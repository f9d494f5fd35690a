package io.mentorship.matching;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.matching.MatchCard.Place;
import io.mentorship.matching.MatchCard.Privacy;
import io.mentorship.matching.MatchCard.School;
import io.mentorship.matching.MatchCard.Work;
import io.mentorship.matching.SegmentedTopK.Friends;
import io.mentorship.matching.SegmentedTopK.Index;
import io.mentorship.matching.SegmentedTopK.Key;
import io.mentorship.matching.SegmentedTopK.Result;
import io.mentorship.matching.SegmentedTopK.Segment;
import io.mentorship.profile.Role;
import io.mentorship.profile.Visibility;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SegmentedTopKTest {
    /** One level of segments or several, coarse to fine. */
    private static final List<List<Set<Key>>> LEVELS = List.of(
            List.of(EnumSet.of(Key.PLACE, Key.INDUSTRY, Key.FIELD)), List.of(EnumSet.of(Key.PLACE)),
            List.of(EnumSet.noneOf(Key.class)), List.of(EnumSet.of(Key.EMPLOYER, Key.SCHOOL)),
            List.of(EnumSet.allOf(Key.class)),
            List.of(EnumSet.of(Key.PLACE), EnumSet.of(Key.INDUSTRY, Key.FIELD), EnumSet.of(Key.SCHOOL)),
            List.of(EnumSet.of(Key.FIELD), EnumSet.of(Key.EMPLOYER), EnumSet.of(Key.PLACE)));
    private static final int[] TOP_K = {1, 3, 10};

    @Test
    void equalsTheExhaustiveRankingOnRandomPopulations() {
        long read = 0;
        long offered = 0;
        int computations = 0;
        for (long seed = 1; seed <= 12; seed++) {
            World world = new World(seed, 400);
            for (Weights weights : weightsFor(seed)) {
                for (int k : TOP_K) {
                    MatchEngine engine = new MatchEngine(weights, k);
                    for (List<Set<Key>> keys : LEVELS) {
                        Index index = Index.of(world.cards, keys);
                        for (Friends mode : Friends.values()) {
                            SegmentedTopK segmented = new SegmentedTopK(weights, k, mode);
                            for (MatchCard viewer : world.viewers) {
                                MatchContext context = world.context(viewer);
                                Result result = segmented.rank(viewer, index, context);
                                assertThat(result.suggestions())
                                        .as("seed %d, weights %s, K %d, keys %s, %s, viewer %s", seed,
                                                weights.values(), k, keys, mode, viewer.userId())
                                        .isEqualTo(engine.rank(viewer, world.cards, context));
                                read += result.cardsRead();
                                offered += world.cards.size();
                                computations++;
                            }
                        }
                    }
                }
            }
        }
        assertThat(computations).isGreaterThan(10_000);
        // Not a proof of speed, only that the bounds do stop reading early on these small worlds.
        assertThat((double) read / offered).isLessThan(0.8);
    }

    @Test
    void aSegmentsBoundIsAtLeastTheBestPossibleScoreOfEachOfItsCards() {
        for (long seed = 1; seed <= 12; seed++) {
            World world = new World(seed, 300);
            for (Weights weights : weightsFor(seed)) {
                MatchEngine engine = new MatchEngine(weights, 10);
                SegmentedTopK segmented = new SegmentedTopK(weights, 10);
                double friendsMax = 100.0 * weights.of(Criterion.FRIENDS) / weights.total();
                for (List<Set<Key>> keys : LEVELS) {
                    for (Segment segment : Index.of(world.cards, keys).root().all()) {
                        for (MatchCard viewer : world.viewers) {
                            MatchContext context = world.context(viewer);
                            double bound = segmented.bound(viewer, segment.summary()) + friendsMax;
                            for (MatchCard card : segment.cards()) {
                                if (MatchEngine.passesHardFilters(viewer, card, context)) {
                                    assertThat(bound).as("seed %d, %s for %s", seed, card, viewer)
                                            .isGreaterThanOrEqualTo(engine.bestPossibleScore(viewer, card));
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void readsOnlyTheSegmentsThatCanReachTheTopK() {
        // Location alone, a viewer in Lisbon: the Lisbon segment fills the top 3 and no other city can tie it.
        Weights locationOnly = new Weights(Map.of(Criterion.LOCATION, 10));
        List<MatchCard> cards = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            cards.add(card("r" + i, Role.MENTOR, PLACES.get(i % 3)));
        }
        MatchCard viewer = card("m", Role.MENTEE, PLACES.getFirst());
        Index index = Index.of(cards, EnumSet.of(Key.PLACE));
        MatchContext context = new World(1, 0).context(viewer);

        Result result = new SegmentedTopK(locationOnly, 3).rank(viewer, index, context);

        assertThat(result.suggestions()).isEqualTo(new MatchEngine(locationOnly, 3).rank(viewer, cards, context));
        assertThat(result.suggestions()).extracting(Suggestion::score).containsExactly(100, 100, 100);
        assertThat(result.segmentsRead()).isEqualTo(1);
        assertThat(result.cardsRead()).isEqualTo(10);
    }

    @Test
    void foldsAlikeWhatTheEngineCallsTheSame() {
        String[][] same = {{"Lisbon", "LISBON"}, {"İstanbul", "istanbul"}, {"ΣΟΦΙΑ", "σοφια"}, {"ς", "σ"},
                {"Ǆ", "ǅ"}, {"Straße", "STRAßE"}, {"K", "\u212A"}};
        for (String[] pair : same) {
            if (pair[0].equalsIgnoreCase(pair[1])) {
                assertThat(SegmentedTopK.fold(pair[0])).as(pair[0]).isEqualTo(SegmentedTopK.fold(pair[1]));
            }
        }
        for (char a = 0; a < Character.MAX_VALUE; a++) {
            char[] variants = {Character.toUpperCase(a), Character.toLowerCase(a), Character.toTitleCase(a),
                    Character.toLowerCase(Character.toUpperCase(a)), Character.toUpperCase(Character.toLowerCase(a))};
            for (char b : variants) {
                if (String.valueOf(a).equalsIgnoreCase(String.valueOf(b))) {
                    assertThat(SegmentedTopK.fold(String.valueOf(a))).isEqualTo(SegmentedTopK.fold(String.valueOf(b)));
                }
            }
        }
    }

    // ---- random worlds -------------------------------------------------------------------------------------

    private static final List<Place> PLACES = List.of(
            new Place("Lisbon", "Lisboa", "PT", 38.72, -9.14), new Place("Porto", "Norte", "PT", 41.15, -8.61),
            new Place("Braga", "Norte", "PT", 41.55, -8.42), new Place("LISBON", "lisboa", "PT", 38.75, -9.10),
            new Place("Madrid", "Madrid", "ES", 40.42, -3.70), new Place("Paris", "Ile-de-France", "FR", 48.86, 2.35),
            new Place("Paris", "Texas", "US", 33.66, -95.56), new Place("Lisbon", null, "PT", null, null),
            new Place(null, "Norte", "PT", 41.3, -8.5), new Place("Vigo", "Galicia", "ES", 42.24, -8.72),
            Place.NONE);
    private static final String[] TOPICS = {"java", "go", "career", "design", "python"};
    private static final String[] LANGUAGES = {"en", "pt", "es", "fr"};
    private static final String[] INTERESTS = {"chess", "jazz", "running", "hiking", "cooking", "reading"};
    private static final String[] INDUSTRIES = {"Technology", "technology", "Finance", "Health"};
    private static final String[] FIELDS = {"Backend", "Data", "Design"};
    private static final String[] EMPLOYERS = {"Acme", "ACME", "Globex", "Initech"};
    private static final String[] SCHOOLS = {"University 1", "University 2", "Polytechnic"};

    private static MatchCard card(String id, Role role, Place place) {
        return new MatchCard(id, id, role, Set.of("java"), 3, 0, true, Set.of("en"), Set.of(), Work.NONE,
                List.of(), place, Privacy.DEFAULT, true, false, 1);
    }

    /** Default weights, then random ones with many zeros, then single criteria, friends alone and without. */
    private static List<Weights> weightsFor(long seed) {
        SplittableRandom random = new SplittableRandom(seed * 31);
        List<Weights> out = new ArrayList<>(List.of(Weights.defaults()));
        for (int i = 0; i < 2; i++) {
            Map<Criterion, Integer> values = new EnumMap<>(Criterion.class);
            for (Criterion c : Criterion.values()) {
                values.put(c, random.nextInt(3) == 0 ? 0 : random.nextInt(101));
            }
            values.put(Criterion.TOPICS, 1 + random.nextInt(100));
            out.add(new Weights(values));
        }
        Criterion single = Criterion.values()[(int) (seed % Criterion.values().length)];
        out.add(new Weights(Map.of(single, 7)));
        out.add(new Weights(Map.of(Criterion.FRIENDS, 50, Criterion.LOCATION, 10)));
        Map<Criterion, Integer> noFriends = new EnumMap<>(Weights.defaults().values());
        noFriends.put(Criterion.FRIENDS, 0);
        out.add(new Weights(noFriends));
        return out;
    }

    /** A small population with few distinct values, so ties, shared segments and mutual friends are common. */
    private static final class World {
        final List<MatchCard> cards = new ArrayList<>();
        final List<MatchCard> viewers = new ArrayList<>();
        final Map<String, Set<String>> friends = new HashMap<>();
        final Set<String> excluded = new HashSet<>();

        World(long seed, int size) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < size; i++) {
                cards.add(random(random, "u" + i, random.nextInt(10) < 7 ? Role.MENTOR : Role.MENTEE));
                friends.put("u" + i, new HashSet<>());
            }
            for (int i = 0; i < size; i++) {
                // A few hubs befriend many, as in a real graph.
                int degree = i < 5 ? 40 : random.nextInt(6);
                for (int d = 0; d < degree; d++) {
                    int j = random.nextInt(size);
                    if (j != i) {
                        friends.get("u" + i).add("u" + j);
                        friends.get("u" + j).add("u" + i);
                    }
                }
                if (random.nextInt(25) == 0) {
                    excluded.add("u" + i);
                }
            }
            for (int v = 0; v < 8 && size > 0; v++) {
                viewers.add(cards.get(random.nextInt(size)));
            }
            // One viewer without friends and one outside their circle.
            if (size > 0) {
                viewers.add(random(random, "lonely", Role.MENTEE));
                MatchCard c = random(random, "u" + random.nextInt(size), Role.MENTEE);
                viewers.add(new MatchCard(c.userId(), c.displayName(), c.role(), c.topics(), c.capacity(),
                        c.activeMentees(), c.accepting(), c.languages(), c.interests(), c.work(), c.schools(),
                        c.place(), c.privacy(), c.remoteOk(), true, c.ackVersion()));
            }
        }

        MatchContext context(MatchCard viewer) {
            Set<String> mine = friends.getOrDefault(viewer.userId(), Set.of());
            return new MatchContext(Map.of(Role.MENTOR, 1, Role.MENTEE, 1), mine, excluded,
                    ids -> {
                        Map<String, Set<String>> out = new HashMap<>();
                        ids.forEach(id -> out.put(id, friends.getOrDefault(id, Set.of())));
                        return out;
                    },
                    ids -> {
                        Map<String, String> out = new HashMap<>();
                        ids.forEach(id -> {
                            if (id.hashCode() % 3 != 0) {
                                out.put(id, "Name of " + id);
                            }
                        });
                        return out;
                    });
        }

        private static MatchCard random(SplittableRandom r, String id, Role role) {
            Set<String> topics = pick(r, TOPICS, 1 + r.nextInt(role == Role.MENTOR ? 4 : 3));
            Work work = r.nextInt(8) == 0 ? Work.NONE : new Work(maybe(r, INDUSTRIES), maybe(r, FIELDS),
                    maybe(r, EMPLOYERS), r.nextInt(6) == 0 ? null : r.nextInt(31));
            List<School> schools = new ArrayList<>();
            for (int s = r.nextInt(3); s > 0; s--) {
                schools.add(new School(maybe(r, SCHOOLS), maybe(r, FIELDS)));
            }
            int capacity = r.nextInt(4);
            int active = capacity == 0 ? 0 : r.nextInt(capacity + 1);
            return new MatchCard(id, "Member " + id, role, topics, capacity, active, r.nextInt(5) != 0,
                    pick(r, LANGUAGES, 1 + r.nextInt(2)), pick(r, INTERESTS, r.nextInt(5)), work, schools,
                    PLACES.get(r.nextInt(PLACES.size())),
                    new Privacy(visibility(r), visibility(r), visibility(r), visibility(r)), r.nextInt(7) != 0,
                    r.nextInt(10) == 0, r.nextInt(12) == 0 ? 0 : 1);
        }

        private static Visibility visibility(SplittableRandom r) {
            int v = r.nextInt(8);
            return v == 0 ? Visibility.NOBODY : v < 4 ? Visibility.EVERYONE : Visibility.SUGGESTIONS;
        }

        private static String maybe(SplittableRandom r, String[] values) {
            return r.nextInt(6) == 0 ? null : values[r.nextInt(values.length)];
        }

        private static Set<String> pick(SplittableRandom r, String[] values, int count) {
            Set<String> out = new HashSet<>();
            while (out.size() < Math.min(count, values.length)) {
                out.add(values[r.nextInt(values.length)]);
            }
            return Set.copyOf(out);
        }
    }
}
