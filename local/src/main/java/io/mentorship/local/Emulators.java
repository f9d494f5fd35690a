package io.mentorship.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local AWS emulators, installed by npm from the repository's package-lock.json: dynalite for DynamoDB and
 * fauxqs for SQS and SNS. Each runs as a child process on the loopback interface and stops with this object.
 */
public final class Emulators implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final int dynamoPort;
    private final int messagingPort;

    private Emulators(int dynamoPort, int messagingPort) {
        this.dynamoPort = dynamoPort;
        this.messagingPort = messagingPort;
    }

    /**
     * Starts both emulators.
     *
     * @param dataDir where they keep their data across restarts, or null to keep everything in memory
     * @param dynamoPort port for DynamoDB, or 0 for any free port
     * @param messagingPort port for SQS and SNS, or 0 for any free port
     */
    public static Emulators start(Path projectRoot, Path dataDir, int dynamoPort, int messagingPort,
                                  String region) {
        Path modules = projectRoot.resolve("node_modules");
        if (!Files.isDirectory(modules.resolve("dynalite")) || !Files.isDirectory(modules.resolve("fauxqs"))) {
            throw new IllegalStateException("the emulators are not installed: run `npm ci` in " + projectRoot
                    + " (make run and make test do it for you)");
        }
        Emulators emulators = new Emulators(dynamoPort == 0 ? freePort() : dynamoPort,
                messagingPort == 0 ? freePort() : messagingPort);
        try {
            Path logs = dataDir != null ? dataDir.resolve("logs") : Files.createTempDirectory("mentorship-logs");
            Files.createDirectories(logs);
            String node = node(modules);

            // The guard keeps dynalite serving when a client aborts a request (see the script).
            String exitWithParent = projectRoot.resolve("scripts/exit-with-parent.cjs").toAbsolutePath().toString();
            // A larger young generation: dynalite allocates a parsed request and reply per call, and at the default
            // size it spent about 7% of its time in minor collections (CPU profile of an onboarding).
            List<String> dynalite = new ArrayList<>(List.of(node, "--max-semi-space-size=64", "--require",
                    exitWithParent,
                    "--require", projectRoot.resolve("scripts/dynalite-guard.cjs").toAbsolutePath().toString(),
                    modules.resolve("dynalite/cli.js").toString(),
                    "--host", "127.0.0.1", "--port", Integer.toString(emulators.dynamoPort),
                    "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
            if (dataDir != null) {
                Path dynamoData = dataDir.resolve("dynamodb");
                Files.createDirectories(dynamoData);
                dynalite.addAll(List.of("--path", dynamoData.toString()));
            }
            emulators.spawn(dynalite, Map.of(), logs.resolve("dynalite.log"));

            Map<String, String> fauxqsEnv = new java.util.HashMap<>(Map.of(
                    "FAUXQS_PORT", Integer.toString(emulators.messagingPort),
                    "FAUXQS_HOST", "127.0.0.1",
                    "FAUXQS_LOGGER", "false",
                    "FAUXQS_DEFAULT_REGION", region));
            if (dataDir != null) {
                Path messagingData = dataDir.resolve("sqs-sns");
                Files.createDirectories(messagingData);
                fauxqsEnv.put("FAUXQS_DATA_DIR", messagingData.toString());
                fauxqsEnv.put("FAUXQS_PERSISTENCE", "true");
            }
            emulators.spawn(List.of(node, "--no-warnings", "--require", exitWithParent,
                            modules.resolve("fauxqs/dist/server.js").toString()),
                    fauxqsEnv, logs.resolve("fauxqs.log"));

            awaitPort(emulators.dynamoPort, Duration.ofSeconds(30), "dynalite", logs.resolve("dynalite.log"));
            awaitPort(emulators.messagingPort, Duration.ofSeconds(30), "fauxqs", logs.resolve("fauxqs.log"));
            return emulators;
        } catch (IOException | RuntimeException e) {
            emulators.close();
            throw new IllegalStateException("cannot start the local emulators: " + e.getMessage(), e);
        }
    }

    public String dynamoEndpoint() {
        return "http://127.0.0.1:" + dynamoPort;
    }

    public String messagingEndpoint() {
        return "http://127.0.0.1:" + messagingPort;
    }

    /** The endpoint variables the AWS SDK (ours and any other) honours. */
    public Map<String, String> endpointEnvironment() {
        return Map.of(
                "AWS_ENDPOINT_URL_DYNAMODB", dynamoEndpoint(),
                "AWS_ENDPOINT_URL_SQS", messagingEndpoint(),
                "AWS_ENDPOINT_URL_SNS", messagingEndpoint());
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    private void spawn(List<String> command, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        processes.add(builder.start());
    }

    /** fauxqs's persistence needs Node 22 (node:sqlite); the npm package {@code node} ships one. */
    private static String node(Path modules) {
        Path bundled = modules.resolve(".bin/node");
        return Files.isExecutable(bundled) ? bundled.toString() : "node";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static void awaitPort(int port, Duration timeout, String name, Path log) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException(name + " did not start on port " + port + "; see " + log);
    }
}
