package io.mentorship.cohorts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jgrapht.Graph;
import org.jgrapht.alg.flow.PushRelabelMFImpl;
import org.jgrapht.alg.flow.mincost.CapacityScalingMinimumCostFlow;
import org.jgrapht.alg.flow.mincost.MinimumCostFlowProblem;
import org.jgrapht.alg.interfaces.MinimumCostFlowAlgorithm.MinimumCostFlow;
import org.jgrapht.graph.AsWeightedGraph;
import org.jgrapht.graph.AbstractBaseGraph;
import org.jgrapht.graph.DefaultGraphSpecificsStrategy;
import org.jgrapht.graph.DefaultGraphType;

/**
 * The best assignment of mentees to mentors over a graph of candidate pairs: each mentee gets at most one mentor,
 * each mentor at most their capacity; first as many mentees matched as possible, then the highest total score.
 *
 * <p>Solved with JGraphT, one connected part of the graph at a time (parts share no candidate pair, so their optima
 * add up; beyond one function they could be solved in parallel), in two steps: a maximum flow (push-relabel) gives
 * the most mentees {@code k} that can be matched; then a minimum-cost flow (capacity scaling) sends every mentee's
 * unit either through a mentor to the sink (cost {@code 100 - score}; the sink takes exactly {@code k}) or to an
 * "unmatched" node (cost {@value #UNMATCHED}; it takes the rest). Every search of the second step therefore ends
 * at a node that still wants flow: no search ever fails and explores the whole part.
 *
 * <p>The result carries what certifies it for pairs that were not in the graph ({@link Result#improves}):
 * <ul>
 *   <li>the minimum cut of the maximum flow (the mentees and mentors reachable from an unmatched mentee by
 *       alternating paths): a left-out pair from inside to outside could raise the number matched;</li>
 *   <li>the dual solution of the minimum-cost flow (node potentials), made as tight for left-out pairs as
 *       optimality allows: the sink at 0, each mentor raised to the most its own arcs allow (0 with room to spare,
 *       the lowest {@code potential(mentee) - 100 + score} of its mentees when full: never negative, the
 *       <em>price</em> of one of its places), then each mentee lowered as far as its own arcs allow. A left-out
 *       pair could raise the total score only if {@code 100 - score + price(mentor) - potential(mentee) < 0};</li>
 *   <li>the parts: a left-out pair joining two parts means they were not independent.</li>
 * </ul>
 */
