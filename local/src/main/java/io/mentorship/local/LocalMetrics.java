package io.mentorship.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.json.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * The local runtime's CloudWatch: every function's embedded-metric documents, kept in memory and summed per
 * function and metric (count of data points, sum, max), served at {@code GET /_local/metrics}.
 */
public final class LocalMetrics implements Environment, ISink {
    public static final LocalMetrics INSTANCE = new LocalMetrics();

    /** Data points, sum and maximum of one metric. */
    public record Stat(long points, double sum, double max) {
        static final Stat NONE = new Stat(0, 0, 0);

        Stat add(double value) {
            return new Stat(points + 1, sum + value, points == 0 ? value : Math.max(max, value));
        }
    }

    private final Map<String, Map<String, Stat>> byFunction = new TreeMap<>();

    private LocalMetrics() {
    }

    @Override
    public void accept(MetricsContext context) {
        try {
            for (String document : context.serialize()) {
                record(Json.read(document, JsonNode.class));
            }
        } catch (Exception e) {
            throw new IllegalStateException("unreadable metrics document", e);
        }
    }

    private synchronized void record(JsonNode document) {
        String function = document.path("Function").asText("unknown");
        Map<String, Stat> metrics = byFunction.computeIfAbsent(function, f -> new TreeMap<>());
        for (JsonNode directive : document.path("_aws").path("CloudWatchMetrics")) {
            for (JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asText();
                JsonNode value = document.path(name);
                // A metric holds one value, or several recorded in one invocation.
                for (JsonNode v : value.isArray() ? value : List.of(value)) {
                    if (v.isNumber()) {
                        metrics.compute(name, (k, stat) -> (stat == null ? Stat.NONE : stat).add(v.asDouble()));
                    }
                }
            }
        }
    }

    /** Function, then metric, then its figures. */
    public synchronized Map<String, Map<String, Stat>> summary() {
        Map<String, Map<String, Stat>> copy = new TreeMap<>();
        byFunction.forEach((f, m) -> copy.put(f, new TreeMap<>(m)));
        return copy;
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean probe() {
        return true;
    }

    @Override
    public String getName() {
        return "local";
    }

    @Override
    public String getType() {
        return "Local";
    }

    @Override
    public String getLogGroupName() {
        return "local";
    }

    @Override
    public void configureContext(MetricsContext context) {
        // Nothing to add locally.
    }

    @Override
    public ISink getSink() {
        return this;
    }
}
