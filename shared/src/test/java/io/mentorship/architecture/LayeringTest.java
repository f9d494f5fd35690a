package io.mentorship.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * HTTP stays at the edge: only the API package ({@code io.mentorship.api}) and the API handlers (classes that
 * extend {@code ApiHandler}) know statuses and {@code ApiException}; the domain raises {@code DomainException}.
 */
class LayeringTest {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void nothingBelowTheApiEdgeKnowsAboutHttp() throws IOException {
        Map<Path, String> sources = mainSources();
        assertThat(sources).hasSizeGreaterThan(50);
        assertThat(httpBelowTheEdge(sources)).isEmpty();
    }

    @Test
    void theRuleCatchesADomainClassThatThrowsAnHttpError() {
        Map<Path, String> violating = Map.of(
                Path.of("shared/src/main/java/io/mentorship/introductions/Example.java"),
                "package io.mentorship.introductions;\nimport io.mentorship.api.ApiException;\n"
                        + "class Example { void f() { throw ApiException.notFound(\"x\"); } }",
                Path.of("functions/match/src/main/java/io/mentorship/match/Other.java"),
                "package io.mentorship.match;\nclass Other { boolean ok(String id) { return "
                        + "io.mentorship.api.ApiRequest.isValidUserId(id); } }",
                Path.of("functions/signup/src/main/java/io/mentorship/signup/SignupHandler.java"),
                "package io.mentorship.signup;\nimport io.mentorship.api.ApiException;\n"
                        + "public final class SignupHandler extends ApiHandler { }");
        assertThat(httpBelowTheEdge(violating)).hasSize(2)
                .allSatisfy(v -> assertThat(v).doesNotContain("SignupHandler"));
    }

    static List<String> httpBelowTheEdge(Map<Path, String> sources) {
        List<String> offenders = new ArrayList<>();
        sources.forEach((path, text) -> {
            String p = path.toString().replace('\\', '/');
            boolean edge = p.contains("/io/mentorship/api/") || text.contains("extends ApiHandler");
            if (!edge && (text.contains("io.mentorship.api") || text.contains("ApiException"))) {
                offenders.add(p);
            }
        });
        return offenders;
    }

    /** Every main source file of shared/ and functions/, by path relative to the project root. */
    static Map<Path, String> mainSources() throws IOException {
        Map<Path, String> sources = new LinkedHashMap<>();
        for (Path dir : List.of(ROOT.resolve("shared/src/main/java"), ROOT.resolve("functions"))) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")
                        && p.toString().contains("src/main/java")).sorted().toList()) {
                    sources.put(ROOT.relativize(file), Files.readString(file));
                }
            }
        }
        return sources;
    }
}
