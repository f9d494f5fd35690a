package io.mentorship.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.guidelines.Guidelines;
import io.mentorship.json.Json;
import io.mentorship.profile.Role;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Times are {@code Instant}s in the domain: compared as times, never as text. They become text only on the wire
 * and in stored attributes (ISO-8601, as {@code Instant.toString()}), and in keys through {@code TableLayout.time}.
 */
class TimesTest {
    /** A parameter or record component that names a time ({@code createdAt}, {@code apartUntil}, ...) as text. */
    private static final Pattern TIME_AS_TEXT =
            Pattern.compile("\\bString\\s+(\\w+(?:At|Until|Through)|since|now)\\s*[,)]");
    /** Times as a client sent them, checked (and named in the error) before they become Instants. */
    private static final List<String> AS_SENT =
            List.of("record Draft(String name, List<String> topics, String closesAt)");

    @Test
    void noTimeIsText() throws IOException {
        assertThat(timesAsText(LayeringTest.mainSources())).isEmpty();
    }

    @Test
    void theRuleCatchesATimeKeptAsText() {
        Map<Path, String> violating = Map.of(
                Path.of("shared/src/main/java/io/mentorship/introductions/Example.java"),
                "record Example(String id, String createdAt) {}",
                Path.of("shared/src/main/java/io/mentorship/store/Other.java"),
                "void end(String id, String now) {}",
                Path.of("shared/src/main/java/io/mentorship/store/Fine.java"),
                "record Fine(String id, java.time.Instant createdAt, String creator) {}");
        assertThat(timesAsText(violating)).containsExactlyInAnyOrder(
                "shared/src/main/java/io/mentorship/introductions/Example.java: createdAt",
                "shared/src/main/java/io/mentorship/store/Other.java: now");
    }

    @Test
    void instantsTravelAsIsoTextAndComeBackEqual() {
        Instant at = Instant.parse("2026-11-03T09:15:02.418Z");
        Guidelines g = new Guidelines(Role.MENTOR, 2, "Mentor guidelines", List.of("Be kind."), at);
        String json = Json.write(g);
        assertThat(json).contains("\"publishedAt\":\"2026-11-03T09:15:02.418Z\"");
        assertThat(Json.read(json, Guidelines.class)).isEqualTo(g);
        Instant whole = Instant.parse("2026-11-03T09:15:00Z");
        assertThat(Json.write(new Guidelines(Role.MENTOR, 2, "t", List.of(), whole)))
                .contains("\"publishedAt\":\"" + whole + "\"");
    }

    static List<String> timesAsText(Map<Path, String> sources) {
        List<String> offenders = new ArrayList<>();
        sources.forEach((path, text) -> {
            String unsent = text;
            for (String allowed : AS_SENT) {
                unsent = unsent.replace(allowed, "");
            }
            Matcher m = TIME_AS_TEXT.matcher(unsent);
            while (m.find()) {
                offenders.add(path.toString().replace('\\', '/') + ": " + m.group(1));
            }
        });
        return offenders;
    }
}
