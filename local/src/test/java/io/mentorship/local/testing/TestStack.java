package io.mentorship.local.testing;

import io.mentorship.local.Emulators;
import io.mentorship.local.LocalRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The stacks the integration and end-to-end tests run against, started once per test JVM: the local emulators
 * (or, when {@code AWS_ENDPOINT_URL} is set, that AWS-compatible endpoint instead) and local runtimes on them.
 * Every run provisions under a fresh stack name, so nothing depends on what earlier runs left or on fixed names.
 */
public final class TestStack {
    private static Map<String, String> endpoints;
    private static LocalRuntime serving;
    private static LocalRuntime quiet;

    private TestStack() {
    }

    public static Path projectRoot() {
        return Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    }

    /** The full runtime: HTTP API on a free port and every SQS event source polling. */
    public static synchronized LocalRuntime serving() {
        if (serving == null) {
            serving = start(true);
        }
        return serving;
    }

    /**
     * A runtime whose queues nobody consumes, for tests that look at the messages a handler sends. Its own stack
     * name gives it its own queues and table.
     */
    public static synchronized LocalRuntime quiet() {
        if (quiet == null) {
            quiet = start(false);
        }
        return quiet;
    }

    /** A stack of one's own, nobody consuming its queues, for a test that changes what others rely on. */
    public static LocalRuntime isolated() {
        LocalRuntime runtime = start(false);
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close));
        return runtime;
    }

    /** A full runtime of one's own (HTTP API and consumers), for a test that needs a table nobody else writes. */
    public static LocalRuntime own() {
        return start(true);
    }

    private static LocalRuntime start(boolean poll) {
        String stackName = "t" + UUID.randomUUID().toString().substring(0, 8);
        return LocalRuntime.start(new LocalRuntime.Options(projectRoot(), stackName, "127.0.0.1", 0, null, 0, 0,
                Duration.ofSeconds(1), poll, endpoints()));
    }

    private static Map<String, String> endpoints() {
        if (endpoints == null) {
            String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
            Map<String, String> found = new HashMap<>();
            String external = System.getenv("AWS_ENDPOINT_URL");
            if (external != null && !external.isBlank()) {
                found.put("AWS_ENDPOINT_URL", external);
            } else {
                Emulators emulators = Emulators.start(projectRoot(), null, 0, 0, region);
                Runtime.getRuntime().addShutdownHook(new Thread(emulators::close));
                found.putAll(emulators.endpointEnvironment());
            }
            found.put("AWS_REGION", region);
            endpoints = Map.copyOf(found);
            Runtime.getRuntime().addShutdownHook(new Thread(TestStack::stopRuntimes));
        }
        return endpoints;
    }

    private static synchronized void stopRuntimes() {
        if (serving != null) {
            serving.close();
        }
        if (quiet != null) {
            quiet.close();
        }
    }
}
