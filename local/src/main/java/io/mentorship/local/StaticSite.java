package io.mentorship.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.webjars.WebJarVersionLocator;

/**
 * What {@code make run} serves beside the API, on the same origin: the web console ({@code web/} at {@code /}), the
 * contract ({@code openapi.yaml} at {@code /openapi.yaml}) and browsable docs at {@code /docs/} (Swagger UI from its
 * webjar, no CDN). In AWS the console is a static site and the contract a file of the repository.
 */
public final class StaticSite {
    /** The console's policy: nothing inline, nothing from elsewhere; the API may be another origin in AWS. */
    static final String CONSOLE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self' https:; frame-ancestors 'none'; base-uri 'none'; "
            + "form-action 'self'";
    /** Swagger UI sets style attributes from script, so the docs allow inline styles and nothing else. */
    static final String DOCS_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final String SWAGGER_UI = "swagger-ui";
    private static final String DOCS_INITIALIZER = """
            window.onload = function () {
              window.ui = SwaggerUIBundle({
                url: "/openapi.yaml",
                dom_id: "#swagger-ui",
                deepLinking: true,
                presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                layout: "StandaloneLayout"
              });
            };
            """;
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml",
            "yaml", "application/yaml; charset=utf-8",
            "json", "application/json",
            "txt", "text/plain; charset=utf-8");

    /** One file to send. */
    public record Asset(String contentType, byte[] body, Map<String, String> headers) {
    }

    private final Path webRoot;
    private final Path contract;
    private final String swaggerUiBase;

    public StaticSite(Path projectRoot) {
        this.webRoot = projectRoot.resolve("web").toAbsolutePath().normalize();
        this.contract = projectRoot.resolve("openapi.yaml");
        String version = new WebJarVersionLocator().version(SWAGGER_UI);
        this.swaggerUiBase = version == null ? null : "META-INF/resources/webjars/" + SWAGGER_UI + "/" + version + "/";
    }

    /** The asset a {@code GET} of {@code path} serves, if any; API routes never collide with these names. */
    public Optional<Asset> find(String path) {
        if (path.equals("/openapi.yaml")) {
            return file(contract, Map.of("cache-control", "no-cache"));
        }
        if (path.equals("/docs")) {
            return Optional.of(new Asset("text/plain", new byte[0], Map.of("location", "/docs/")));
        }
        if (path.startsWith("/docs/")) {
            return docs(path.substring("/docs/".length()));
        }
        if (path.equals("/")) {
            path = "/index.html";
        }
        if (path.indexOf('/', 1) >= 0 || path.contains("..") || path.length() < 2) {
            return Optional.empty();
        }
        Path file = webRoot.resolve(path.substring(1)).normalize();
        if (!file.startsWith(webRoot)) {
            return Optional.empty();
        }
        return file(file, Map.of("content-security-policy", CONSOLE_POLICY, "x-content-type-options", "nosniff",
                "referrer-policy", "no-referrer", "cache-control", "no-cache"));
    }

    private Optional<Asset> docs(String name) {
        if (swaggerUiBase == null || name.contains("..") || name.contains("/")) {
            return Optional.empty();
        }
        Map<String, String> headers = Map.of("content-security-policy", DOCS_POLICY, "x-content-type-options",
                "nosniff");
        if (name.equals("swagger-initializer.js")) {
            return Optional.of(new Asset(type(name), DOCS_INITIALIZER.getBytes(StandardCharsets.UTF_8), headers));
        }
        String resource = swaggerUiBase + (name.isEmpty() ? "index.html" : name);
        try (InputStream in = StaticSite.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new Asset(type(resource), in.readAllBytes(), headers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Asset> file(Path file, Map<String, String> headers) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Asset(type(file.getFileName().toString()), Files.readAllBytes(file), headers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String type(String name) {
        int dot = name.lastIndexOf('.');
        return TYPES.getOrDefault(dot < 0 ? "" : name.substring(dot + 1), "application/octet-stream");
    }
}
