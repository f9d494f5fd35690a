package io.mentorship.expiry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.mentorship.aws.AwsClients;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.aws.PrimedHandler;
import io.mentorship.events.EventPublisher;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.introductions.IntroductionService;
import java.time.Clock;
import java.util.Map;

/** Runs on a schedule: introductions left unanswered for 14 days expire and both members are told. */
public final class ExpiryHandler extends PrimedHandler
        implements RequestHandler<ScheduledEvent, Map<String, Integer>> {
    private final IntroductionService introductions;

    public ExpiryHandler() {
        this(LambdaEnvironment.current(), Clock.systemUTC());
    }

    /** With an injected clock, so tests can move time forward. */
    public ExpiryHandler(LambdaEnvironment env, Clock clock) {
        this(IntroductionService.create(AwsClients.dynamoDb(env), env.require("TABLE_NAME"),
                EventPublisher.fromEnvironment(env),
                ProfileChangePublisher.fromEnvironment(env), clock));
    }

    public ExpiryHandler(IntroductionService introductions) {
        this.introductions = introductions;
    }

    /** For SnapStart: reads an introduction that cannot exist; writes nothing. */
    @Override
    protected void prime() {
        introductions.areCounterparts("snapstart-priming", "snapstart-priming-other");
    }

    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        return Map.of("expired", introductions.expireDue());
    }
}
