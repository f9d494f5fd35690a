package io.mentorship.aws;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.MDC;

/**
 * What every log line of an invocation carries (SLF4J's MDC, written as top-level JSON fields by
 * {@code mentorship-log.json}): the function, the Lambda request id and whether this invocation started the
 * function's JVM. Handlers add what they handle: route and caller, or message id and type, or event id. The
 * invocation's metrics ({@link InvocationMetrics}) begin and end with it.
 */
public final class LogContext {
    public static final String FUNCTION = "function";
    public static final String REQUEST_ID = "requestId";
    public static final String COLD_START = "coldStart";
    public static final String ROUTE = "route";
    public static final String CALLER_ID = "callerId";
    public static final String MESSAGE_ID = "messageId";
    public static final String MESSAGE_TYPE = "messageType";
    public static final String EVENT_ID = "eventId";

    private LogContext() {
    }

    /** Starts an invocation's context; {@code cold} is the handler's own first-invocation flag. */
    public static void begin(Context context, AtomicBoolean cold, Class<?> handler) {
        MDC.clear();
        String function = context != null && context.getFunctionName() != null ? context.getFunctionName()
                : System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", handler.getSimpleName());
        MDC.put(FUNCTION, function);
        if (context != null && context.getAwsRequestId() != null) {
            MDC.put(REQUEST_ID, context.getAwsRequestId());
        }
        boolean coldStart = cold.getAndSet(false);
        MDC.put(COLD_START, Boolean.toString(coldStart));
        InvocationMetrics.begin(function, coldStart);
    }

    public static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    /** Ends the invocation: its metrics are written, its log context cleared. */
    public static void end() {
        try {
            InvocationMetrics.end();
        } finally {
            MDC.clear();
        }
    }
}
