package io.mentorship.cohorts;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.cohorts.FlowAssignment.Candidate;
import io.mentorship.cohorts.FlowAssignment.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.MatchingAlgorithm.Matching;
import org.jgrapht.alg.matching.KuhnMunkresMinimalWeightBipartitePerfectMatching;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;
import org.junit.jupiter.api.Test;

/** The flow assignment against exhaustive search (small) and the Hungarian algorithm (medium). */
class FlowAssignmentTest {

    private record Instance(int mentees, int[] capacity, List<Candidate> candidates) {
    }

    private static Instance random(Random random, int mentees, int mentors, double density) {
        int[] capacity = new int[mentors];
        for (int j = 0; j < mentors; j++) {
            capacity[j] = random.nextInt(4); // 0-3: a full mentor takes no one
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < mentees; i++) {
            for (int j = 0; j < mentors; j++) {
                if (random.nextDouble() < density) {
                    // Few distinct scores, so that ties are common.
                    candidates.add(new Candidate(i, j, random.nextInt(6) * 20));
                }
            }
        }
        return new Instance(mentees, capacity, candidates);
    }

    private static long[] bruteForce(Instance instance) {
        return ExhaustiveAssignment.best(instance.mentees(), instance.capacity(), instance.candidates());
    }

    private static void assertFeasible(Instance instance, Result result) {
        int[] used = new int[instance.capacity().length];
        Set<Long> pairs = new HashSet<>();
        instance.candidates().forEach(c -> pairs.add((long) c.mentee() << 32 | c.mentor()));
        for (int i = 0; i < instance.mentees(); i++) {
            int j = result.mentorOf()[i];
            if (j >= 0) {
                assertThat(pairs).contains((long) i << 32 | j);
                used[j]++;
            }
        }
        for (int j = 0; j < used.length; j++) {
            assertThat(used[j]).isLessThanOrEqualTo(instance.capacity()[j]);
        }
    }

    @Test
    void equalsExhaustiveSearchOnEveryShapeUpTo8x8() {
        Random random = new Random(7);
        int instances = 0;
        for (int mentees = 1; mentees <= 8; mentees++) {
            for (int mentors = 1; mentors <= 8; mentors++) {
                for (int k = 0; k < 6; k++) {
                    Instance instance = random(random, mentees, mentors, 0.2 + 0.15 * k);
                    Result result = FlowAssignment.solve(instance.mentees(), instance.capacity(),
                            instance.candidates());
                    assertFeasible(instance, result);
                    long[] best = bruteForce(instance);
                    assertThat(new long[] {result.matched(), result.totalScore()})
                            .as("%dx%d #%d", mentees, mentors, k).containsExactly(best);
                    instances++;
                }
            }
        }
        assertThat(instances).isEqualTo(8 * 8 * 6);
    }

    @Test
    void theDualCertificateIsSoundWhenPairsAreLeftOut() {
        Random random = new Random(11);
        int certified = 0;
        int refuted = 0;
        for (int n = 0; n < 300; n++) {
            Instance full = random(random, 1 + random.nextInt(8), 1 + random.nextInt(8), 0.6);
            // Keep each mentee's two best pairs only.
            List<Candidate> kept = new ArrayList<>();
            List<Candidate> left = new ArrayList<>();
            for (int i = 0; i < full.mentees(); i++) {
                int mentee = i;
                List<Candidate> own = full.candidates().stream().filter(c -> c.mentee() == mentee)
                        .sorted(Comparator.comparingInt(Candidate::score).reversed()).toList();
                kept.addAll(own.subList(0, Math.min(2, own.size())));
                left.addAll(own.subList(Math.min(2, own.size()), own.size()));
            }
            Result pruned = FlowAssignment.solve(full.mentees(), full.capacity(), kept);
            long[] best = bruteForce(full);
            boolean anyImproves = left.stream().anyMatch(c -> pruned.improves(c.mentee(), c.mentor(), c.score()));
            boolean optimal = pruned.matched() == best[0] && pruned.totalScore() == best[1];
            if (!anyImproves) {
                assertThat(optimal).as("certified but not optimal, instance %d", n).isTrue();
                certified++;
            }
            if (!optimal) {
                refuted++;
            }
        }
        // Both cases occur, so the test exercises the certificate both ways.
        assertThat(certified).isGreaterThan(0);
        assertThat(refuted).isGreaterThan(0);
    }

    @Test
    void agreesWithTheHungarianAlgorithmOnMediumInstances() {
        Random random = new Random(3);
        for (int n = 0; n < 12; n++) {
            Instance instance = random(random, 30 + random.nextInt(30), 10 + random.nextInt(15), 0.25);
            Result result = FlowAssignment.solve(instance.mentees(), instance.capacity(), instance.candidates());
            assertFeasible(instance, result);
            assertThat(new long[] {result.matched(), result.totalScore()}).as("instance %d", n)
                    .containsExactly(hungarian(instance));
        }
    }

    /**
     * Kuhn-Munkres on a square, complete graph: mentees and one dummy per mentor slot on the left; mentor slots
     * and one "unmatched" seat per mentee on the right. Cost: {@code 100 - score} for a pair, {@code BIG + 100}
     * for a mentee left unmatched, 0 for the dummies, and more than everything else together for the rest.
     */
    private static long[] hungarian(Instance instance) {
        int mentees = instance.mentees();
        List<Integer> slots = new ArrayList<>();
        for (int j = 0; j < instance.capacity().length; j++) {
            for (int s = 0; s < instance.capacity()[j]; s++) {
                slots.add(j);
            }
        }
        int size = mentees + slots.size();
        long big = 100L * mentees + 1;
        double forbidden = (double) (size + 1) * (big + 100) + 1;
        int[][] score = new int[mentees][instance.capacity().length];
        for (int[] row : score) {
            java.util.Arrays.fill(row, -1);
        }
        instance.candidates().forEach(c -> score[c.mentee()][c.mentor()] = c.score());
        Graph<String, DefaultWeightedEdge> graph = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        Set<String> left = new HashSet<>();
        Set<String> right = new HashSet<>();
        for (int a = 0; a < size; a++) {
            left.add("L" + a);
            right.add("R" + a);
            graph.addVertex("L" + a);
            graph.addVertex("R" + a);
        }
        for (int a = 0; a < size; a++) {
            for (int b = 0; b < size; b++) {
                double cost;
                if (a < mentees && b < slots.size()) {
                    int s = score[a][slots.get(b)];
                    cost = s < 0 ? forbidden : 100 - s;
                } else if (a < mentees) {
                    cost = big + 100;
                } else {
                    cost = 0;
                }
                graph.setEdgeWeight(graph.addEdge("L" + a, "R" + b), cost);
            }
        }
        Matching<String, DefaultWeightedEdge> matching =
                new KuhnMunkresMinimalWeightBipartitePerfectMatching<>(graph, left, right).getMatching();
        long matched = 0;
        long total = 0;
        for (DefaultWeightedEdge e : matching.getEdges()) {
            String l = graph.getEdgeSource(e).startsWith("L") ? graph.getEdgeSource(e) : graph.getEdgeTarget(e);
            String r = l.equals(graph.getEdgeSource(e)) ? graph.getEdgeTarget(e) : graph.getEdgeSource(e);
            int a = Integer.parseInt(l.substring(1));
            int b = Integer.parseInt(r.substring(1));
            if (a < mentees && b < slots.size()) {
                assertThat(score[a][slots.get(b)]).isGreaterThanOrEqualTo(0);
                matched++;
                total += score[a][slots.get(b)];
            }
        }
        return new long[] {matched, total};
    }
}
