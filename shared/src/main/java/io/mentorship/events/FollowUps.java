package io.mentorship.events;

import io.mentorship.aws.LambdaEnvironment;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a write that causes a message is made (an outbox kept on the queue itself): a delayed follow-up copy
 * of the message is sent first (if that fails, nothing was written and the caller gets an error to retry), then the
 * write, then the message. If the message cannot be sent, the follow-up delivers it; its consumer checks that the
 * change really happened, so a follow-up for a write that failed does nothing, and consumers are idempotent, so a
 * change delivered twice counts once. Used for mentorship events ({@link EventPublisher#around}) and profile changes
 * ({@link ProfileChangePublisher#around}).
 *
 * <p>The follow-up must arrive after the write has landed or can no longer land, that is after the sending function
 * has finished or timed out: the delay ({@code FOLLOW_UP_SECONDS} in the template's Globals, overridden by a
 * function with a longer timeout) is at least that function's {@code Timeout} plus {@link #MARGIN}, and at most
 * SQS's 15 minutes. {@code TemplateIT} checks every function that can send a follow-up against it.
 */
public final class FollowUps {
    private static final Logger LOG = LoggerFactory.getLogger(FollowUps.class);
    public static final String DELAY_VARIABLE = "FOLLOW_UP_SECONDS";
    /** Time beyond a function's timeout for its last write to land. */
    public static final Duration MARGIN = Duration.ofSeconds(30);
    /** SQS's longest message delay. */
    public static final Duration MAX_DELAY = Duration.ofMinutes(15);
    /** The Globals' value, for code built outside a function (tests, tools). */
    public static final Duration DEFAULT_DELAY = Duration.ofSeconds(90);

    private FollowUps() {
    }

    /** The delay the function's environment sets ({@value #DELAY_VARIABLE}), else {@link #DEFAULT_DELAY}. */
    public static Duration delay(LambdaEnvironment env) {
        return env.find(DELAY_VARIABLE).map(Long::parseLong).map(Duration::ofSeconds).orElse(DEFAULT_DELAY);
    }

    /**
     * Sends {@code followUp}, makes {@code write}, then sends {@code message} if {@code happened} says the write
     * made the change (a write may find it already made or refused); a failed send is logged, as the follow-up will
     * deliver it. An exception from {@code followUp} or {@code write} goes to the caller, and nothing is sent.
     */
    public static <T> T around(String what, Runnable followUp, Supplier<T> write, Predicate<T> happened,
                               Runnable message) {
        followUp.run();
        T result = write.get();
        if (happened.test(result)) {
            try {
                message.run();
            } catch (RuntimeException e) {
                LOG.warn("{} not sent now ({}); its follow-up will deliver it", what, e.toString());
            }
        }
        return result;
    }
}
