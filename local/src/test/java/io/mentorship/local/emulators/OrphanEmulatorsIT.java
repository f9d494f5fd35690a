package io.mentorship.local.emulators;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.local.testing.TestStack;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A JVM killed outright (no shutdown hook runs: a benchmark stopped with kill -9, a crashed test) takes its
 * emulators with it, instead of leaving node processes that hold ports and compete for the two cores.
 */
class OrphanEmulatorsIT {

    @Test
    void emulatorsEndWithTheJvmThatStartedThemEvenWhenItIsKilled() throws Exception {
        Path root = TestStack.projectRoot();
        String classpath = String.join(File.pathSeparator, root.resolve("local/target/test-classes").toString(),
                root.resolve("local/target/classes").toString(),
                Files.readString(root.resolve("local/target/runtime.classpath")).strip());
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classpath, EmulatorsChild.class.getName(), root.toString()).redirectErrorStream(true).start();
        List<ProcessHandle> emulators = List.of();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                // the child's own output before it is ready
            }
            assertThat(line).as("the child started its emulators").isEqualTo("READY");
            emulators = child.toHandle().descendants().toList();
            assertThat(emulators).as("dynalite and fauxqs").hasSizeGreaterThanOrEqualTo(2);

            child.destroyForcibly(); // SIGKILL: the child's shutdown hooks never run
            child.waitFor();

            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            while (emulators.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(emulators.stream().filter(ProcessHandle::isAlive).map(p -> p.info().commandLine()
                    .orElse("pid " + p.pid())).toList()).as("emulators left running").isEmpty();
        } finally {
            child.destroyForcibly();
            emulators.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
