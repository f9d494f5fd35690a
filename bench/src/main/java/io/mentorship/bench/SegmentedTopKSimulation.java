package io.mentorship.bench;

import io.mentorship.matching.Criterion;
import io.mentorship.matching.MatchCard;
import io.mentorship.matching.MatchContext;
import io.mentorship.matching.MatchEngine;
import io.mentorship.matching.SegmentedTopK;
import io.mentorship.matching.SegmentedTopK.Friends;
import io.mentorship.matching.SegmentedTopK.Index;
import io.mentorship.matching.SegmentedTopK.Key;
import io.mentorship.matching.SegmentedTopK.Result;
import io.mentorship.matching.SegmentedTopK.Segment;
import io.mentorship.matching.Suggestion;
import io.mentorship.matching.Weights;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Exact top K with fewer reads, on the pure layer: N mentors who all offer one topic, segmented by place, industry
 * and field; for each of several mentees, the share of cards a {@link SegmentedTopK} computation reads and its
 * time, next to the engine ranking every card, which it must equal. A second table compares other segmentations,
 * with the segment summaries read counted too and the share an exact per-segment best score would read.
 *
 * <p>Arguments: sizes (default {@code 1000000,100000}), mentees (20), K (20), timed repetitions (3).
 */
public final class SegmentedTopKSimulation {
    private static final String TOPIC = "career advice";
    private static final long SEED = 42;

    private SegmentedTopKSimulation() {
    }

    public static void main(String[] args) {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000000,100000").split(","))
                .mapToInt(s -> Integer.parseInt(s.strip())).toArray();
        int mentees = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int topK = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int repetitions = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        for (int size : sizes) {
            run(size, mentees, topK, repetitions);
        }
    }

    private static void run(int size, int menteeCount, int topK, int repetitions) {
        System.out.printf("%n== %,d mentors offering \"%s\", %d mentees, top %d ==%n", size, TOPIC, menteeCount, topK);
        long start = System.nanoTime();
        World world = World.generate(size, menteeCount);
        System.out.printf("population generated in %.1f s%n", seconds(start));

        start = System.nanoTime();
        Index index = Index.of(world.mentors, MAIN.levels);
        System.out.printf("segmented by %s in %.1f s: %,d segments, %,.0f cards each on average%n", MAIN,
                seconds(start), index.segments().size(), (double) size / index.segments().size());

        MatchEngine engine = new MatchEngine(Weights.defaults(), topK);
        SegmentedTopK segmented = new SegmentedTopK(Weights.defaults(), topK, MAIN.friends);
        // One untimed pass so both paths are compiled before anything is measured.
        for (MatchCard mentee : world.mentees) {
            engine.rank(mentee, world.mentors, world.context(mentee));
            segmented.rank(mentee, index, world.context(mentee));
        }

        System.out.printf("%-7s %-14s %7s %5s %7s %11s %9s %9s %7s %7s %8s %10s %5s%n", "mentee", "city",
                "friends", "K-th", "by id", "segments", "summaries", "cards", "share", "values", "seg ms",
                "exhaust ms", "equal");
        List<Double> shares = new ArrayList<>();
        List<Double> valueShares = new ArrayList<>();
        List<Double> segmentedMs = new ArrayList<>();
        List<Double> exhaustiveMs = new ArrayList<>();
        int equal = 0;
        for (MatchCard mentee : world.mentees) {
            MatchContext context = world.context(mentee);
            Timed<Result> fast = timed(repetitions, () -> segmented.rank(mentee, index, context));
            Timed<List<Suggestion>> full = timed(repetitions, () -> engine.rank(mentee, world.mentors, context));
            Result result = fast.value;
            boolean same = result.suggestions().equals(full.value);
            equal += same ? 1 : 0;
            double share = (double) result.cardsRead() / size;
            shares.add(share);
            valueShares.add((double) result.valuesRead() / index.values());
            segmentedMs.add(fast.ms);
            exhaustiveMs.add(full.ms);
            System.out.printf("%-7s %-14s %7d %5s %7d %,5d/%,-5d %,9d %,9d %6.2f%% %6.2f%% %8.1f %10.1f %5s%n",
                    mentee.userId(), mentee.place().city(), context.viewerFriends().size(),
                    full.value.isEmpty() ? "-" : full.value.getLast().score(), result.cardsByIdRead(),
                    result.segmentsRead(), result.segments(), result.summariesRead(), result.cardsRead(),
                    100 * share, 100 * valueShares.getLast(), fast.ms, full.ms, same ? "yes" : "NO");
        }
        System.out.printf("median: cards read %.2f%%, values read %.2f%%, segmented %.1f ms, exhaustive %.1f ms;"
                + " equal %d/%d%n", 100 * median(shares), 100 * median(valueShares), median(segmentedMs),
                median(exhaustiveMs), equal, world.mentees.size());
        compareVariants(world, topK);
    }

