package io.mentorship.cohorts;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.cohorts.CohortMatcher.Mentee;
import io.mentorship.cohorts.CohortMatcher.Mentor;
import io.mentorship.cohorts.CohortMatcher.Pair;
import io.mentorship.cohorts.CohortMatcher.Result;
import io.mentorship.cohorts.FlowAssignment.Candidate;
import io.mentorship.matching.MatchCard;
import io.mentorship.matching.MatchCard.Place;
import io.mentorship.matching.MatchCard.Privacy;
import io.mentorship.matching.MatchCard.School;
import io.mentorship.matching.MatchCard.Work;
import io.mentorship.matching.MatchContext;
import io.mentorship.matching.MatchEngine;
import io.mentorship.matching.ScoringCard;
import io.mentorship.matching.Suggestion;
import io.mentorship.matching.Weights;
import io.mentorship.profile.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Cohort assignment on engine-scored cohorts: exhaustive search on small ones, the full candidate graph on medium
 * ones (so that pruning to a few candidates a mentee, proved by the dual bound, never changes the optimum), and
 * the hard filters on every pair.
 */
class CohortMatcherTest {
    private static final String[] TOPICS = {"java", "go", "design", "sales"};
    private static final String[] LANGUAGES = {"en", "pt", "es"};
    private static final String[] INTERESTS = {"chess", "jazz", "running", "yoga", "cooking"};
    private static final Map<Role, Integer> GUIDELINES = Map.of(Role.MENTOR, 1, Role.MENTEE, 1);

    private record Cohort(List<Mentee> mentees, List<Mentor> mentors) {
    }

    private static Cohort cohort(SplittableRandom random, int mentees, int mentors) {
        List<Mentor> mentorList = new ArrayList<>();
        for (int j = 0; j < mentors; j++) {
            int capacity = 1 + random.nextInt(3);
            int active = random.nextInt(capacity + 1) == 0 ? capacity : random.nextInt(capacity);
            mentorList.add(new Mentor(ScoringCard.of(card(random, "t" + j, Role.MENTOR, capacity, active)),
                    capacity - active));
        }
        List<Mentee> menteeList = new ArrayList<>();
        for (int i = 0; i < mentees; i++) {
            Set<String> excluded = new HashSet<>();
            if (random.nextInt(4) == 0) {
                excluded.add("t" + random.nextInt(mentors)); // a block or a recent decline
            }
            MatchContext context = new MatchContext(GUIDELINES, Set.of(), excluded, ids -> Map.of(), ids -> Map.of());
            menteeList.add(new Mentee(ScoringCard.of(card(random, "m" + i, Role.MENTEE, 0, 0)), context));
        }
        return new Cohort(menteeList, mentorList);
    }

    private static MatchCard card(SplittableRandom random, String id, Role role, int capacity, int active) {
        String[] cities = {"Porto", "Braga", "Lisbon"};
        String city = cities[random.nextInt(cities.length)];
        double lat = city.equals("Lisbon") ? 38.72 : city.equals("Porto") ? 41.15 : 41.55;
        return new MatchCard(id, id, role, some(random, TOPICS, 1), capacity, active, true,
                some(random, LANGUAGES, 1), some(random, INTERESTS, 0),
                new Work("Tech", random.nextBoolean() ? "Backend" : "Data", random.nextBoolean() ? "Acme" : "Globex",
                        random.nextInt(20)),
                List.of(new School(random.nextBoolean() ? "U Porto" : "U Minho", "CS")),
                new Place(city, "Norte", "PT", lat, -8.6), Privacy.DEFAULT, random.nextInt(6) != 0, false,
                random.nextInt(8) == 0 ? 0 : 1);
    }

