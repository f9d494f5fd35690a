package io.mentorship.cohorts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jgrapht.Graph;
import org.jgrapht.alg.flow.mincost.CapacityScalingMinimumCostFlow;
import org.jgrapht.alg.flow.mincost.MinimumCostFlowProblem;
import org.jgrapht.alg.interfaces.MinimumCostFlowAlgorithm.MinimumCostFlow;
import org.jgrapht.graph.AsWeightedGraph;
import org.jgrapht.graph.DefaultDirectedGraph;

/**
 * The best assignment of mentees to mentors over a graph of candidate pairs: each mentee gets at most one mentor,
 * each mentor at most their capacity; first as many mentees matched as possible, then the highest total score.
 *
 * <p>Solved as a minimum-cost flow with JGraphT's capacity-scaling algorithm, one connected part of the graph at a
 * time (parts share no candidate pair, so their optima add up; beyond one function they could be solved in
 * parallel). Every mentee supplies one unit that reaches the sink either through a mentor (cost {@code 100 -
 * score}) or unmatched (cost {@code BIG + 100}, where {@code BIG} exceeds any total score): minimising the cost is
 * maximising {@code BIG * matched + total score}, the lexicographic goal, with non-negative costs.
 *
 * <p>The result carries a dual solution (node potentials), which certifies optimality: a pair left out of the
 * graph could improve the assignment only if its reduced cost {@code 100 - score + potential(mentor) -
 * potential(mentee)} is negative ({@link Result#improves}). The solver's potentials are made as tight for left-out
 * pairs as optimality allows: the sink at 0 in every part (so parts combine), each mentor raised to the most its
 * own arcs allow (0 with room to spare, the lowest {@code potential(mentee) - 100 + score} of its mentees when
 * full, which is never negative), then each matched mentee lowered to {@code 100 - score + potential(mentor)} and
 * each unmatched one to {@code BIG + 100}. So a mentor's potential is the price of taking one of its places, and
 * a left-out pair improves only when {@code score - price(mentor) > score(mentee's pair) - price(mentee's
 * mentor)}.
 */
public final class FlowAssignment {
    private static final double EPS = 1e-6;

    private FlowAssignment() {
    }

    /** A pair that may be assigned, with its score (0-100). */
    public record Candidate(int mentee, int mentor, int score) {
    }

    /** How the graph split and what solving each part took. */
    public record Split(int parts, int largestPartMentees, int largestPartMentors, int largestPartPairs,
                        long totalSolveNanos, long largestSolveNanos) {
    }

    /**
     * @param mentorOf        each mentee's mentor index, -1 if unmatched
     * @param scoreOf         each matched mentee's pair score
     * @param menteePotential dual value of each mentee node
     * @param mentorPotential dual value of each mentor node (0 for a mentor no candidate reaches)
     */
    public record Result(int[] mentorOf, int[] scoreOf, int matched, long totalScore, double[] menteePotential,
                         double[] mentorPotential, Split split) {
        /** Whether assigning {@code mentee} to {@code mentor} at {@code score} could beat this result. */
        public boolean improves(int mentee, int mentor, int score) {
            return 100 - score + mentorPotential[mentor] - menteePotential[mentee] < -EPS;
        }

        /**
         * Whether a pair of {@code mentee} scoring at most {@code score} could beat this result with any mentor:
         * every mentor's potential is at least 0.
         */
        public boolean anyImproves(int mentee, int score) {
            return 100 - score - menteePotential[mentee] < -EPS;
        }
    }

    /** One arc of the flow network; identity is the arc (two arcs may join the same nodes in different parts). */
    private static final class Arc {
        final int capacity;
        final double cost;
        final int mentee;
        final int mentor;
        final int score;

        Arc(int capacity, double cost, int mentee, int mentor, int score) {
            this.capacity = capacity;
            this.cost = cost;
            this.mentee = mentee;
            this.mentor = mentor;
            this.score = score;
        }
    }

