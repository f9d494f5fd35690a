package io.mentorship.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.mentorship.json.Json;
import io.mentorship.local.LocalRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** An app's view of the API: real HTTP over a socket to the local runtime, with a token from its authorizer. */
public final class Api {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final LocalRuntime runtime;
    private final String token;

    private Api(LocalRuntime runtime, String token) {
        this.runtime = runtime;
        this.token = token;
    }

    public static Api as(LocalRuntime runtime, String userId) {
        return new Api(runtime, runtime.tokens().issue(userId, List.of(), Duration.ofHours(1)));
    }

    public static Api asAdmin(LocalRuntime runtime, String userId) {
        return new Api(runtime, runtime.tokens().issue(userId, List.of("admin"), Duration.ofHours(1)));
    }

    /** Requests sent with this exact Authorization header value (or none when null). */
    public static Api withAuthorization(LocalRuntime runtime, String header) {
        return new Api(runtime, header);
    }

    public record Response(int status, String body) {
        public JsonNode json() {
            if (body == null || body.isBlank()) {
                return MissingNode.getInstance();
            }
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String errorCode() {
            return json().path("error").path("code").asText();
        }

        public String errorField() {
            return json().path("error").path("field").asText(null);
        }
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** Sends {@code body} as is when it is a String, else as JSON. */
    public Response send(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(runtime.baseUrl() + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", token.startsWith("Bearer") || token.contains(" ") ? token
                    : "Bearer " + token);
        }
        String payload = body == null ? null : body instanceof String s ? s : Json.write(body);
        request.method(method, payload == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(payload));
        if (payload != null) {
            request.header("content-type", "application/json");
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            // Every answer an app could receive must be one the contract (openapi.yaml) promises.
            List<String> violations = Contract.shared()
                    .responseViolations(method, path, response.statusCode(), response.body());
            if (!violations.isEmpty()) {
                throw new AssertionError("response breaks openapi.yaml: " + String.join("; ", violations)
                        + "\nbody: " + response.body());
            }
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
