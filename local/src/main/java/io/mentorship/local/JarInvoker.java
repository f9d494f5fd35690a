package io.mentorship.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What the Lambda runtime does with a deployed jar, in a JVM whose classpath is that jar, Lambda's event
 * serialization and this class alone ({@link #classpathEntry()}): construct the handler, prime it as SnapStart would
 * (its org.crac {@code beforeCheckpoint}) unless told not to, read every event into the handler's input type (the
 * runtime's work, not timed), then invoke the handler with each in turn. Prints each result as JSON on one line,
 * {@code RESULT <file name> <json>}, and then the times in milliseconds, {@code TIMES <construct> <prime>
 * <invocation 1> <invocation 2> ...}. Used by DeployedJarsIT (the deployed jars along a member's journey) and by
 * ColdStartBench (cold starts, the same event twice).
 *
 * <p>Arguments: handler class, {@code prime} or {@code plain}, event files.
 */
public final class JarInvoker {
    private JarInvoker() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Object handler = Class.forName(args[0]).getConstructor().newInstance();
        long t1 = System.nanoTime();
        if (args[1].equals("prime")) {
            ((org.crac.Resource) handler).beforeCheckpoint(null);
        }
        long t2 = System.nanoTime();
        ClassLoader loader = JarInvoker.class.getClassLoader();
        PojoSerializer in = LambdaEventSerializers.serializerFor(inputType(handler.getClass()), loader);
        List<Path> files = new ArrayList<>();
        List<Object> events = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            files.add(Path.of(args[i]));
            events.add(in.fromJson(new ByteArrayInputStream(Files.readAllBytes(files.getLast()))));
        }
        StringBuilder times = new StringBuilder(String.format(Locale.ROOT, "TIMES %.1f %.1f", (t1 - t0) / 1e6,
                (t2 - t1) / 1e6));
        for (int i = 0; i < events.size(); i++) {
            // A class loaded here marks the phase in -Xlog:class+load output (see ColdStartBench).
            if (i == 0) {
                new FirstRequestMarker();
            } else {
                new LaterRequestMarker();
            }
            long started = System.nanoTime();
            Object result = ((RequestHandler) handler).handleRequest(events.get(i), new InvokerContext());
            times.append(String.format(Locale.ROOT, " %.1f", (System.nanoTime() - started) / 1e6));
            String json = "null";
            if (result != null) {
                PojoSerializer out = LambdaEventSerializers.serializerFor(result.getClass(), loader);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                out.toJson(result, bytes);
                json = bytes.toString(StandardCharsets.UTF_8).replace('\n', ' ');
            }
            System.out.println("RESULT " + files.get(i).getFileName() + " " + json);
        }
        System.out.println(times);
    }

    /**
     * A directory holding this class's files alone, to put on a deployed jar's classpath: nothing else of the
     * project can then stand in for what the jar lacks.
     */
    public static Path classpathEntry() {
        try {
            Path compiled = Path.of(JarInvoker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String pkg = JarInvoker.class.getPackageName().replace('.', '/');
            Path dir = Files.createTempDirectory("jar-invoker");
            Files.createDirectories(dir.resolve(pkg));
            // This module's classes are a directory (target/classes) or its jar, depending on who runs it.
            try (FileSystem jar = Files.isDirectory(compiled) ? null : FileSystems.newFileSystem(compiled);
                 Stream<Path> files = Files.list((jar == null ? compiled : jar.getPath("/")).resolve(pkg))) {
                for (Path f : files.filter(p -> p.getFileName().toString().startsWith("JarInvoker")).toList()) {
                    Files.copy(f, dir.resolve(pkg).resolve(f.getFileName().toString()));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
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

    private static final class FirstRequestMarker {
    }

    private static final class LaterRequestMarker {
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
