package io.mentorship.cohorts;

import io.mentorship.cohorts.FlowAssignment.Candidate;
import io.mentorship.cohorts.FlowAssignment.Split;
import io.mentorship.matching.CardPool;
import io.mentorship.matching.MatchContext;
import io.mentorship.matching.MatchEngine;
import io.mentorship.matching.ScoringCard;
import io.mentorship.matching.Suggestion;
import io.mentorship.matching.Weights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Matches a whole cohort at once: every mentee at most one mentor, every mentor at most their free capacity, only
 * pairs that pass matching's hard filters, first as many mentees matched as possible and then the highest total
 * score, scored and explained by the same engine as suggestions (the mentee's view of the mentor).
 *
 * <p>The flow graph holds each mentee's best {@code candidatesPerMentee} mentors only, and the result is then
 * proved optimal for the full graph with the flow's dual solution: a pair left out could improve the assignment
 * only if its reduced cost is negative. A mentee whose worst kept score already rules that out (every mentor's
 * price is at least 0) is settled by that bound alone; for the others every eligible mentor's best possible score
 * is checked, and the few it cannot rule out are scored exactly; pairs that could improve join the graph and the
 * flow is solved again, until none can. So the answer is exactly optimal, and {@link Proof} says what the proof
 * took.
 *
 * <p>Beside it, the greedy first-come-first-served outcome: mentees in joining order, each taking their best
 * mentor who still has room, as self-serve suggestions would end.
 */
public final class CohortMatcher {
    public static final int DEFAULT_CANDIDATES_PER_MENTEE = 40;

    private final Weights weights;
    private final int candidatesPerMentee;

    public CohortMatcher(Weights weights, int candidatesPerMentee) {
        if (candidatesPerMentee < 1) {
            throw new IllegalArgumentException("candidatesPerMentee must be at least 1");
        }
        this.weights = weights;
        this.candidatesPerMentee = candidatesPerMentee;
    }

    /** A mentee of the cohort with the context matching reads for them (guidelines, exclusions, friends). */
    public record Mentee(ScoringCard card, MatchContext context) {
    }

    /** A mentor of the cohort and how many more mentees they can take. */
    public record Mentor(ScoringCard card, int freeCapacity) {
    }

    /** One assigned pair, with the score and points in common from the mentee's view (greedy pairs: score only). */
    public record Pair(String menteeId, String mentorId, Suggestion suggestion) {
    }

    /** An assignment and its figures. */
    public record Outcome(List<Pair> pairs, int mentees, int matched, long totalScore, Integer lowestScore) {
        public double matchedShare() {
            return mentees == 0 ? 0 : (double) matched / mentees;
        }

        public Double meanScore() {
            return matched == 0 ? null : (double) totalScore / matched;
        }
    }

    /**
     * What the optimality proof took.
     *
     * @param pairsInGraph       candidate pairs in the final flow graph
     * @param settledByBound     mentees whose left-out pairs the bound alone ruled out (in the last round)
     * @param checkedInFull      mentees whose every left-out pair was checked (in the last round)
     * @param pairsAdded         left-out pairs that failed the check and joined the graph
     * @param rounds             flows solved
     * @param millis             time spent ranking candidates (in parallel), solving flows, checking left-out
     *                           pairs (in parallel), and on the greedy outcome
     */
    public record Proof(int candidatesPerMentee, int pairsInGraph, int settledByBound, int checkedInFull,
                        int pairsAdded, int rounds, Split split, Millis millis) {
    }

    public record Millis(long ranking, long solving, long checking, long greedy) {
    }

    public record Result(Outcome optimal, Outcome greedy, Proof proof) {
    }

    /** Assigns {@code mentees} (in joining order) to {@code mentors}. */
    public Result assign(List<Mentee> mentees, List<Mentor> mentors) {
        List<ScoringCard> mentorCards = new ArrayList<>(mentors.size());
        int[] capacity = new int[mentors.size()];
        Map<String, Integer> mentorIndex = new HashMap<>();
        for (int j = 0; j < mentors.size(); j++) {
            mentorCards.add(mentors.get(j).card());
            capacity[j] = Math.max(0, mentors.get(j).freeCapacity());
            mentorIndex.put(mentors.get(j).card().userId(), j);
        }
        CardPool pool = CardPool.of(mentorCards);
        MatchEngine top = new MatchEngine(weights, candidatesPerMentee);

        long started = System.nanoTime();
        long solving = 0;
        int n = mentees.size();
        // Each mentee's best mentors, ranked in parallel (the engine is immutable; a Lambda of 10 GB has 6 vCPUs).
        List<Suggestion>[] ranked = new List[n];
        IntStream.range(0, n).parallel().forEach(i ->
                ranked[i] = top.rank(mentees.get(i).card(), pool, mentees.get(i).context(), false));
        List<List<Suggestion>> best = List.of(ranked);
        List<Map<Integer, Suggestion>> inGraph = new ArrayList<>(n);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<Integer, Suggestion> pairs = new HashMap<>();
            for (Suggestion s : best.get(i)) {
                int j = mentorIndex.get(s.userId());
                pairs.put(j, s);
                candidates.add(new Candidate(i, j, s.score()));
            }
            inGraph.add(pairs);
        }
        long rankedAt = System.nanoTime();
        // The greedy outcome, for comparison; its pairs also join the graph (a mentee whose best mentors are all
        // full took the best one with room, which the first flow can then use).
        Outcome greedy = greedy(mentees, mentorCards, mentorIndex, capacity, pool, best);
        Map<String, Integer> menteeIndex = new HashMap<>();
        for (int i = 0; i < n; i++) {
            menteeIndex.put(mentees.get(i).card().userId(), i);
        }
        for (Pair p : greedy.pairs()) {
            int i = menteeIndex.get(p.menteeId());
            int j = mentorIndex.get(p.mentorId());
            if (inGraph.get(i).putIfAbsent(j, p.suggestion()) == null) {
                candidates.add(new Candidate(i, j, p.suggestion().score()));
            }
        }
        long greedyAt = System.nanoTime();

        int rounds = 0;
        int added = 0;
        int settledByBound;
        int checkedInFull;
        FlowAssignment.Result flow;
        List<Map<Integer, Suggestion>> exact = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            exact.add(new HashMap<>());
        }
        while (true) {
            long solveStarted = System.nanoTime();
            flow = FlowAssignment.solve(n, capacity, candidates);
            solving += System.nanoTime() - solveStarted;
            rounds++;
            FlowAssignment.Result solved = flow;
            boolean[] settled = new boolean[n];
            List<Map.Entry<Integer, Suggestion>>[] toAdd = new List[n];
            // Each mentee's left-out pairs, checked in parallel against this round's (immutable) result.
            IntStream.range(0, n).parallel().forEach(i -> {
                List<Suggestion> own = best.get(i);
                if (own.size() < candidatesPerMentee) {
                    settled[i] = true; // every eligible mentor is already in the graph
                    return;
                }
                // A left-out pair scores at most the last kept one.
                if (!solved.anyImproves(i, own.get(own.size() - 1).score())) {
                    settled[i] = true;
                    return;
                }
                toAdd[i] = improving(i, mentees.get(i), pool, mentorCards, mentorIndex, solved, inGraph.get(i),
                        exact.get(i));
            });
            settledByBound = 0;
            checkedInFull = 0;
            int addedThisRound = 0;
            for (int i = 0; i < n; i++) {
                if (best.get(i).size() < candidatesPerMentee) {
                    continue;
                }
                if (settled[i]) {
                    settledByBound++;
                    continue;
                }
                checkedInFull++;
                for (Map.Entry<Integer, Suggestion> pair : toAdd[i]) {
                    inGraph.get(i).put(pair.getKey(), pair.getValue());
                    candidates.add(new Candidate(i, pair.getKey(), pair.getValue().score()));
                    addedThisRound++;
                }
            }
            added += addedThisRound;
            if (addedThisRound == 0) {
                break;
            }
        }

        // Only the assigned pairs are explained (points in common), each as its own one-candidate ranking.
        MatchEngine one = new MatchEngine(weights, 1);
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int j = flow.mentorOf()[i];
            if (j >= 0) {
                Mentee mentee = mentees.get(i);
                Suggestion explained = one.rank(mentee.card(), CardPool.of(List.of(mentorCards.get(j))),
                        mentee.context()).getFirst();
                pairs.add(new Pair(mentee.card().userId(), mentors.get(j).card().userId(), explained));
            }
        }
        Outcome optimal = outcome(pairs, n);
        long done = System.nanoTime();
        Proof proof = new Proof(candidatesPerMentee, candidates.size(), settledByBound, checkedInFull, added, rounds,
                flow.split(), new Millis((rankedAt - started) / 1_000_000, solving / 1_000_000,
                        (done - greedyAt - solving) / 1_000_000, (greedyAt - rankedAt) / 1_000_000));
        return new Result(optimal, greedy, proof);
    }

    /**
     * The left-out pairs of mentee {@code i} that could improve {@code flow}: each eligible mentor's best possible
     * score first (cheap), then, for the few that bound cannot rule out, the exact score (cached in {@code exact}).
     */
    private List<Map.Entry<Integer, Suggestion>> improving(int i, Mentee mentee, CardPool pool,
                                                          List<ScoringCard> mentorCards,
                                                          Map<String, Integer> mentorIndex,
                                                          FlowAssignment.Result flow,
                                                          Map<Integer, Suggestion> inGraph,
                                                          Map<Integer, Suggestion> exact) {
        List<Integer> unsure = new ArrayList<>();
        new MatchEngine(weights, 1).forEachEligible(mentee.card(), pool, mentee.context(), (j, bound) -> {
            if (!inGraph.containsKey(j) && flow.improves(i, j, (int) Math.round(bound))) {
                unsure.add(j);
            }
        });
        List<ScoringCard> toScore = new ArrayList<>();
        for (int j : unsure) {
            if (!exact.containsKey(j)) {
                toScore.add(mentorCards.get(j));
            }
        }
        if (!toScore.isEmpty()) {
            Map<String, Suggestion> scored = new HashMap<>();
            for (Suggestion s : new MatchEngine(weights, toScore.size()).rank(mentee.card(), CardPool.of(toScore),
                    mentee.context(), false)) {
                scored.put(s.userId(), s);
            }
            for (ScoringCard card : toScore) {
                exact.put(mentorIndex.get(card.userId()), scored.get(card.userId()));
            }
        }
        List<Map.Entry<Integer, Suggestion>> out = new ArrayList<>();
        for (int j : unsure) {
            Suggestion s = exact.get(j);
            if (s != null && flow.improves(i, j, s.score())) {
                out.add(Map.entry(j, s));
            }
        }
        return out;
    }

    /**
     * First come, first served: each mentee in turn takes their best mentor who still has room (from their kept
     * list, or else the best among the eligible mentors with room, ranked exactly).
     */
    private Outcome greedy(List<Mentee> mentees, List<ScoringCard> mentorCards, Map<String, Integer> mentorIndex,
                           int[] capacity, CardPool pool, List<List<Suggestion>> best) {
        int[] left = capacity.clone();
        MatchEngine bounds = new MatchEngine(weights, 1);
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < mentees.size(); i++) {
            Mentee mentee = mentees.get(i);
            Suggestion taken = firstWithRoom(best.get(i), mentorIndex, left);
            if (taken == null && best.get(i).size() == candidatesPerMentee) {
                List<ScoringCard> withRoom = new ArrayList<>();
                bounds.forEachEligible(mentee.card(), pool, mentee.context(), (j, bound) -> {
                    if (left[j] > 0) {
                        withRoom.add(mentorCards.get(j));
                    }
                });
                List<Suggestion> top = withRoom.isEmpty() ? List.of()
                        : bounds.rank(mentee.card(), CardPool.of(withRoom), mentee.context(), false);
                taken = top.isEmpty() ? null : top.get(0);
            }
            if (taken != null) {
                left[mentorIndex.get(taken.userId())]--;
                pairs.add(new Pair(mentee.card().userId(), taken.userId(), taken));
            }
        }
        return outcome(pairs, mentees.size());
    }

    private static Suggestion firstWithRoom(List<Suggestion> ranked, Map<String, Integer> mentorIndex, int[] left) {
        for (Suggestion s : ranked) {
            if (left[mentorIndex.get(s.userId())] > 0) {
                return s;
            }
        }
        return null;
    }

    private static Outcome outcome(List<Pair> pairs, int mentees) {
        long total = 0;
        Integer lowest = null;
        for (Pair p : pairs) {
            int score = p.suggestion().score();
            total += score;
            lowest = lowest == null ? score : Math.min(lowest, score);
        }
        return new Outcome(List.copyOf(pairs), mentees, pairs.size(), total, lowest);
    }
}