public final class FlowAssignment {
    private static final double EPS = 1e-6;
    /** Cost of leaving a mentee unmatched: above any pair's cost, so searches try mentors first. */
    static final int UNMATCHED = 101;

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
     * @param menteePotential dual value of each mentee node (relative to its part's sink)
     * @param mentorPotential each mentor's price (0 for a mentor no candidate reaches)
     * @param menteePart      each mentee's part, -1 if no candidate reaches it
     * @param mentorPart      each mentor's part, -1 if no candidate reaches it
     * @param menteeReachable whether the mentee is on the source side of the minimum cut
     * @param mentorReachable whether the mentor is on the source side of the minimum cut
     */
    public record Result(int[] mentorOf, int[] scoreOf, int matched, long totalScore, double[] menteePotential,
                         double[] mentorPotential, int[] menteePart, int[] mentorPart, boolean[] menteeReachable,
                         boolean[] mentorReachable, int[] capacity, Split split) {
        /** Whether assigning {@code mentee} to {@code mentor} at {@code score} could beat this result. */
        public boolean improves(int mentee, int mentor, int score) {
            if (capacity[mentor] <= 0) {
                return false;
            }
            if (menteePart[mentee] >= 0 && mentorPart[mentor] >= 0 && menteePart[mentee] != mentorPart[mentor]) {
                return true; // joins two parts
            }
            if (menteeReachable[mentee] && !mentorReachable[mentor]) {
                return true; // crosses the minimum cut
            }
            return 100 - score + mentorPotential[mentor] - menteePotential[mentee] < -EPS;
        }

        /**
         * Whether some pair of {@code mentee} scoring at most {@code score} could beat this result, for any mentor
         * (every price is at least 0); true whenever that cannot be ruled out without looking at the mentors.
         */
        public boolean anyImproves(int mentee, int score) {
            return split.parts() > 1 || menteeReachable[mentee] || 100 - score - menteePotential[mentee] < -EPS;
        }
    }

    /**
     * A directed graph with JGraphT's plain specifics: no (source, target) lookup index, which costs memory per arc
     * and which the flow never asks for; parallel arcs allowed, so adding an arc checks nothing.
     */
    private static final class Network extends AbstractBaseGraph<Integer, Arc> {
        Network() {
            super(null, null, new DefaultGraphType.Builder().directed().allowMultipleEdges(true)
                    .allowSelfLoops(false).weighted(false).build(), new DefaultGraphSpecificsStrategy<>());
        }
    }

    /** One arc of the flow network; identity is the arc (two arcs may join the same nodes in different parts). */
    private static final class Arc {
        /** Markers in {@code mentee} for the arcs that leave the source and enter the unmatched node. */
        static final int FROM_SOURCE = -10;
        static final int TO_UNMATCHED = -11;
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
        int[] partOfRoot = new int[mentees + mentors];
        Arrays.fill(partOfRoot, -1);
        int parts = 0;
        List<List<Candidate>> byPart = new ArrayList<>();
        for (Candidate c : usable) {
            int root = find(parent, c.mentee());
            if (partOfRoot[root] < 0) {
                partOfRoot[root] = parts++;
                byPart.add(new ArrayList<>());
            }
            byPart.get(partOfRoot[root]).add(c);
        }
        State state = new State(mentees, mentors);
        long totalNanos = 0;
        long largestNanos = 0;
        int largestMentees = 0;
        int largestMentors = 0;
        int largestPairs = 0;
        for (int part = 0; part < parts; part++) {
            List<Candidate> pairs = byPart.get(part);
            long started = System.nanoTime();
            int[] size = solvePart(part, pairs, capacity, state);
            long took = System.nanoTime() - started;
            totalNanos += took;
            if (pairs.size() > largestPairs) {
                largestPairs = pairs.size();
                largestMentees = size[0];
                largestMentors = size[1];
                largestNanos = took;
            }
        }
        // Tighten the duals (see the class comment); each step keeps every arc's optimality condition.
        int[] used = new int[mentors];
        for (int i = 0; i < mentees; i++) {
            if (state.mentorOf[i] >= 0) {
                used[state.mentorOf[i]]++;
            }
        }
        double[] price = new double[mentors];
        for (int j = 0; j < mentors; j++) {
            price[j] = used[j] < capacity[j] ? 0 : Double.POSITIVE_INFINITY;
        }
        for (int i = 0; i < mentees; i++) {
            int j = state.mentorOf[i];
            if (j >= 0) {
                price[j] = Math.min(price[j], state.menteePotential[i] - 100 + state.scoreOf[i]);
            }
        }
        int matched = 0;
        long total = 0;
        for (int i = 0; i < mentees; i++) {
            if (state.mentorOf[i] >= 0) {
                matched++;
                total += state.scoreOf[i];
                state.menteePotential[i] = 100 - state.scoreOf[i] + price[state.mentorOf[i]];
            } else if (state.menteePart[i] >= 0) {
                state.menteePotential[i] = state.unmatchedPotential.get(state.menteePart[i]) + UNMATCHED;
            }
        }
        return new Result(state.mentorOf, state.scoreOf, matched, total, state.menteePotential, price,
                state.menteePart, state.mentorPart, state.menteeReachable, state.mentorReachable, capacity.clone(),
                new Split(parts, largestMentees, largestMentors, largestPairs, totalNanos, largestNanos));
    }

    /** What solving the parts fills in. */
    private static final class State {
        final int[] mentorOf;
        final int[] scoreOf;
        final double[] menteePotential;
        final int[] menteePart;
        final int[] mentorPart;
        final boolean[] menteeReachable;
        final boolean[] mentorReachable;
        final List<Double> unmatchedPotential = new ArrayList<>();

        State(int mentees, int mentors) {
            mentorOf = new int[mentees];
            Arrays.fill(mentorOf, -1);
            scoreOf = new int[mentees];
            menteePotential = new double[mentees];
            menteePart = new int[mentees];
            Arrays.fill(menteePart, -1);
            mentorPart = new int[mentors];
            Arrays.fill(mentorPart, -1);
            // Mentees no candidate reaches are unmatched, hence on the source side.
            menteeReachable = new boolean[mentees];
            Arrays.fill(menteeReachable, true);
            mentorReachable = new boolean[mentors];
        }
    }

    /** Solves one part into {@code state}; returns its numbers of mentees and mentors. */
    private static int[] solvePart(int part, List<Candidate> pairs, int[] capacity, State state) {
        Graph<Integer, Arc> graph = new Network();
        // Vertices: mentee i as i, mentor j as -(j + 3), the sink -1, the source -2 (maximum flow only), the
        // unmatched node Integer.MIN_VALUE (minimum-cost flow only).
        int sink = -1;
        int source = -2;
        int unmatched = Integer.MIN_VALUE;
        graph.addVertex(sink);
        graph.addVertex(source);
        graph.addVertex(unmatched);
        List<Integer> menteeIds = new ArrayList<>();
        List<Integer> mentorIds = new ArrayList<>();
        for (Candidate c : pairs) {
            if (graph.addVertex(c.mentee())) {
                menteeIds.add(c.mentee());
                state.menteePart[c.mentee()] = part;
                graph.addEdge(source, c.mentee(), new Arc(1, 0, Arc.FROM_SOURCE, -1, 0));
                graph.addEdge(c.mentee(), unmatched, new Arc(1, UNMATCHED, Arc.TO_UNMATCHED, -1, 0));
            }
            int mentorVertex = -(c.mentor() + 3);
            if (graph.addVertex(mentorVertex)) {
                mentorIds.add(c.mentor());
                state.mentorPart[c.mentor()] = part;
                graph.addEdge(mentorVertex, sink, new Arc(capacity[c.mentor()], 0, -1, c.mentor(), 0));
            }
            graph.addEdge(c.mentee(), mentorVertex, new Arc(1, 100 - c.score(), c.mentee(), c.mentor(), c.score()));
        }
        // Step 1: the most mentees that can be matched (the unmatched node's arcs carry nothing here).
        Graph<Integer, Arc> capacities = new AsWeightedGraph<>(graph,
                a -> a.mentee == Arc.TO_UNMATCHED ? 0.0 : a.capacity, false, false);
        int most = (int) Math.round(new PushRelabelMFImpl<>(capacities).getMaximumFlow(source, sink).getValue());
        // Step 2: the cheapest way to match exactly that many (the source's arcs carry nothing here).
        int menteeCount = menteeIds.size();
        Graph<Integer, Arc> costs = new AsWeightedGraph<>(graph, a -> a.cost, false, false);
        MinimumCostFlowProblem<Integer, Arc> problem = new MinimumCostFlowProblem.MinimumCostFlowProblemImpl<>(
                costs, v -> v == sink ? -most : v == unmatched ? most - menteeCount : v >= 0 ? 1 : 0,
                a -> a.mentee == Arc.FROM_SOURCE ? 0 : a.capacity, a -> 0);
        CapacityScalingMinimumCostFlow<Integer, Arc> solver = new CapacityScalingMinimumCostFlow<>();
        MinimumCostFlow<Arc> flow = solver.getMinimumCostFlow(problem);
        if (!solver.testOptimality(EPS)) {
            throw new IllegalStateException("min-cost flow failed its own optimality test");
        }
        Map<Integer, List<Integer>> menteesOf = new HashMap<>();
        for (Map.Entry<Arc, Double> e : flow.getFlowMap().entrySet()) {
            Arc arc = e.getKey();
            if (arc.mentee >= 0 && arc.mentor >= 0 && e.getValue() > 0.5) {
                state.mentorOf[arc.mentee] = arc.mentor;
                state.scoreOf[arc.mentee] = arc.score;
                menteesOf.computeIfAbsent(arc.mentor, k -> new ArrayList<>()).add(arc.mentee);
            }
        }
        Map<Integer, Double> dual = solver.getDualSolution();
        double shift = dual.get(sink);
        for (int i : menteeIds) {
            state.menteePotential[i] = dual.get(i) - shift;
            state.menteeReachable[i] = false;
        }
        state.unmatchedPotential.add(dual.get(unmatched) - shift);
        // The minimum cut: what an unmatched mentee reaches by alternating paths (unused pair, then assignment).
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        for (int i : menteeIds) {
            if (state.mentorOf[i] < 0) {
                state.menteeReachable[i] = true;
                queue.add(i);
            }
        }
        while (!queue.isEmpty()) {
            int i = queue.poll();
            for (Arc arc : graph.outgoingEdgesOf(i)) {
                if (arc.mentor >= 0 && arc.mentee >= 0 && state.mentorOf[i] != arc.mentor
                        && !state.mentorReachable[arc.mentor]) {
                    state.mentorReachable[arc.mentor] = true;
                    for (int other : menteesOf.getOrDefault(arc.mentor, List.of())) {
                        if (!state.menteeReachable[other]) {
                            state.menteeReachable[other] = true;
                            queue.add(other);
                        }
                    }
                }
            }
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
