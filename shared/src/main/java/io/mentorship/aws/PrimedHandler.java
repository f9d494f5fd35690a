package io.mentorship.aws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A Lambda handler that warms itself before SnapStart's snapshot: it registers as an {@code org.crac} resource
 * when constructed, and {@code beforeCheckpoint} runs its {@link #prime()} and then what every invocation does at
 * its end (one metrics document, one log line with context and a parameter), writing nothing.
 */
public abstract class PrimedHandler implements org.crac.Resource {
    private static final Logger LOG = LoggerFactory.getLogger(PrimedHandler.class);

    protected PrimedHandler() {
        // SnapStart takes the snapshot after construction; the handler warms itself first (beforeCheckpoint).
        org.crac.Core.getGlobalContext().register(this);
    }

    /** Loads and warms what handling needs (clients, Jackson, its own code), by reads that find nothing. */
    protected abstract void prime();

    @Override
    public final void beforeCheckpoint(org.crac.Context<? extends org.crac.Resource> context) {
        prime();
        long started = System.nanoTime();
        InvocationMetrics.prime();
        // A line with context and a parameter, as every invocation writes (MDC, message formatting, the layout).
        MDC.put(LogContext.FUNCTION, getClass().getSimpleName());
        LOG.info("primed for SnapStart; metrics primed in {} ms", (System.nanoTime() - started) / 1_000_000);
        MDC.clear();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends org.crac.Resource> context) {
        // Nothing to refresh: clients reconnect on first use.
    }
}
