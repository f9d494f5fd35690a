package io.mentorship.expiry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.mentorship.aws.AwsClients;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.aws.LogContext;
import io.mentorship.aws.PrimedHandler;
import io.mentorship.events.EventPublisher;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.introductions.IntroductionServices;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs on a schedule: introductions left unanswered for 14 days expire and both members are told. */
public final class ExpiryHandler extends PrimedHandler
        implements RequestHandler<ScheduledEvent, Map<String, Integer>> {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryHandler.class);
    private final AtomicBoolean cold = new AtomicBoolean(true);
    private final IntroductionServices services;

    public ExpiryHandler() {
        this(LambdaEnvironment.current(), Clock.systemUTC());
    }

    /** With an injected clock, so tests can move time forward. */
    public ExpiryHandler(LambdaEnvironment env, Clock clock) {
        this(IntroductionServices.create(AwsClients.dynamoDb(env), env.require("TABLE_NAME"),
                EventPublisher.fromEnvironment(env),
                ProfileChangePublisher.fromEnvironment(env), clock));
    }

    public ExpiryHandler(IntroductionServices services) {
        this.services = services;
    }

    /** For SnapStart: reads an introduction that cannot exist; writes nothing. */
    @Override
    protected void prime() {
        services.introductions().areCounterparts("snapstart-priming", "snapstart-priming-other");
    }

    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        LogContext.begin(context, cold, getClass());
        try {
            if (event != null && event.getId() != null) {
                LogContext.put(LogContext.EVENT_ID, event.getId());
            }
            int expired = services.expiry().expireDue();
            LOG.info("expired {} unanswered introductions", expired);
            return Map.of("expired", expired);
        } catch (RuntimeException e) {
            // Logged with its context here; the next scheduled run expires what this one did not.
            LOG.error("expiry failed; the next run retries", e);
            throw e;
        } finally {
            LogContext.end();
        }
    }
}