    private static Set<String> some(SplittableRandom random, String[] pool, int min) {
        Set<String> out = new HashSet<>();
        int count = min + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            out.add(pool[random.nextInt(pool.length)]);
        }
        return out;
    }

    /** Every pair of the cohort that passes the hard filters, with the engine's score. */
    private static List<Candidate> allPairs(Cohort cohort) {
        MatchEngine engine = new MatchEngine(Weights.defaults(), 10_000);
        List<MatchCard> mentorCards = cohort.mentors().stream().map(m -> m.card().card()).toList();
        Map<String, Integer> index = new HashMap<>();
        for (int j = 0; j < cohort.mentors().size(); j++) {
            index.put(cohort.mentors().get(j).card().userId(), j);
        }
        List<Candidate> pairs = new ArrayList<>();
        for (int i = 0; i < cohort.mentees().size(); i++) {
            Mentee mentee = cohort.mentees().get(i);
            for (Suggestion s : engine.rank(mentee.card().card(), mentorCards, mentee.context())) {
                pairs.add(new Candidate(i, index.get(s.userId()), s.score()));
            }
        }
        return pairs;
    }

    private static int[] capacities(Cohort cohort) {
        return cohort.mentors().stream().mapToInt(Mentor::freeCapacity).toArray();
    }

    private static void assertValid(Cohort cohort, Result result) {
        Map<String, Integer> taken = new HashMap<>();
        Set<String> matchedMentees = new HashSet<>();
        Map<String, Mentor> mentors = new HashMap<>();
        cohort.mentors().forEach(m -> mentors.put(m.card().userId(), m));
        Map<String, Mentee> mentees = new HashMap<>();
        cohort.mentees().forEach(m -> mentees.put(m.card().userId(), m));
        for (Pair pair : result.optimal().pairs()) {
            assertThat(matchedMentees.add(pair.menteeId())).as("one mentor per mentee").isTrue();
            taken.merge(pair.mentorId(), 1, Integer::sum);
            Mentee mentee = mentees.get(pair.menteeId());
            assertThat(MatchEngine.passesHardFilters(mentee.card().card(), mentors.get(pair.mentorId()).card().card(),
                    mentee.context())).as(pair.toString()).isTrue();
            assertThat(pair.suggestion().userId()).isEqualTo(pair.mentorId());
        }
        taken.forEach((mentor, count) -> assertThat(count).isLessThanOrEqualTo(mentors.get(mentor).freeCapacity()));
    }

    @Test
    void smallCohortsEqualExhaustiveSearch() {
        SplittableRandom random = new SplittableRandom(5);
        for (int mentees = 1; mentees <= 8; mentees++) {
            for (int mentors = 1; mentors <= 8; mentors++) {
                Cohort cohort = cohort(random, mentees, mentors);
                Result result = new CohortMatcher(Weights.defaults(), 2).assign(cohort.mentees(), cohort.mentors());
                assertValid(cohort, result);
                long[] best = ExhaustiveAssignment.best(cohort.mentees().size(), capacities(cohort), allPairs(cohort));
                assertThat(new long[] {result.optimal().matched(), result.optimal().totalScore()})
                        .as("%dx%d", mentees, mentors).containsExactly(best);
            }
        }
    }

    @Test
    void pruningToAFewCandidatesNeverChangesTheOptimum() {
        SplittableRandom random = new SplittableRandom(9);
        int checkedInFull = 0;
        int pairsAdded = 0;
        for (int n = 0; n < 15; n++) {
            Cohort cohort = cohort(random, 60 + random.nextInt(80), 15 + random.nextInt(30));
            FlowAssignment.Result full = FlowAssignment.solve(cohort.mentees().size(), capacities(cohort),
                    allPairs(cohort));
            for (int perMentee : new int[] {1, 3, 8}) {
                Result result = new CohortMatcher(Weights.defaults(), perMentee)
                        .assign(cohort.mentees(), cohort.mentors());
                assertValid(cohort, result);
                assertThat(new long[] {result.optimal().matched(), result.optimal().totalScore()})
                        .as("cohort %d, %d a mentee", n, perMentee)
                        .containsExactly(full.matched(), full.totalScore());
                // Greedy can never beat the optimum, in either order of the goal.
                assertThat(result.greedy().matched()).isLessThanOrEqualTo(result.optimal().matched());
                if (result.greedy().matched() == result.optimal().matched()) {
                    assertThat(result.greedy().totalScore()).isLessThanOrEqualTo(result.optimal().totalScore());
                }
                checkedInFull += result.proof().checkedInFull();
                pairsAdded += result.proof().pairsAdded();
            }
        }
        // The proof's slow path ran and did add pairs: the equality above is not from an unpruned graph.
        assertThat(checkedInFull).isPositive();
        assertThat(pairsAdded).isPositive();
    }
}
