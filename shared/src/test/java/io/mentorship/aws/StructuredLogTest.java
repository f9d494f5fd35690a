package io.mentorship.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.Test;

/** The functions' log lines: one JSON object each, with the invocation's context as top-level fields. */
class StructuredLogTest {

    @Test
    void aLogLineIsOneJsonObjectWithTheInvocationsContext() {
        JsonTemplateLayout layout = JsonTemplateLayout.newBuilder()
                .setConfiguration(new DefaultConfiguration())
                .setEventTemplateUri("classpath:mentorship-log.json")
                .build();
        SortedArrayStringMap context = new SortedArrayStringMap();
        Map.of(LogContext.FUNCTION, "IntroductionsFunction", LogContext.REQUEST_ID, "req-1",
                LogContext.COLD_START, "true", LogContext.ROUTE, "POST /introductions",
                LogContext.CALLER_ID, "mia").forEach(context::putValue);
        LogEvent event = Log4jLogEvent.newBuilder().setLoggerName("io.mentorship.api.ApiHandler")
                .setLevel(Level.INFO).setMessage(new SimpleMessage("answered 201 in 12 ms"))
                .setContextData(context).setThrown(new IllegalStateException("boom")).build();
        String line = layout.toSerializable(event);

        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = Json.read(line, JsonNode.class);
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("message").asText()).isEqualTo("answered 201 in 12 ms");
        assertThat(json.path("function").asText()).isEqualTo("IntroductionsFunction");
        assertThat(json.path("requestId").asText()).isEqualTo("req-1");
        assertThat(json.path("coldStart").asText()).isEqualTo("true");
        assertThat(json.path("route").asText()).isEqualTo("POST /introductions");
        assertThat(json.path("callerId").asText()).isEqualTo("mia");
        assertThat(json.path("error").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(json.path("stackTrace").asText()).contains("StructuredLogTest");
        assertThat(json.path("timestamp").asText()).endsWith("Z");
    }

    /** Functions log through SLF4J only: nothing printed by hand in functions/ or shared/. */
    @Test
    void noFunctionOrSharedCodePrintsByHand() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> sources = new ArrayList<>();
        for (Path dir : List.of(root.resolve("shared/src/main/java"), root.resolve("functions"))) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("src/main/java"))
                        .forEach(sources::add);
            }
        }
        assertThat(sources).hasSizeGreaterThan(50);
        List<String> offenders = new ArrayList<>();
        for (Path source : sources) {
            String text = Files.readString(source);
            for (String banned : List.of("System.out", "System.err", "printStackTrace", "getLogger()")) {
                if (text.contains(banned)) {
                    offenders.add(root.relativize(source) + ": " + banned);
                }
            }
        }
        assertThat(offenders).isEmpty();
    }
}
