package io.mentorship.cohorts;

import io.mentorship.cohorts.FlowAssignment.Candidate;
import java.util.ArrayList;
import java.util.List;

/** The oracle of the cohort tests: every assignment tried, the best (matched, total score) kept. */
final class ExhaustiveAssignment {
    private ExhaustiveAssignment() {
    }

    static long[] best(int mentees, int[] capacity, List<Candidate> candidates) {
        List<List<Candidate>> byMentee = new ArrayList<>();
        for (int i = 0; i < mentees; i++) {
            byMentee.add(new ArrayList<>());
        }
        candidates.forEach(c -> byMentee.get(c.mentee()).add(c));
        long[] best = {0, 0};
        search(byMentee, 0, capacity.clone(), 0, 0, best);
        return best;
    }

    private static void search(List<List<Candidate>> byMentee, int i, int[] left, int matched, long total,
                               long[] best) {
        if (i == byMentee.size()) {
            if (matched > best[0] || (matched == best[0] && total > best[1])) {
                best[0] = matched;
                best[1] = total;
            }
            return;
        }
        search(byMentee, i + 1, left, matched, total, best);
        for (Candidate c : byMentee.get(i)) {
            if (left[c.mentor()] > 0) {
                left[c.mentor()]--;
                search(byMentee, i + 1, left, matched + 1, total + c.score(), best);
                left[c.mentor()]++;
            }
        }
    }
}
