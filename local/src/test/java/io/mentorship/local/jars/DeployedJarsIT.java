package io.mentorship.local.jars;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mentorship.json.Json;
import io.mentorship.local.FunctionDefinitions;
import io.mentorship.local.JarInvoker;
import io.mentorship.local.LocalFunction;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.Queues;
import io.mentorship.local.testing.TestStack;
import io.mentorship.store.TableLayout;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jars SAM deploys, run as Lambda runs them: each function's shrunk jar (functions/proguard.pro) in a JVM of its
 * own, with nothing else of the project on its classpath, against the emulators. A member signs up, acknowledges the
 * guidelines, is matched, asks for an introduction, blocks and unblocks, forms a cohort, and leaves; every route and
 * queue message the fixtures in events/ cover goes through the jar of the function that serves it. What ProGuard
 * removed or renamed wrongly (a class found by reflection, a ServiceLoader entry, a Log4j plugin) fails here: a 5xx,
 * a failed message, a missing write, or log and metric lines that are no longer JSON.
 */
class DeployedJarsIT {
    /** The fixtures' placeholder ids (events/), replaced by the ids the jars created along the journey. */
    private static final String INTRODUCTION = "9b2d7c1e-5f3a-4e8b-a6c4-1d2e3f4a5b6c";
    private static final String MENTORSHIP = "4c8e2a1b-7d3f-4a9e-b5c6-2e1f0a9b8c7d";
    private static final String COHORT = "3f2b8c1e-5d7a-4c9b-8e1f-0a1b2c3d4e5f";

    private static LocalRuntime runtime;
    private static String serialization;
    private final Map<String, String> ids = new LinkedHashMap<>();
    private final Map<String, Integer> statuses = new LinkedHashMap<>();
    /** What each run printed, by its first fixture: the logs and metrics of a journey's steps, for reading. */
    private final Map<String, String> printed = new LinkedHashMap<>();
    private Path fixtures;
    private Path invoker;

    @BeforeAll
    static void stack() throws IOException {
        runtime = TestStack.isolated();
        // What the Lambda runtime brings to deserialize events: its serialization library and Joda-Time.
        String classpath = Files.readString(TestStack.projectRoot().resolve("local/target/runtime.classpath"));
        serialization = String.join(File.pathSeparator, Arrays.stream(classpath.strip().split(File.pathSeparator))
                .filter(p -> p.contains("aws-lambda-java-serialization") || p.contains("joda-time")).toList());
        assertThat(serialization).contains("aws-lambda-java-serialization").contains("joda-time");
    }

