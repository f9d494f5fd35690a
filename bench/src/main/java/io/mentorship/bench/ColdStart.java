package io.mentorship.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One cold start of one function, in a JVM of its own whose classpath is the function's deployable jar plus
 * Lambda's event serialization (what the Lambda runtime brings): construct the handler, prime it (what SnapStart's
 * {@code beforeCheckpoint} runs) unless told not to, then the first request and a warm one (the events are read
 * before either is timed: that is the Lambda runtime's work). Prints the four times in milliseconds:
 * {@code construct prime first warm}.
 *
 * <p>Arguments: handler class, event fixture file, {@code prime} or {@code plain}.
 */
public final class ColdStart {
    private ColdStart() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Object handler = Class.forName(args[0]).getConstructor().newInstance();
        long t1 = System.nanoTime();
        if (args[2].equals("prime")) {
            ((org.crac.Resource) handler).beforeCheckpoint(null);
        }
        long t2 = System.nanoTime();
        // The Lambda runtime's own work (outside the handler, not what priming is for): reading the two events.
        String json = Files.readString(Path.of(args[1]));
        Class<?> input = inputType(handler.getClass());
        PojoSerializer serializer = LambdaEventSerializers.serializerFor(input, ColdStart.class.getClassLoader());
        Object first = serializer.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        Object second = serializer.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        new FirstRequestMarker(); // a class loaded here marks the phase in -Xlog:class+load output
        long t3 = System.nanoTime();
        ((RequestHandler) handler).handleRequest(first, new FakeContext());
        long t4 = System.nanoTime();
        new WarmRequestMarker();
        ((RequestHandler) handler).handleRequest(second, new FakeContext());
        long t5 = System.nanoTime();
        long firstRequest = t4 - t3;
        long warmRequest = t5 - t4;
        System.out.printf("COLDSTART %.1f %.1f %.1f %.1f%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, firstRequest / 1e6,
                warmRequest / 1e6);
    }

    private static Class<?> inputType(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    return (Class<?>) p.getActualTypeArguments()[0];
                }
            }
            if (c.getGenericSuperclass() instanceof ParameterizedType p
                    && RequestHandler.class.isAssignableFrom((Class<?>) p.getRawType())) {
                for (Type t : ((Class<?>) p.getRawType()).getGenericInterfaces()) {
                    if (t instanceof ParameterizedType q && q.getRawType() == RequestHandler.class) {
                        return (Class<?>) q.getActualTypeArguments()[0];
                    }
                }
            }
        }
        throw new IllegalArgumentException("not a RequestHandler: " + type);
    }

    private static final class FirstRequestMarker {
    }

    private static final class WarmRequestMarker {
    }

    /** What the Lambda runtime passes; only the names and ids matter here. */
    static final class FakeContext implements Context {
        private final String requestId = UUID.randomUUID().toString();

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/coldstart";
        }

        @Override
        public String getLogStreamName() {
            return "coldstart";
        }

        @Override
        public String getFunctionName() {
            return System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "coldstart");
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:coldstart";
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
            return 20_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