    /** One way to segment the topic and to bound mutual friends, under some weights. */
    private record Variant(String name, List<Set<Key>> levels, Friends friends, Weights weights) {
        Variant(String name, List<Set<Key>> levels) {
            this(name, levels, Friends.FRIENDS_OF_FRIENDS, Weights.defaults());
        }

        @Override
        public String toString() {
            return name + (friends == Friends.FULL_WEIGHT ? ", friends at full weight" : "");
        }
    }

    private static final Variant MAIN = new Variant("place+industry+field",
            List.of(EnumSet.of(Key.PLACE, Key.INDUSTRY, Key.FIELD)));
    private static final List<Variant> VARIANTS = List.of(
            new Variant("place", List.of(EnumSet.of(Key.PLACE))),
            new Variant("place+industry+field", MAIN.levels, Friends.FULL_WEIGHT, Weights.defaults()),
            MAIN,
            new Variant("place+industry+field+school", List.of(EnumSet.of(Key.PLACE, Key.INDUSTRY, Key.FIELD,
                    Key.SCHOOL))),
            new Variant("place / industry+field / school",
                    List.of(EnumSet.of(Key.PLACE), EnumSet.of(Key.INDUSTRY, Key.FIELD), EnumSet.of(Key.SCHOOL))),
            new Variant("place+industry+field, topics+interests weigh 0", MAIN.levels, Friends.FRIENDS_OF_FRIENDS,
                    without(Criterion.TOPICS, Criterion.INTERESTS)));

    private static Weights without(Criterion... criteria) {
        Map<Criterion, Integer> values = new EnumMap<>(Weights.defaults().values());
        for (Criterion c : criteria) {
            values.put(c, 0);
        }
        return new Weights(values);
    }

    /**
     * Each variant's medians: summaries read, share of cards read, share of values read (cards and summaries, a
     * proxy for bytes), the share of cards an exact per-segment best score would read (what no bound on these
     * segments can beat), and the time per computation; and how many computations equalled the exhaustive ranking.
     */
    private static void compareVariants(World world, int topK) {
        System.out.printf("%-52s %9s %9s %10s %7s %7s %7s %7s %6s%n", "segments by (/: split further)", "segments",
                "summaries", "summ.read", "cards", "values", "oracle", "ms", "equal");
        for (Variant variant : VARIANTS) {
            Index index = Index.of(world.mentors, variant.levels);
            MatchEngine engine = new MatchEngine(variant.weights, topK);
            SegmentedTopK segmented = new SegmentedTopK(variant.weights, topK, variant.friends);
            double friendsMax = 100.0 * variant.weights.of(Criterion.FRIENDS) / variant.weights.total();
            List<Double> summaries = new ArrayList<>();
            List<Double> cards = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            List<Double> oracles = new ArrayList<>();
            List<Double> ms = new ArrayList<>();
            int equal = 0;
            for (MatchCard mentee : world.mentees) {
                MatchContext context = world.context(mentee);
                Timed<Result> timed = timed(1, () -> segmented.rank(mentee, index, context));
                Result result = timed.value;
                summaries.add((double) result.summariesRead());
                cards.add((double) result.cardsRead() / index.size());
                values.add((double) result.valuesRead() / index.values());
                ms.add(timed.ms);
                equal += result.suggestions().equals(engine.rank(mentee, world.mentors, context)) ? 1 : 0;
                if (variant.friends == Friends.FRIENDS_OF_FRIENDS) {
                    oracles.add(oracleShare(engine, friendsMax, topK, mentee, context, index, result));
                }
            }
            System.out.printf("%-52s %,9d %,9d %,10.0f %6.2f%% %6.2f%% %7s %7.0f %3d/%d%n", variant,
                    index.segments().size(), index.root().all().size() - 1, median(summaries), 100 * median(cards),
                    100 * median(values), oracles.isEmpty() ? "-" : String.format("%.2f%%", 100 * median(oracles)),
                    median(ms), equal, world.mentees.size());
        }
    }

