package io.mentorship.bench;

import io.mentorship.local.FunctionDefinitions;
import io.mentorship.local.JarInvoker;
import io.mentorship.local.LocalFunction;
import io.mentorship.local.LocalRuntime;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Cold starts with and without SnapStart priming: each function started in a fresh JVM with only its own
 * deployable jar (and Lambda's event serialization) against the local emulators, {@code starts} times in each mode;
 * medians of construction, priming, the first request and a warm request. Run by {@code make bench-coldstart}.
 */
public final class ColdStartBench {
    /** A fixture each function answers without needing data: reads for the API, a no-op or a small job for the rest. */
    private static final Map<String, String> FIXTURES = Map.of(
            "SignupFunction", "signup-read-profile.json",
            "GuidelinesFunction", "guidelines-read.json",
            "SuggestionsFunction", "suggestions-read.json",
            "IntroductionsFunction", "introductions-list.json",
            "SafetyFunction", "safety-list-blocks.json",
            "CohortsFunction", "cohorts-list-own.json",
            "MatchFunction", "match-profile-changed.json",
            "DeliveryFunction", "delivery-introduction-requested.json",
            "ExpiryFunction", "expiry-scheduled.json",
            "CohortWorkFunction", "cohortwork-assign.json");

    private ColdStartBench() {
    }

    public static void main(String[] args) throws Exception {
        int starts = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath();
        try (LocalRuntime runtime = LocalRuntime.start(new LocalRuntime.Options(root,
                "cold" + UUID.randomUUID().toString().substring(0, 6), "127.0.0.1", 0, null, 0, 0,
                Duration.ofSeconds(1), false, Map.of()))) {
            // What the Lambda runtime itself brings to deserialize events: its serialization library and Joda-Time.
            String serialization = String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path")
                    .split(File.pathSeparator))
                    .filter(p -> p.contains("aws-lambda-java-serialization") || p.contains("joda-time")).toList());
            String harness = JarInvoker.classpathEntry().toString();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            System.out.printf(Locale.ROOT, "cold starts, median of %d fresh JVMs per function and mode (ms)%n", starts);
            System.out.println("| function | jar MB | construct | first request, not primed | priming | first request,"
                    + " primed | warm request | primed first / warm |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            String only = System.getProperty("coldstart.only");
            for (FunctionDefinitions.Definition definition : new FunctionDefinitions(runtime.stack()).all()) {
                if (only != null && !only.equals(definition.logicalId())) {
                    continue;
                }
                LocalFunction function = runtime.function(definition.logicalId());
                Path jar = root.resolve(definition.codeUri());
                Path fixture = root.resolve("events").resolve(FIXTURES.get(definition.logicalId()));
                Map<String, String> env = new HashMap<>(System.getenv());
                env.putAll(function.environment());
                env.putIfAbsent("AWS_ACCESS_KEY_ID", "local");
                env.putIfAbsent("AWS_SECRET_ACCESS_KEY", "local");
                List<double[]> plain = new ArrayList<>();
                List<double[]> primed = new ArrayList<>();
                for (int i = 0; i < starts; i++) {
                    plain.add(start(java, jar + File.pathSeparator + harness + File.pathSeparator + serialization,
                            function.handlerClass(), fixture, "plain", env, root));
                    primed.add(start(java, jar + File.pathSeparator + harness + File.pathSeparator + serialization,
                            function.handlerClass(), fixture, "prime", env, root));
                }
                double warm = median(primed, 3);
                double firstPrimed = median(primed, 2);
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.0f | %.0f | %.0f | %.0f | %.1f | %.1fx |%n",
                        definition.logicalId(), Files.size(jar) / 1e6, median(plain, 0), median(plain, 2),
                        median(primed, 1), firstPrimed, warm, firstPrimed / warm);
            }
        }
    }

    private static double[] start(String java, String classpath, String handler, Path fixture, String mode,
                                  Map<String, String> env, Path root) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java));
        // For diagnosis, e.g. -Dcoldstart.jvmOption=-Xlog:class+load:file=/tmp/classes.txt and
        // -Dcoldstart.only=SignupFunction: classes loaded between JarInvoker$FirstRequestMarker and
        // JarInvoker$LaterRequestMarker are what the first request still loads.
        if (System.getProperty("coldstart.jvmOption") != null) {
            command.add(System.getProperty("coldstart.jvmOption"));
        }
        // The same event twice: the first request and a warm one.
        command.addAll(List.of("-cp", classpath, JarInvoker.class.getName(), handler, mode, fixture.toString(),
                fixture.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(handler + " failed to start:\n" + output);
        }
        String line = output.lines().filter(l -> l.startsWith("TIMES ")).findFirst()
                .orElseThrow(() -> new IllegalStateException(handler + " printed no times:\n" + output));
        // construct, prime, first request, warm request
        return Arrays.stream(line.substring("TIMES ".length()).trim().split(" "))
                .mapToDouble(Double::parseDouble).toArray();
    }

    private static double median(List<double[]> runs, int column) {
        double[] values = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
