package io.mentorship.local;

import io.mentorship.aws.AwsClients;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * This project's {@code sam local}, without Docker: it starts the emulators (or uses the AWS-compatible endpoint in
 * {@code AWS_ENDPOINT_URL}), creates what {@code template.yaml} declares, serves every {@code HttpApi} route behind
 * the JWT authorizer and runs every SQS event source, all with the functions' own handler classes.
 */
public final class LocalRuntime implements AutoCloseable {
    public static final String LOCAL_AUDIENCE = "mentorship-local";

    /** How to start: where the project is, which port, where data lives (null: in memory). */
    public record Options(Path projectRoot, String stackName, String host, int port, Path dataDir,
                          int dynamoPort, int messagingPort, Duration retryDelay, boolean pollQueues,
                          Map<String, String> endpoints) {
        public static Options forTests(Path projectRoot, String stackName) {
            return new Options(projectRoot, stackName, "127.0.0.1", 0, null, 0, 0, Duration.ofSeconds(1), true,
                    Map.of());
        }
    }

    private final Options options;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
    private final List<SqsEventSource> eventSources = new ArrayList<>();
    private Map<String, String> awsEnvironment;
    private ProvisionedStack stack;
    private LocalTokens tokens;
    private HttpGateway gateway;
    private DynamoDbClient dynamo;
    private SqsClient sqs;
    private SnsClient sns;