    @Test
    void everyDeployedJarServesItsRoutesAndMessagesAndLogsJson() throws Exception {
        invoker = JarInvoker.classpathEntry();
        fixtures = Files.createTempDirectory("deployed-jar-events");

        // Alice (a mentee) and Rita (a mentor on Alice's topic) sign up; the writes and messages are real.
        run("SignupFunction", ok("signup-create-profile"), ok("signup-read-profile"), ok("signup-replace-profile"),
                ok("signup-replace-friends"), ok("rita-create-profile", "signup-create-profile", DeployedJarsIT::rita),
                refused("signup-not-json", "signup-create-profile", t -> withBody(t, "{\"displayName\": ")));
        assertThat(runtime.dynamo().getItem(r -> r.tableName(table()).key(Map.of(
                TableLayout.PK, TableLayout.s(TableLayout.user("alice")),
                TableLayout.SK, TableLayout.s(TableLayout.PROFILE)))).item())
                .as("alice's profile in the table").isNotEmpty();
        assertThat(Queues.take(runtime, "ProfileChangesQueue", m -> "alice".equals(m.path("userId").asText()), 1,
                Duration.ofSeconds(10))).as("ProfileChanged for alice").isNotEmpty();

        run("GuidelinesFunction", ok("guidelines-read"), ok("guidelines-acknowledge"),
                ok("rita-acknowledge", "guidelines-acknowledge", t -> asRita(t).replace("\\\"mentee\\\"",
                        "\\\"mentor\\\"")),
                ok("guidelines-read-acknowledgements"));
        Map<String, JsonNode> matched = run("MatchFunction",
                any("rita-profile-changed", "match-profile-changed", DeployedJarsIT::asRita),
                any("match-profile-changed"), failing("match-poison", "match-profile-changed",
                        t -> t.replace("\\\"userId\\\": \\\"alice\\\"", "\\\"userId\\\": \\\"no/such member\\\"")));
        // A failed message is logged with its error and stack trace, as one JSON line.
        assertThat(printed.get("rita-profile-changed").lines().filter(l -> l.startsWith("{"))
                .map(l -> Json.read(l, JsonNode.class)).toList()).anySatisfy(l -> {
                    assertThat(l.path("level").asText()).isEqualTo("WARN");
                    assertThat(l.path("error").asText()).isEqualTo("java.lang.IllegalArgumentException");
                    assertThat(l.path("stackTrace").asText()).contains("at io.mentorship.match.MatchHandler");
                    assertThat(l.path("messageId").asText()).isNotEmpty();
                });
        assertThat(matched).hasSize(3);
        Map<String, JsonNode> suggestions = run("SuggestionsFunction", ok("suggestions-read"),
                ok("suggestions-read-weights"), ok("suggestions-read-recompute"), ok("suggestions-set-weights"));
        assertThat(body(suggestions.get("suggestions-read")).toString()).as("Alice's suggestions").contains("rita");

        // Alice asks Rita; the request is stored and published (SNS), delivered, and accepted.
        JsonNode requested = run("IntroductionsFunction", ok("introductions-request")).get("introductions-request");
        ids.put(INTRODUCTION, body(requested).path("id").asText());
        run("DeliveryFunction", any("delivery-introduction-requested"));
        run("IntroductionsFunction", ok("introductions-read"), ok("introductions-accept"),
                conflict("introductions-decline"), conflict("introductions-withdraw"), ok("introductions-list"),
                ok("introductions-read-inbox"), ok("introductions-stats"));
        JsonNode mentorships = run("IntroductionsFunction", ok("introductions-list-mentorships"))
                .get("introductions-list-mentorships");
        ids.put(MENTORSHIP, body(mentorships).path("mentorships").path(0).path("id").asText());
        run("IntroductionsFunction", ok("introductions-end-mentorship"));

        run("SafetyFunction", ok("safety-block"), ok("safety-list-blocks"), ok("safety-unblock"),
                ok("safety-report"));

        JsonNode cohort = run("CohortsFunction", ok("cohorts-create")).get("cohorts-create");
        ids.put(COHORT, body(cohort).path("id").asText());
        run("CohortsFunction", ok("cohorts-read"), ok("cohorts-join"), ok("cohorts-list-own"),
                ok("cohorts-start-assignment"), ok("cohorts-read-assignment"), conflict("cohorts-publish-assignment"),
                ok("cohorts-leave"));
        run("CohortWorkFunction", any("cohortwork-assign"));
        run("ExpiryFunction", any("expiry-scheduled"));
        run("GuidelinesFunction", ok("guidelines-publish"));
        run("SignupFunction", ok("signup-erase-account"));
        System.out.println("deployed jars, status per fixture: " + statuses);
        System.out.println("an introduction's journey through the deployed jars, as they logged it:");
        for (String step : List.of("introductions-request", "delivery-introduction-requested")) {
            printed.get(step).lines().filter(l -> l.startsWith("{")).forEach(System.out::println);
        }
    }

    /** What a fixture's answer must be: a success, anything but a server error, a 400, a 409, a failed message. */
    private enum Expect { OK, ANY, BAD_REQUEST, CONFLICT, FAILS }

    /** An event of events/ (or one made from it) and what its answer must be. */
    private record Fixture(String label, String source, UnaryOperator<String> edit, Expect expect) {
    }