    /**
     * The share read if each segment's bound were its exact best score: the friends of friends read by id, then
     * every segment whose best card, mutual friends aside, reaches the final K-th score.
     */
    private static double oracleShare(MatchEngine engine, double friendsMax, int topK, MatchCard mentee,
                                      MatchContext context, Index index, Result result) {
        if (result.suggestions().size() < topK) {
            return (double) result.cardsRead() / index.size();
        }
        Set<String> byId = new HashSet<>();
        if (!context.viewerFriends().isEmpty()) {
            context.friendsOf().apply(context.viewerFriends()).values().forEach(byId::addAll);
        }
        double threshold = result.suggestions().getLast().score() - 0.5;
        long read = byId.stream().filter(index::contains).count();
        for (Segment segment : index.segments()) {
            double best = Double.NEGATIVE_INFINITY;
            for (MatchCard card : segment.cards()) {
                if (!byId.contains(card.userId()) && MatchEngine.passesHardFilters(mentee, card, context)) {
                    best = Math.max(best, engine.bestPossibleScore(mentee, card) - friendsMax);
                }
            }
            read += best >= threshold ? segment.cards().size() : 0;
        }
        return (double) read / index.size();
    }

    private record Timed<T>(T value, double ms) {
    }

    /** The median of {@code repetitions} runs. */
    private static <T> Timed<T> timed(int repetitions, Supplier<T> work) {
        T value = null;
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            long start = System.nanoTime();
            value = work.get();
            ms.add((System.nanoTime() - start) / 1e6);
        }
        return new Timed<>(value, median(ms));
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** The mentors of one topic, the mentees asking for it, and the friend graph they all share. */
    private record World(List<MatchCard> mentors, List<MatchCard> mentees, Map<String, Set<String>> friends) {
        static World generate(int size, int menteeCount) {
            Population population = Population.generate(size + menteeCount, 1.0, SEED);
            List<Profile> profiles = population.profiles();
            Set<Integer> chosen = pickMentees(profiles, menteeCount);
            List<MatchCard> mentors = new ArrayList<>(size);
            List<MatchCard> mentees = new ArrayList<>();
            for (int i = 0; i < profiles.size(); i++) {
                Profile p = profiles.get(i);
                if (chosen.contains(i)) {
                    mentees.add(asMentee(p));
                } else {
                    mentors.add(offeringTopic(MatchCard.of(p, Role.MENTOR, 1, 0)));
                }
            }
            Map<String, Set<String>> friends = population.friends();
            // Every fourth mentee is new and has no friends yet; unfriended on both sides, as friendship is mutual.
            for (int m = 0; m < mentees.size(); m += 4) {
                String id = mentees.get(m).userId();
                for (String friend : friends.put(id, Set.of())) {
                    friends.get(friend).remove(id);
                }
            }
            return new World(mentors, mentees, friends);
        }

        /** Mentees from as many different cities as there are, so near and far segments both matter. */
        private static Set<Integer> pickMentees(List<Profile> profiles, int count) {
            SplittableRandom random = new SplittableRandom(SEED + 1);
            Set<Integer> chosen = new LinkedHashSet<>();
            Set<String> cities = new HashSet<>();
            for (int attempt = 0; chosen.size() < count; attempt++) {
                int i = random.nextInt(profiles.size());
                if (cities.add(profiles.get(i).location().city()) || attempt > 100_000) {
                    chosen.add(i);
                }
            }
            return chosen;
        }

        private static MatchCard asMentee(Profile p) {
            List<String> topics = new ArrayList<>(List.of(TOPIC));
            p.mentor().topics().stream().limit(2).forEach(topics::add);
            Profile mentee = new Profile(p.userId(), p.displayName(), null, null,
                    new Profile.MenteeNeed(topics, "grow"), p.profession(), p.education(), p.location(),
                    p.interests(), p.languages(), p.preferences(), p.visibility(), 1L, null, null);
            return MatchCard.of(mentee, Role.MENTEE, 1, 0);
        }

        private static MatchCard offeringTopic(MatchCard c) {
            Set<String> topics = new HashSet<>(c.topics());
            topics.add(TOPIC);
            return new MatchCard(c.userId(), c.displayName(), c.role(), Set.copyOf(topics), c.capacity(),
                    c.activeMentees(), c.accepting(), c.languages(), c.interests(), c.work(), c.schools(), c.place(),
                    c.privacy(), c.remoteOk(), c.outsideMyCircle(), c.ackVersion());
        }

        MatchContext context(MatchCard mentee) {
            return new MatchContext(Map.of(Role.MENTOR, 1, Role.MENTEE, 1),
                    friends.getOrDefault(mentee.userId(), Set.of()), Set.of(),
                    ids -> {
                        Map<String, Set<String>> out = new HashMap<>();
                        ids.forEach(id -> out.put(id, friends.getOrDefault(id, Set.of())));
                        return out;
                    },
                    ids -> {
                        Map<String, String> out = new HashMap<>();
                        ids.forEach(id -> out.put(id, "Member " + id.substring(1)));
                        return out;
                    });
        }
    }
}