    static {
        // On AWS each function instance runs one invocation at a time and keeps its connection to DynamoDB alive.
        // Here every function shares one JVM and a dozen invocations call at once, while the JDK keeps only five
        // idle connections to a host by default: past that, each call that returned its connection closed it, and
        // about one call in ten during a sign-up opened a new one. The JDK reads this once, on its first connection.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "64");
        }
    }

    private LocalRuntime(Options options) {
        this.options = options;
    }

    public static LocalRuntime start(Options options) {
        // Functions' embedded metrics stay in memory here (GET /_local/metrics) instead of going to stdout.
        io.mentorship.aws.InvocationMetrics.useEnvironment(() -> LocalMetrics.INSTANCE);
        LocalRuntime runtime = new LocalRuntime(options);
        try {
            runtime.boot();
            return runtime;
        } catch (RuntimeException | IOException e) {
            runtime.close();
            throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        }
    }

    private void boot() throws IOException {
        String region = env("AWS_REGION", env("AWS_DEFAULT_REGION", "us-east-1"));
        useLocalCredentialsUnlessSet(region);
        Map<String, String> aws = new HashMap<>();
        aws.put("AWS_REGION", region);
        aws.put("AWS_DEFAULT_REGION", region);
        String external = System.getenv("AWS_ENDPOINT_URL");
        if (!options.endpoints().isEmpty()) {
            aws.putAll(options.endpoints());
        } else if (external != null && !external.isBlank()) {
            aws.put("AWS_ENDPOINT_URL", external);
        } else {
            Emulators emulators = Emulators.start(options.projectRoot(), options.dataDir(), options.dynamoPort(),
                    options.messagingPort(), region);
            closeables.add(emulators);
            aws.putAll(emulators.endpointEnvironment());
        }
        awsEnvironment = Map.copyOf(aws);
        LambdaEnvironment env = LambdaEnvironment.of(awsEnvironment);
        dynamo = AwsClients.dynamoDb(env);
        sqs = AwsClients.sqs(env);
        sns = AwsClients.sns(env);
        closeables.add(dynamo);
        closeables.add(sqs);
        closeables.add(sns);

        String issuer = "http://" + options.host() + ":" + (options.port() == 0 ? "local" : options.port())
                + "/_local";
        SamTemplate template = SamTemplate.load(options.projectRoot().resolve("template.yaml"));
        stack = ProvisionedStack.provision(template, options.stackName(), region,
                Map.of("JwtIssuer", issuer, "JwtAudience", LOCAL_AUDIENCE), dynamo, sqs, sns);
        byte[] key = options.dataDir() == null ? LocalTokens.randomKey()
                : LocalTokens.loadOrCreateKey(options.dataDir().resolve("jwt.key"));
        tokens = new LocalTokens(key, issuer, LOCAL_AUDIENCE, Clock.systemUTC());

        List<HttpGateway.Route> routes = new ArrayList<>();
        FunctionDefinitions definitions = new FunctionDefinitions(stack);
        for (FunctionDefinitions.Definition definition : definitions.all()) {
            Map<String, String> environment = new LinkedHashMap<>(awsEnvironment);
            environment.putAll(definition.environment());
            environment.put("AWS_LAMBDA_FUNCTION_NAME", definition.functionName());
            environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(definition.memoryMb()));
            LocalFunction function = new LocalFunction(definition.logicalId(), definition.functionName(),
                    definition.handler(), environment, definition.timeoutSeconds(), definition.memoryMb());
            functions.put(definition.logicalId(), function);
            for (FunctionDefinitions.HttpEvent http : definition.httpEvents()) {
                routes.add(new HttpGateway.Route(http.method(), http.path(), function, http.authorized()));
            }
            if (options.pollQueues()) {
                for (FunctionDefinitions.SqsEvent event : definition.sqsEvents()) {
                    String url = queueUrlForArn(event.queueArn());
                    SqsEventSource source = new SqsEventSource(sqs, function, url, event.queueArn(), region,
                            new SqsEventSource.Batching(event.batchSize(),
                                    Duration.ofSeconds(event.batchingWindowSeconds())),
                            event.reportBatchItemFailures(), options.retryDelay(),
                            SqsEventSource.localConcurrency(event.maximumConcurrency()));
                    eventSources.add(source);
                    closeables.add(source);
                }
            }
        }
        if (options.pollQueues()) {
            startSchedules(definitions);
        }
        // Like API Gateway, a literal segment wins over a {parameter} in the same place.
        routes.sort(Comparator.comparingInt((HttpGateway.Route r) -> -HttpGateway.literalLength(r.path())));
        gateway = new HttpGateway(options.host(), options.port(), routes, tokens, Clock.systemUTC(),
                new StaticSite(options.projectRoot()));
        closeables.add(gateway);
    }

    /** Runs each {@code rate(...)} schedule of the template, as EventBridge would. */
    private void startSchedules(FunctionDefinitions definitions) {
        var scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "schedules");
            t.setDaemon(true);
            return t;
        });
        closeables.add(scheduler::shutdownNow);
        for (FunctionDefinitions.Definition definition : definitions.all()) {
            for (FunctionDefinitions.ScheduleEvent schedule : definition.scheduleEvents()) {
                Duration every = rate(schedule.schedule());
                if (every == null) {
                    System.err.println("[" + definition.logicalId() + "] schedule " + schedule.schedule()
                            + " is not run locally (only rate(...) is)");
                    continue;
                }
                LocalFunction function = functions.get(definition.logicalId());
                scheduler.scheduleAtFixedRate(() -> {
                    try {
                        var event = new com.amazonaws.services.lambda.runtime.events.ScheduledEvent();
                        event.setSource("aws.events");
                        event.setDetailType("Scheduled Event");
                        function.invoke(event);
                    } catch (RuntimeException e) {
                        System.err.println("[" + definition.logicalId() + "] scheduled run failed: " + e);
                    }
                }, every.toMillis(), every.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
    }

    static Duration rate(String expression) {
        var m = java.util.regex.Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)")
                .matcher(expression.strip());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(n);
            case "hour", "hours" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private String queueUrlForArn(String arn) {
        return stack.resources().values().stream()
                .filter(p -> p.type().equals("AWS::SQS::Queue") && arn.equals(p.attributes().get("Arn")))
                .map(ProvisionedStack.Physical::ref)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no queue in the template has ARN " + arn));
    }

    public String baseUrl() {
        return "http://" + options.host() + ":" + gateway.port();
    }

    public ProvisionedStack stack() {
        return stack;
    }

    public LocalTokens tokens() {
        return tokens;
    }

    public LocalFunction function(String logicalId) {
        LocalFunction function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("no function " + logicalId + "; the template has " + functions.keySet());
        }
        return function;
    }

    public Map<String, LocalFunction> functions() {
        return functions;
    }

    public List<HttpGateway.Route> routes() {
        return gateway.routes();
    }

    /** The AWS settings every function gets: region and endpoints. */
    public Map<String, String> awsEnvironment() {
        return awsEnvironment;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public SnsClient sns() {
        return sns;
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
        closeables.clear();
    }

    /** Local emulators accept any credentials; the SDK still wants some. Real ones in the environment win. */
    private static void useLocalCredentialsUnlessSet(String region) {
        if (System.getenv("AWS_ACCESS_KEY_ID") == null && System.getProperty("aws.accessKeyId") == null
                && System.getenv("AWS_PROFILE") == null) {
            System.setProperty("aws.accessKeyId", "local");
            System.setProperty("aws.secretAccessKey", "local");
        }
        if (System.getProperty("aws.region") == null) {
            System.setProperty("aws.region", region);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** {@code make run}: serve until Ctrl-C. */
    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
        int port = 3000;
        Path dataDir = root.resolve(".local");
        boolean fresh = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--data" -> dataDir = root.resolve(args[++i]);
                case "--in-memory" -> dataDir = null;
                case "--fresh" -> fresh = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --port N, --data DIR, --in-memory, --fresh");
            }
        }
        if (fresh && dataDir != null) {
            deleteRecursively(dataDir);
        }
        if (dataDir != null) {
            Files.createDirectories(dataDir);
        }
        Options options = new Options(root, env("STACK_NAME", "mentorship-local"), "127.0.0.1", port, dataDir,
                dataDir == null ? 0 : 4567, dataDir == null ? 0 : 4575, null, true, Map.of());
        LocalRuntime runtime = start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Path state = dataDir == null ? null : dataDir.resolve("runtime.json");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            if (state != null) {
                try {
                    Files.deleteIfExists(state);
                } catch (IOException ignored) {
                    // best effort
                }
            }
            System.err.println("stopped");
            stopped.countDown();
        }));
        if (state != null) {
            Files.writeString(state, Json.write(Map.of("baseUrl", runtime.baseUrl(),
                    "stackName", runtime.stack().stackName(), "aws", runtime.awsEnvironment())));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Mentorship API ready on %s in %.1fs (stack %s; %s; data %s). Token: GET %s/_local/token"
                        + "?sub=alice. Ctrl-C stops.%n", runtime.baseUrl(), seconds, runtime.stack().stackName(),
                runtime.awsEnvironment().entrySet().stream().filter(e -> e.getKey().startsWith("AWS_ENDPOINT"))
                        .map(e -> e.getKey().substring("AWS_ENDPOINT_URL".length()).replace("_", "")
                                .toLowerCase() + "=" + e.getValue()).sorted().toList(),
                dataDir == null ? "in memory" : root.relativize(dataDir), runtime.baseUrl());
        System.out.flush();
        stopped.await();
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
