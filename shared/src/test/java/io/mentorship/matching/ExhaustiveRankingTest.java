package io.mentorship.matching;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.matching.MatchCard.Place;
import io.mentorship.matching.MatchCard.Privacy;
import io.mentorship.matching.MatchCard.School;
import io.mentorship.matching.MatchCard.Work;
import io.mentorship.profile.Role;
import io.mentorship.profile.Visibility;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine against an independent oracle: every candidate scored the plain way (strings, sets, every mutual
 * friend counted, one full sort), on random populations, weights and privacy settings. The engine's shortcuts
 * (interned cards, a floor from the K-th partial score, friend lists fetched best-first) must never change a
 * result.
 */
class ExhaustiveRankingTest {
    private static final String[] TOPICS = {"java", "go", "design", "sales", "data", "writing"};
    private static final String[] INTERESTS = {"chess", "jazz", "running", "yoga", "cooking"};
    private static final String[] LANGUAGES = {"en", "pt", "es", "fr"};
    private static final String[] WORDS = {"Acme", "acme", "Globex", "Initech", "Backend", "backend", "Data"};
    private static final Object[][] PLACES = {{"Porto", "Norte", "PT", 41.15, -8.61},
            {"porto", "norte", "PT", 41.16, -8.62}, {"Braga", "Norte", "PT", 41.55, -8.42},
            {"Lisbon", "Lisboa", "PT", 38.72, -9.14}, {"Vigo", "Galicia", "ES", 42.24, -8.72},
            {"Madrid", "Madrid", "ES", 40.42, -3.70}, {"Paris", null, "FR", null, null}};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void theEngineEqualsTheExhaustiveRanking(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int size = 150 + random.nextInt(250);
        List<MatchCard> cards = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            cards.add(card(random, "u" + i));
        }
        Map<String, Set<String>> friends = new HashMap<>();
        for (int i = 0; i < size * 3; i++) {
            String a = "u" + random.nextInt(size);
            String b = "u" + random.nextInt(random.nextBoolean() ? size : 12);
            if (!a.equals(b)) {
                friends.computeIfAbsent(a, x -> new HashSet<>()).add(b);
                friends.computeIfAbsent(b, x -> new HashSet<>()).add(a);
            }
        }
        Weights weights = weights(random);
        int k = 1 + random.nextInt(25);
        Map<Role, Integer> current = Map.of(Role.MENTOR, 1 + random.nextInt(2), Role.MENTEE, 1);
        MatchEngine engine = new MatchEngine(weights, k);
        int compared = 0;
        for (MatchCard viewer : cards.subList(0, 40)) {
            Set<String> excluded = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                excluded.add("u" + random.nextInt(size));
            }
            MatchContext context = new MatchContext(current, friends.getOrDefault(viewer.userId(), Set.of()),
                    excluded, ids -> {
                        Map<String, Set<String>> out = new HashMap<>();
                        ids.forEach(id -> out.put(id, friends.getOrDefault(id, Set.of())));
                        return out;
                    }, ids -> Map.of());
            List<Suggestion> fast = engine.rank(viewer, cards, context);
            List<String> expected = oracle(weights, k, viewer, cards, context, friends);
            assertThat(fast.stream().map(s -> s.userId() + "=" + s.exactScore()).toList())
                    .as("seed %d viewer %s", seed, viewer.userId()).isEqualTo(expected);
            compared += fast.size();
        }
        assertThat(compared).isPositive();
    }

    /** The plain ranking: every eligible candidate, its full score, one sort, the first k. */
    private static List<String> oracle(Weights w, int k, MatchCard viewer, List<MatchCard> cards,
                                       MatchContext context, Map<String, Set<String>> friends) {
        if (!MatchEngine.acknowledged(viewer, context)) {
            return List.of();
        }
        boolean friendsScored = viewer.privacy().friends() != Visibility.NOBODY
                && !context.viewerFriends().isEmpty() && w.of(Criterion.FRIENDS) > 0 && !viewer.outsideMyCircle();
        record Entry(String id, double score) {
        }
        List<Entry> all = new ArrayList<>();
        for (MatchCard c : cards) {
            if (!MatchEngine.passesHardFilters(viewer, c, context)) {
                continue;
            }
            double score = partial(w, viewer, c);
            if (friendsScored && c.privacy().friends() != Visibility.NOBODY) {
                Set<String> mutual = new HashSet<>(friends.getOrDefault(c.userId(), Set.of()));
                mutual.retainAll(context.viewerFriends());
                score += 100.0 * w.of(Criterion.FRIENDS) / w.total() * Math.min(1.0, mutual.size() / 3.0);
            }
            all.add(new Entry(c.userId(), score));
        }
        all.sort(Comparator.comparingLong((Entry e) -> -Math.round(e.score())).thenComparingDouble(e -> -e.score())
                .thenComparing(Entry::id));
        return all.stream().limit(k).map(e -> e.id() + "=" + e.score()).toList();
    }

    private static double partial(Weights w, MatchCard viewer, MatchCard candidate) {
        MatchCard mentor = viewer.isMentor() ? viewer : candidate;
        MatchCard mentee = viewer.isMentor() ? candidate : viewer;
        double sum = 0;
        sum += w.of(Criterion.TOPICS) * (double) count(mentor.topics(), mentee.topics())
                / Math.max(1, mentee.topics().size());
        sum += w.of(Criterion.INTERESTS) * Math.min(1.0, count(viewer.interests(), candidate.interests()) / 3.0);
        sum += w.of(Criterion.LANGUAGES) * Math.min(1.0, count(viewer.languages(), candidate.languages()) / 2.0);
        if (MatchEngine.shown(viewer.privacy().profession(), candidate.privacy().profession())) {
            Work a = viewer.work();
            Work b = candidate.work();
            double p = 0;
            p += MatchCard.same(a.field(), b.field()) ? 0.5 : 0;
            p += MatchCard.same(a.industry(), b.industry()) ? 0.3 : 0;
            p += MatchCard.same(a.employer(), b.employer()) ? 0.2 : 0;
            sum += w.of(Criterion.PROFESSION) * p;
            sum += w.of(Criterion.EXPERIENCE) * MatchEngine.experience(mentor.work(), mentee.work());
        }
        if (MatchEngine.shown(viewer.privacy().education(), candidate.privacy().education())) {
            boolean school = false;
            boolean field = false;
            for (School x : viewer.schools()) {
                for (School y : candidate.schools()) {
                    school |= MatchCard.same(x.school(), y.school());
                    field |= MatchCard.same(x.field(), y.field());
                }
            }
            sum += w.of(Criterion.EDUCATION) * ((school ? 0.7 : 0) + (field ? 0.3 : 0));
        }
        if (MatchEngine.shown(viewer.privacy().location(), candidate.privacy().location())) {
            sum += w.of(Criterion.LOCATION) * location(viewer.place(), candidate.place());
        }
        return 100.0 * sum / w.total();
    }

    private static double location(Place a, Place b) {
        boolean sameCountry = a.country() != null && a.country().equals(b.country());
        if (sameCountry && MatchCard.same(a.city(), b.city())) {
            return 1;
        }
        double byDistance = 0;
        if (a.hasCoordinates() && b.hasCoordinates()) {
            double km = Geo.km(a.lat(), a.lon(), b.lat(), b.lon());
            byDistance = km <= 100 ? 0.9 * (1 - km / 100) : 0;
        }
        if (sameCountry && MatchCard.same(a.region(), b.region())) {
            return Math.max(0.6, byDistance);
        }
        return sameCountry ? Math.max(0.3, byDistance) : byDistance;
    }

    private static int count(Set<String> a, Set<String> b) {
        return (int) a.stream().filter(b::contains).count();
    }

    private static Weights weights(SplittableRandom random) {
        Map<Criterion, Integer> values = new EnumMap<>(Criterion.class);
        for (Criterion c : Criterion.values()) {
            values.put(c, random.nextInt(4) == 0 ? 0 : random.nextInt(101));
        }
        values.put(Criterion.TOPICS, 1 + random.nextInt(100));
        return new Weights(values);
    }

    private static MatchCard card(SplittableRandom random, String id) {
        Role role = random.nextBoolean() ? Role.MENTOR : Role.MENTEE;
        Object[] p = PLACES[random.nextInt(PLACES.length)];
        Place place = random.nextInt(8) == 0 ? Place.NONE
                : new Place((String) p[0], (String) p[1], (String) p[2], (Double) p[3], (Double) p[4]);
        Visibility[] v = Visibility.values();
        Privacy privacy = new Privacy(v[random.nextInt(v.length)], v[random.nextInt(v.length)],
                v[random.nextInt(v.length)], v[random.nextInt(v.length)]);
        List<School> schools = random.nextBoolean() ? List.of()
                : List.of(new School(pick(random, WORDS), pick(random, WORDS)));
        Work work = random.nextInt(5) == 0 ? Work.NONE : new Work(pick(random, WORDS), pick(random, WORDS),
                pick(random, WORDS), random.nextInt(4) == 0 ? null : random.nextInt(30));
        int capacity = 1 + random.nextInt(3);
        return new MatchCard(id, id, role, some(random, TOPICS, 1), capacity, random.nextInt(capacity + 1),
                role == Role.MENTOR && random.nextInt(6) != 0, some(random, LANGUAGES, 1),
                some(random, INTERESTS, 0), work, schools, place, privacy, random.nextInt(5) != 0,
                random.nextInt(10) == 0, 1 + random.nextInt(2));
    }

    private static Set<String> some(SplittableRandom random, String[] pool, int min) {
        Set<String> out = new HashSet<>();
        int n = min + random.nextInt(3);
        while (out.size() < n) {
            out.add(pick(random, pool));
        }
        return out;
    }

    private static String pick(SplittableRandom random, String[] pool) {
        return pool[random.nextInt(pool.length)];
    }
}
