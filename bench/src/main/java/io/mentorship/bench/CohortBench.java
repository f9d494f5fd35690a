package io.mentorship.bench;

import io.mentorship.cohorts.CohortMatcher;
import io.mentorship.cohorts.CohortMatcher.Mentee;
import io.mentorship.cohorts.CohortMatcher.Mentor;
import io.mentorship.cohorts.CohortMatcher.Outcome;
import io.mentorship.cohorts.CohortMatcher.Proof;
import io.mentorship.cohorts.CohortMatcher.Result;
import io.mentorship.matching.MatchCard;
import io.mentorship.matching.MatchContext;
import io.mentorship.matching.ScoringCard;
import io.mentorship.matching.Weights;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whole-cohort assignment at program sizes: a synthetic population (Zipf topics over 400, capacities 1-5, real
 * cities and languages, a power-law friend graph) split into mentees and mentors, assigned exactly, beside the
 * greedy first-come-first-served outcome. Prints time (and where it went), the peak heap, how the graph split into
 * independent parts, and what the optimality proof took.
 *
 * <p>Arguments: sizes as {@code menteesXmentors}, comma-separated (default {@code 1000x200,10000x2000,50000x10000});
 * a size ending in {@code :in-person} makes every member meet in person only (within 50 km), which splits the
 * cohort into independent parts by metro area; then candidates per mentee (default
 * {@value CohortMatcher#DEFAULT_CANDIDATES_PER_MENTEE}).
 */
public final class CohortBench {
    private static final Map<Role, Integer> GUIDELINES = Map.of(Role.MENTOR, 1, Role.MENTEE, 1);

    public static void main(String[] args) {
        String sizes = args.length > 0 ? args[0] : "1000x200,10000x2000,50000x10000";
        int perMentee = args.length > 1 ? Integer.parseInt(args[1]) : CohortMatcher.DEFAULT_CANDIDATES_PER_MENTEE;
        System.out.printf(Locale.ROOT, "cohort assignment, %d candidates a mentee before the proof, max heap %d MB%n",
                perMentee, Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("| mentees x mentors | total s | rank s | flow s | proof s | peak heap MB | parts |"
                + " largest part (mentees x mentors, pairs) | last flow: all parts s, largest part s | settled by bound | checked in full |"
                + " pairs added | rounds | optimal: matched, mean, lowest | greedy: matched, mean, lowest |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (String size : sizes.split(",")) {
            boolean inPerson = size.endsWith(":in-person");
            String[] parts = size.trim().toLowerCase(Locale.ROOT).replace(":in-person", "").split("x");
            run(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), perMentee, inPerson);
        }
    }

    private static void run(int menteeCount, int mentorCount, int perMentee, boolean inPerson) {
        // Enough people for both counts; the first of each role are taken.
        int total = (int) ((menteeCount + mentorCount) * 1.3);
        Population population = Population.generate(total, (double) mentorCount / (menteeCount + mentorCount), 42);
        Map<String, Set<String>> friends = population.friends();
        List<Mentee> mentees = new ArrayList<>();
        List<Mentor> mentors = new ArrayList<>();
        for (Profile p : population.profiles()) {
            if (p.hasRole(Role.MENTOR) && mentors.size() < mentorCount) {
                MatchCard card = inPerson(MatchCard.of(p, Role.MENTOR, 1, 0), inPerson);
                mentors.add(new Mentor(ScoringCard.of(card), card.capacity()));
            } else if (p.hasRole(Role.MENTEE) && mentees.size() < menteeCount) {
                MatchCard card = inPerson(MatchCard.of(p, Role.MENTEE, 1, 0), inPerson);
                Set<String> own = friends.getOrDefault(p.userId(), Set.of());
                MatchContext context = new MatchContext(GUIDELINES, own, Set.of(), ids -> {
                    Map<String, Set<String>> out = new HashMap<>();
                    ids.forEach(id -> out.put(id, friends.getOrDefault(id, Set.of())));
                    return out;
                }, ids -> Map.of());
                mentees.add(new Mentee(ScoringCard.of(card), context));
            }
        }
        System.gc();
        resetPeaks();
        long started = System.nanoTime();
        Result result = new CohortMatcher(Weights.defaults(), perMentee).assign(mentees, mentors);
        double seconds = (System.nanoTime() - started) / 1e9;
        long peakMb = peakHeap() >> 20;
        Proof proof = result.proof();
        System.out.printf(Locale.ROOT,
                "| %d x %d%s | %.1f | %.1f | %.1f | %.1f | %d | %d | %d x %d, %d | %.1f, %.1f | %d | %d | %d | %d | %s | %s |%n",
                mentees.size(), mentors.size(), inPerson ? " in person" : "", seconds, proof.millis().ranking() / 1e3,
                proof.millis().solving() / 1e3, proof.millis().checking() / 1e3, peakMb, proof.split().parts(),
                proof.split().largestPartMentees(), proof.split().largestPartMentors(),
                proof.split().largestPartPairs(), proof.split().totalSolveNanos() / 1e9,
                proof.split().largestSolveNanos() / 1e9, proof.settledByBound(),
                proof.checkedInFull(), proof.pairsAdded(), proof.rounds(), figures(result.optimal()),
                figures(result.greedy()));
    }

    private static MatchCard inPerson(MatchCard c, boolean inPerson) {
        return !inPerson ? c : new MatchCard(c.userId(), c.displayName(), c.role(), c.topics(), c.capacity(),
                c.activeMentees(), c.accepting(), c.languages(), c.interests(), c.work(), c.schools(), c.place(),
                c.privacy(), false, c.outsideMyCircle(), c.ackVersion());
    }

    private static String figures(Outcome outcome) {
        return String.format(Locale.ROOT, "%d (%.1f%%), %.1f, %s", outcome.matched(), 100 * outcome.matchedShare(),
                outcome.meanScore() == null ? 0.0 : outcome.meanScore(), outcome.lowestScore());
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /** Sum of the heap pools' peaks since the reset: an upper bound on the live heap the run needed. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
