package io.mentorship.matching;

import java.util.EnumMap;
import java.util.Map;

/** The weight of each criterion in the 0-100 score. */
public record Weights(Map<Criterion, Integer> values) {
    public static final int MAX_WEIGHT = 100;

    public Weights {
        EnumMap<Criterion, Integer> all = new EnumMap<>(Criterion.class);
        for (Criterion c : Criterion.values()) {
            all.put(c, values.getOrDefault(c, 0));
        }
        if (all.values().stream().anyMatch(w -> w < 0 || w > MAX_WEIGHT)) {
            throw new IllegalArgumentException("weights must be between 0 and " + MAX_WEIGHT);
        }
        if (all.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            throw new IllegalArgumentException("at least one weight must be positive");
        }
        values = Map.copyOf(all);
    }

    public static Weights defaults() {
        EnumMap<Criterion, Integer> values = new EnumMap<>(Criterion.class);
        for (Criterion c : Criterion.values()) {
            values.put(c, c.defaultWeight());
        }
        return new Weights(values);
    }

    public int of(Criterion criterion) {
        return values.get(criterion);
    }

    public int total() {
        return values.values().stream().mapToInt(Integer::intValue).sum();
    }
}