    private static Fixture ok(String name) {
        return new Fixture(name, name, t -> t, Expect.OK);
    }

    private static Fixture ok(String label, String source, UnaryOperator<String> edit) {
        return new Fixture(label, source, edit, Expect.OK);
    }

    private static Fixture any(String name) {
        return new Fixture(name, name, t -> t, Expect.ANY);
    }

    private static Fixture any(String label, String source, UnaryOperator<String> edit) {
        return new Fixture(label, source, edit, Expect.ANY);
    }

    private static Fixture conflict(String name) {
        return new Fixture(name, name, t -> t, Expect.CONFLICT);
    }

    private static Fixture refused(String label, String source, UnaryOperator<String> edit) {
        return new Fixture(label, source, edit, Expect.BAD_REQUEST);
    }

    private static Fixture failing(String label, String source, UnaryOperator<String> edit) {
        return new Fixture(label, source, edit, Expect.FAILS);
    }

    private static String asRita(String event) {
        return event.replace("\"sub\": \"alice\"", "\"sub\": \"rita\"").replace("/users/alice", "/users/rita")
                .replace("\"userId\": \"alice\"", "\"userId\": \"rita\"")
                .replace("\\\"userId\\\": \\\"alice\\\"", "\\\"userId\\\": \\\"rita\\\"");
    }

    /** Alice's sign-up as Rita's: a mentor of one of Alice's topics, in another city. */
    private static String rita(String event) {
        ObjectNode json = Json.read(asRita(event), ObjectNode.class);
        ObjectNode profile = Json.read(json.get("body").asText(), ObjectNode.class);
        profile.put("displayName", "Rita Sousa");
        profile.remove("mentee");
        profile.set("mentor", Json.read("{\"topics\": [\"Distributed Systems\"], \"capacity\": 2, "
                + "\"accepting\": true}", ObjectNode.class));
        json.put("body", profile.toString());
        return json.toString();
    }

    private static String withBody(String event, String body) {
        ObjectNode json = Json.read(event, ObjectNode.class);
        json.put("body", body);
        return json.toString();
    }

    private static JsonNode body(JsonNode response) {
        return Json.read(response.path("body").asText(), JsonNode.class);
    }

    /** Runs the fixtures through the function's jar in one JVM; checks every result, its logs and metrics. */
    private Map<String, JsonNode> run(String logicalId, Fixture... steps) throws Exception {
        List<Path> files = new ArrayList<>();
        for (Fixture f : steps) {
            String text = f.edit().apply(Files.readString(TestStack.projectRoot().resolve("events")
                    .resolve(f.source() + ".json")));
            for (Map.Entry<String, String> id : ids.entrySet()) {
                text = text.replace(id.getKey(), id.getValue());
            }
            Path file = fixtures.resolve(f.label() + ".json");
            Files.writeString(file, text);
            files.add(file);
        }
        Run run = run(logicalId, files, invoker);
        printed.put(steps[0].label(), run.output());
        Map<String, JsonNode> results = new LinkedHashMap<>();
        for (Fixture f : steps) {
            JsonNode result = run.results().get(f.label() + ".json");
            assertThat(result).as(logicalId + " gave no result for " + f.label() + ":\n" + run.output()).isNotNull();
            // The result has the shape its trigger expects: a response for an API event, a batch report for SQS.
            JsonNode event = Json.read(Files.readString(fixtures.resolve(f.label() + ".json")), JsonNode.class);
            String shape = event.has("routeKey") ? "statusCode" : event.has("Records") ? "batchItemFailures"
                    : "expired";
            assertThat(result.has(shape)).as(f.label() + " through " + logicalId + " answered " + result).isTrue();
            if (result.has("statusCode")) {
                int status = result.get("statusCode").asInt();
                statuses.put(f.label(), status);
                assertThat(status).as(f.label() + " through " + logicalId + ": " + result + "\n" + run.output())
                        .isLessThan(500);
                if (f.expect() == Expect.OK) {
                    assertThat(status).as(f.label() + ": " + result).isBetween(200, 299);
                } else if (f.expect() == Expect.BAD_REQUEST) {
                    assertThat(status).as(f.label() + ": " + result).isEqualTo(400);
                } else if (f.expect() == Expect.CONFLICT) {
                    assertThat(status).as(f.label() + ": " + result).isEqualTo(409);
                }
            } else if (result.has("batchItemFailures")) {
                assertThat(result.get("batchItemFailures")).as(f.label() + " through " + logicalId + ":\n"
                        + run.output()).hasSize(f.expect() == Expect.FAILS ? 1 : 0);
            }
            results.put(f.label(), result);
        }
        assertLogsAndMetrics(logicalId, run.output(), results.values().stream().anyMatch(r -> r.has("statusCode")));
        return results;
    }