    /** The optimal assignment of {@code mentees} mentees to mentors of the given free capacities. */
    public static Result solve(int mentees, int[] capacity, List<Candidate> candidates) {
        int mentors = capacity.length;
        long big = 100L * mentees + 1;
        // Parts: union-find over mentees [0, mentees) and mentors [mentees, mentees + mentors).
        int[] parent = new int[mentees + mentors];
        Arrays.setAll(parent, i -> i);
        List<Candidate> usable = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            if (c.score() < 0 || c.score() > 100) {
                throw new IllegalArgumentException("score out of 0-100: " + c);
            }
            if (capacity[c.mentor()] > 0) {
                usable.add(c);
                union(parent, c.mentee(), mentees + c.mentor());
            }
        }
        int[] partOf = new int[mentees + mentors];
        Arrays.fill(partOf, -1);
        int parts = 0;
        List<List<Candidate>> byPart = new ArrayList<>();
        for (Candidate c : usable) {
            int root = find(parent, c.mentee());
            if (partOf[root] < 0) {
                partOf[root] = parts++;
                byPart.add(new ArrayList<>());
            }
            byPart.get(partOf[root]).add(c);
        }
        int[] mentorOf = new int[mentees];
        int[] scoreOf = new int[mentees];
        Arrays.fill(mentorOf, -1);
        double[] menteePotential = new double[mentees];
        Arrays.fill(menteePotential, big + 100);
        double[] mentorPotential = new double[mentors];
        long totalNanos = 0;
        long largestNanos = 0;
        int largestMentees = 0;
        int largestMentors = 0;
        int largestPairs = 0;
        for (List<Candidate> part : byPart) {
            long started = System.nanoTime();
            int[] size = solvePart(part, capacity, big, mentorOf, scoreOf, menteePotential, mentorPotential);
            long took = System.nanoTime() - started;
            totalNanos += took;
            if (part.size() > largestPairs) {
                largestPairs = part.size();
                largestMentees = size[0];
                largestMentors = size[1];
                largestNanos = took;
            }
        }
        // Tighten the duals (see the class comment); each step keeps every arc's optimality condition.
        int[] used = new int[mentors];
        for (int i = 0; i < mentees; i++) {
            if (mentorOf[i] >= 0) {
                used[mentorOf[i]]++;
            }
        }
        double[] price = new double[mentors];
        for (int j = 0; j < mentors; j++) {
            price[j] = used[j] < capacity[j] ? 0 : Double.POSITIVE_INFINITY;
        }
        for (int i = 0; i < mentees; i++) {
            int j = mentorOf[i];
            if (j >= 0) {
                price[j] = Math.min(price[j], menteePotential[i] - 100 + scoreOf[i]);
            }
        }
        int matched = 0;
        long total = 0;
        for (int i = 0; i < mentees; i++) {
            if (mentorOf[i] >= 0) {
                matched++;
                total += scoreOf[i];
                menteePotential[i] = 100 - scoreOf[i] + price[mentorOf[i]];
            } else {
                menteePotential[i] = big + 100;
            }
        }
        System.arraycopy(price, 0, mentorPotential, 0, mentors);
        return new Result(mentorOf, scoreOf, matched, total, menteePotential, mentorPotential,
                new Split(parts, largestMentees, largestMentors, largestPairs, totalNanos, largestNanos));
    }

    /** Solves one part in place; returns its numbers of mentees and mentors. */
    private static int[] solvePart(List<Candidate> part, int[] capacity, long big, int[] mentorOf, int[] scoreOf,
                                   double[] menteePotential, double[] mentorPotential) {
        Graph<Integer, Arc> graph = new DefaultDirectedGraph<>(null, null, false);
        // Vertices: mentee i as i, mentor j as -(j + 2), the sink as -1.
        int sink = -1;
        graph.addVertex(sink);
        List<Integer> menteeIds = new ArrayList<>();
        List<Integer> mentorIds = new ArrayList<>();
        for (Candidate c : part) {
            if (graph.addVertex(c.mentee())) {
                menteeIds.add(c.mentee());
                graph.addEdge(c.mentee(), sink, new Arc(1, big + 100, c.mentee(), -1, 0));
            }
            int mentorVertex = -(c.mentor() + 2);
            if (graph.addVertex(mentorVertex)) {
                mentorIds.add(c.mentor());
                graph.addEdge(mentorVertex, sink, new Arc(capacity[c.mentor()], 0, -1, c.mentor(), 0));
            }
            graph.addEdge(c.mentee(), mentorVertex, new Arc(1, 100 - c.score(), c.mentee(), c.mentor(), c.score()));
        }
        int supply = menteeIds.size();
        // The solver reads costs as edge weights.
        Graph<Integer, Arc> weighted = new AsWeightedGraph<>(graph, a -> a.cost, false, false);
        MinimumCostFlowProblem<Integer, Arc> problem = new MinimumCostFlowProblem.MinimumCostFlowProblemImpl<>(
                weighted, v -> v == sink ? -supply : v >= 0 ? 1 : 0, a -> a.capacity, a -> 0);
        CapacityScalingMinimumCostFlow<Integer, Arc> solver = new CapacityScalingMinimumCostFlow<>();
        MinimumCostFlow<Arc> flow = solver.getMinimumCostFlow(problem);
        if (!solver.testOptimality(EPS)) {
            throw new IllegalStateException("min-cost flow failed its own optimality test");
        }
        for (Map.Entry<Arc, Double> e : flow.getFlowMap().entrySet()) {
            Arc arc = e.getKey();
            if (arc.mentee >= 0 && arc.mentor >= 0 && e.getValue() > 0.5) {
                mentorOf[arc.mentee] = arc.mentor;
                scoreOf[arc.mentee] = arc.score;
            }
        }
        Map<Integer, Double> dual = solver.getDualSolution();
        double shift = dual.get(sink);
        for (int i : menteeIds) {
            menteePotential[i] = dual.get(i) - shift;
        }
        for (int j : mentorIds) {
            mentorPotential[j] = dual.get(-(j + 2)) - shift;
        }
        return new int[] {menteeIds.size(), mentorIds.size()};
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[ra] = rb;
        }
    }
}
