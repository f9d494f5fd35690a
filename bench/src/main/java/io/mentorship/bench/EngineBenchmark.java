package io.mentorship.bench;

import io.mentorship.matching.CardPool;
import io.mentorship.matching.MatchCard;
import io.mentorship.matching.MatchContext;
import io.mentorship.matching.MatchEngine;
import io.mentorship.matching.ScoringCard;
import io.mentorship.matching.Suggestion;
import io.mentorship.matching.Weights;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pure engine ranking one mentee's suggestions against every one of N mentors, as the match function does with
 * every card of a topic partition. Cards are prepared and packed once ({@link CardPool}), as a partition is when read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms6g", "-Xmx6g"})
public class EngineBenchmark {
    @Param({"10000", "100000", "1000000"})
    public int mentors;

    private MatchEngine engine;
    private ScoringCard mentee;
    private MatchCard menteeCard;
    private List<MatchCard> plainCards;
    private PreviousEngine previous;
    private CardPool candidates;
    private MatchContext context;

    @Setup(Level.Trial)
    public void generate() {
        Population population = Population.generate(mentors + 1, 1.0, 42);
        List<Profile> profiles = population.profiles();
        Profile first = profiles.getFirst();
        Profile asMentee = new Profile(first.userId(), first.displayName(), null, null,
                new Profile.MenteeNeed(List.of("career growth", "java", "leadership"), "grow"), first.profession(),
                first.education(), first.location(), first.interests(), first.languages(), first.preferences(),
                first.visibility(), 1L, null, null);
        menteeCard = MatchCard.of(asMentee, Role.MENTEE, 1, 0);
        mentee = ScoringCard.of(menteeCard);
        plainCards = new ArrayList<>(mentors);
        List<ScoringCard> cards = new ArrayList<>(mentors);
        for (Profile p : profiles.subList(1, profiles.size())) {
            MatchCard card = MatchCard.of(p, Role.MENTOR, 1, 0);
            plainCards.add(card);
            cards.add(ScoringCard.of(card));
        }
        candidates = CardPool.of(cards);
        Map<String, Set<String>> friends = population.friends();
        Map<String, String> names = new HashMap<>();
        profiles.forEach(p -> names.put(p.userId(), p.displayName()));
        context = new MatchContext(Map.of(Role.MENTOR, 1, Role.MENTEE, 1), friends.get(first.userId()), Set.of(),
                ids -> {
                    Map<String, Set<String>> out = new HashMap<>();
                    ids.forEach(id -> out.put(id, friends.getOrDefault(id, Set.of())));
                    return out;
                },
                ids -> {
                    Map<String, String> out = new HashMap<>();
                    ids.forEach(id -> out.put(id, names.get(id)));
                    return out;
                });
        engine = new MatchEngine(Weights.defaults(), 20);
        previous = new PreviousEngine(Weights.defaults(), 20);
    }

    @Benchmark
    public List<Suggestion> rankOneMentee() {
        return engine.rank(mentee, candidates, context);
    }

    /** The engine before this change, on the same population, for a before/after from one run. */
    @Benchmark
    public List<Suggestion> rankOneMenteePrevious() {
        return previous.rank(menteeCard, plainCards, context);
    }

    /** Both engines must agree, or the comparison means nothing. */
    @org.openjdk.jmh.annotations.TearDown(Level.Trial)
    public void sameAnswer() {
        List<String> now = engine.rank(mentee, candidates, context).stream()
                .map(s -> s.userId() + "=" + s.score()).toList();
        List<String> before = previous.rank(menteeCard, plainCards, context).stream()
                .map(s -> s.userId() + "=" + s.score()).toList();
        if (!now.equals(before)) {
            throw new IllegalStateException("engines disagree: " + now + " vs " + before);
        }
    }
}