    /**
     * Every line a jar printed but the invoker's results and times is JSON, embedded metrics among them; an API
     * function logs each request with the invocation's context (queue consumers log only what they change).
     */
    private static void assertLogsAndMetrics(String function, String output, boolean api) {
        String name = runtime.function(function).environment().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", function);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (!line.startsWith("RESULT ") && !line.startsWith("TIMES ")
                    && !line.startsWith("Picked up JAVA_TOOL_OPTIONS")) {
                assertThat(line).as(function + " printed a line that is not JSON").startsWith("{").endsWith("}");
                lines.add(Json.read(line, JsonNode.class));
            }
        }
        // Embedded metrics in the function's namespace and dimension; this JVM's first invocation counts a cold start.
        assertThat(lines).as(function + " embedded metrics:\n" + output).anySatisfy(l -> {
            JsonNode directive = l.path("_aws").path("CloudWatchMetrics").path(0);
            assertThat(directive.path("Namespace").asText()).isEqualTo("Mentorship");
            assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Function\"]]");
            assertThat(l.path("Function").asText()).isEqualTo(name);
            assertThat(l.path("ColdStart").asDouble()).isEqualTo(1.0);
        });
        if (!api) {
            return;
        }
        assertThat(lines).as(function + " log lines:\n" + output)
                .anySatisfy(l -> {
                    assertThat(l.path("level").asText()).isNotEmpty();
                    assertThat(l.path("function").asText()).isEqualTo(name);
                    assertThat(l.path("requestId").asText()).isNotEmpty();
                    assertThat(l.path("coldStart").asText()).isIn("true", "false");
                    assertThat(l.path("timestamp").asText()).endsWith("Z");
                });
    }

    private record Run(Map<String, JsonNode> results, String output) {
    }

    private static Run run(String logicalId, List<Path> events, Path invoker) throws Exception {
        Path root = TestStack.projectRoot();
        FunctionDefinitions.Definition definition = new FunctionDefinitions(runtime.stack()).all().stream()
                .filter(d -> d.logicalId().equals(logicalId)).findFirst().orElseThrow();
        LocalFunction function = runtime.function(logicalId);
        Path jar = root.resolve(definition.codeUri());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", jar + File.pathSeparator + invoker + File.pathSeparator + serialization,
                JarInvoker.class.getName(), function.handlerClass(), "prime"));
        events.forEach(f -> command.add(f.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(function.environment());
        env.putIfAbsent("AWS_LAMBDA_FUNCTION_NAME", definition.functionName());
        env.putIfAbsent("AWS_ACCESS_KEY_ID", "local");
        env.putIfAbsent("AWS_SECRET_ACCESS_KEY", "local");
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(logicalId + " in its own JVM:\n" + output).isZero();
        Map<String, JsonNode> results = new HashMap<>();
        output.lines().filter(l -> l.startsWith("RESULT ")).forEach(l -> {
            String[] parts = l.split(" ", 3);
            results.put(parts[1], Json.read(parts[2], JsonNode.class));
        });
        return new Run(results, output);
    }

    private static String table() {
        return runtime.stack().resource("MentorshipTable").ref();
    }
}
