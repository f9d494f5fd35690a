package io.mentorship.local.jars;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * What the Lambda runtime does with a deployed jar, in a JVM whose classpath is that jar, Lambda's event
 * serialization and this class alone: construct the handler named by the first argument, prime it as SnapStart
 * would, then for each event file
 * after it deserialize the event into the handler's input type, invoke, and print the result as JSON on one line
 * ({@code RESULT <file name> <json>}). Run by {@link DeployedJarsIT}; nothing here comes from the project's classes.
 */
public final class JarInvoker {
    private JarInvoker() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        Object handler = Class.forName(args[0]).getConstructor().newInstance();
        // What SnapStart runs before its snapshot (the handler's org.crac Resource): priming, which writes nothing.
        ((org.crac.Resource) handler).beforeCheckpoint(null);
        Class<?> input = inputType(handler.getClass());
        ClassLoader loader = JarInvoker.class.getClassLoader();
        PojoSerializer in = LambdaEventSerializers.serializerFor(input, loader);
        for (int i = 1; i < args.length; i++) {
            Path file = Path.of(args[i]);
            Object event = in.fromJson(new ByteArrayInputStream(Files.readAllBytes(file)));
            Object result = ((RequestHandler) handler).handleRequest(event, new InvokerContext());
            String json = "null";
            if (result != null) {
                PojoSerializer out = LambdaEventSerializers.serializerFor(result.getClass(), loader);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                out.toJson(result, bytes);
                json = bytes.toString(StandardCharsets.UTF_8).replace('\n', ' ');
            }
            System.out.println("RESULT " + file.getFileName() + " " + json);
        }
    }

    private static Class<?> inputType(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    return (Class<?>) p.getActualTypeArguments()[0];
                }
            }
        }
        throw new IllegalArgumentException("not a RequestHandler: " + type);
    }

    /** What the runtime passes a handler; the function's name comes from the environment, as on Lambda. */
    private static final class InvokerContext implements Context {
        private final String requestId = UUID.randomUUID().toString();

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + getFunctionName();
        }

        @Override
        public String getLogStreamName() {
            return "deployed-jar";
        }

        @Override
        public String getFunctionName() {
            return System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "deployed-jar");
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:" + getFunctionName();
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
            return 30_000;
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
