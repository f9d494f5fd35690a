package io.mentorship.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.mentorship.aws.LambdaEnvironment;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * One function of the template hosted in this JVM: its handler class, constructed once (as a warm Lambda
 * container would be) with the environment the template gives it, and invoked with typed events.
 */
public final class LocalFunction {
    private final String logicalId;
    private final String functionName;
    private final String handlerClass;
    private final Map<String, String> environment;
    private final int timeoutSeconds;
    private final int memoryMb;
    private volatile RequestHandler<Object, Object> handler;

    public LocalFunction(String logicalId, String functionName, String handler, Map<String, String> environment,
                         int timeoutSeconds, int memoryMb) {
        this.logicalId = logicalId;
        this.functionName = functionName;
        this.handlerClass = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        this.environment = Map.copyOf(environment);
        this.timeoutSeconds = timeoutSeconds;
        this.memoryMb = memoryMb;
    }

    public String logicalId() {
        return logicalId;
    }

    public String handlerClass() {
        return handlerClass;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** The event type the handler declares ({@code RequestHandler<I, O>}'s {@code I}). */
    public Class<?> inputType() {
        return typeArgument(handler().getClass(), 0);
    }

    /** The handler object, constructed on first use like a cold start. */
    public Object instance() {
        return handler();
    }

    public Object invoke(Object event) {
        RequestHandler<Object, Object> h = handler();
        long started = System.nanoTime();
        try {
            return h.handleRequest(event, new LocalContext());
        } finally {
            nanos.add(System.nanoTime() - started);
            invocations.increment();
            if (event instanceof com.amazonaws.services.lambda.runtime.events.SQSEvent sqs
                    && sqs.getRecords() != null) {
                messages.add(sqs.getRecords().size());
            }
        }
    }

    /** What this function did since the last reset: invocations, queue messages handled, time in the handler. */
    public record Usage(long invocations, long messages, double handlerMillis) {
    }

    public Usage usage() {
        return new Usage(invocations.sum(), messages.sum(), nanos.sum() / 1e6);
    }

    public void resetUsage() {
        invocations.reset();
        messages.reset();
        nanos.reset();
    }

    private final java.util.concurrent.atomic.LongAdder invocations = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder messages = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder nanos = new java.util.concurrent.atomic.LongAdder();

    @SuppressWarnings("unchecked")
    private RequestHandler<Object, Object> handler() {
        RequestHandler<Object, Object> current = handler;
        if (current == null) {
            synchronized (this) {
                if (handler == null) {
                    handler = LambdaEnvironment.constructWith(environment, () -> {
                        try {
                            Class<?> type = Class.forName(handlerClass);
                            return (RequestHandler<Object, Object>) type.getConstructor().newInstance();
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException("cannot construct " + handlerClass + " for "
                                    + logicalId, e);
                        }
                    });
                }
                current = handler;
            }
        }
        return current;
    }

    private static Class<?> typeArgument(Class<?> type, int index) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class
                        && p.getActualTypeArguments()[index] instanceof Class<?> argument) {
                    return argument;
                }
            }
        }
        return Object.class;
    }

    private final class LocalContext implements Context {
        private final String requestId = UUID.randomUUID().toString();
        private final long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + functionName;
        }

        @Override
        public String getLogStreamName() {
            return "local";
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:local:" + ProvisionedStack.ACCOUNT_ID + ":function:" + functionName;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, deadline - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return memoryMb;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.err.println("[" + logicalId + "] " + message);
                }

                @Override
                public void log(byte[] message) {
                    log(new String(message, StandardCharsets.UTF_8));
                }

                @Override
                public void log(String message, LogLevel level) {
                    log(level + " " + message);
                }
            };
        }
    }
}
