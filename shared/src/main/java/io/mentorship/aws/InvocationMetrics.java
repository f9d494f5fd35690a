package io.mentorship.aws;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * The metrics of one invocation, written as CloudWatch embedded metric format (one JSON document on stdout when
 * the invocation ends, which CloudWatch turns into metrics in namespace {@value #NAMESPACE}, dimension
 * {@code Function}). Handlers and services add to the current invocation's metrics from anywhere on its thread;
 * outside an invocation nothing is recorded.
 */
public final class InvocationMetrics {
    public static final String NAMESPACE = "Mentorship";
    private static final Logger LOG = LoggerFactory.getLogger(InvocationMetrics.class);
    private static final ThreadLocal<MetricsLogger> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> ANY = ThreadLocal.withInitial(() -> false);
    private static volatile Supplier<Environment> environment = LambdaEnvironment::new;

    private InvocationMetrics() {
    }

    /** Where metrics go: Lambda's stdout by default; the local runtime keeps them in memory instead. */
    public static void useEnvironment(Supplier<Environment> where) {
        environment = where;
    }

    /** For SnapStart: builds, fills and serializes one metrics document, then drops it (nothing is written). */
    public static void prime() {
        MetricsLogger metrics = new MetricsLogger(new LambdaEnvironment() {
            @Override
            public software.amazon.cloudwatchlogs.emf.sinks.ISink getSink() {
                return new software.amazon.cloudwatchlogs.emf.sinks.ISink() {
                    @Override
                    public void accept(software.amazon.cloudwatchlogs.emf.model.MetricsContext context) {
                        try {
                            context.serialize();
                        } catch (Exception e) {
                            LOG.debug("priming serialization", e);
                        }
                    }

                    @Override
                    public java.util.concurrent.CompletableFuture<Void> shutdown() {
                        return java.util.concurrent.CompletableFuture.completedFuture(null);
                    }
                };
            }
        });
        try {
            metrics.setNamespace(NAMESPACE);
            metrics.setDimensions(DimensionSet.of("Function", "priming"));
            metrics.putMetric("Priming", 1, Unit.COUNT);
        } catch (Exception e) {
            LOG.debug("priming metrics", e);
        }
        metrics.flush();
    }

    static void begin(String function, boolean coldStart) {
        MetricsLogger metrics = new MetricsLogger(environment.get());
        try {
            metrics.setNamespace(NAMESPACE);
            metrics.setDimensions(DimensionSet.of("Function", function));
        } catch (Exception e) {
            LOG.warn("metrics context not set", e);
        }
        CURRENT.set(metrics);
        ANY.set(false);
        if (coldStart) {
            count("ColdStart");
        }
    }

    /** Adds 1 to counter {@code name}. */
    public static void count(String name) {
        put(name, 1, Unit.COUNT);
    }

    public static void put(String name, double value, Unit unit) {
        MetricsLogger metrics = CURRENT.get();
        if (metrics == null) {
            return;
        }
        try {
            metrics.putMetric(name, value, unit);
            ANY.set(true);
        } catch (Exception e) {
            LOG.warn("metric {} not recorded", name, e);
        }
    }

    static void end() {
        MetricsLogger metrics = CURRENT.get();
        CURRENT.remove();
        if (metrics != null && ANY.get()) {
            metrics.flush();
        }
        ANY.remove();
    }
}
