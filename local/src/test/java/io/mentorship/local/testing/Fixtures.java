package io.mentorship.local.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The {@code events/} fixtures, read with the Lambda Java runtime's own event serialization. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A request fixture: its file name and the API Gateway event it holds. */
    public record Request(String file, JsonNode event) {
        public String routeKey() {
            return event.get("routeKey").asText();
        }
    }

    /** Every fixture file ({@code events/*.json}), by name. */
    public static List<Path> files() {
        try (Stream<Path> listing = Files.list(TestStack.projectRoot().resolve("events"))) {
            return listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every request fixture (one with a {@code routeKey}), by file name. */
    public static List<Request> requests() {
        List<Request> out = new ArrayList<>();
        for (Path file : files()) {
            JsonNode event = Json.read(json(file.getFileName().toString()), JsonNode.class);
            if (event.has("routeKey")) {
                out.add(new Request(file.getFileName().toString(), event));
            }
        }
        return out;
    }

    public static String json(String name) {
        try {
            return Files.readString(TestStack.projectRoot().resolve("events").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static APIGatewayV2HTTPEvent http(String name) {
        return LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, Fixtures.class.getClassLoader())
                .fromJson(json(name));
    }

    public static SQSEvent sqs(String name) {
        return LambdaEventSerializers.serializerFor(SQSEvent.class, Fixtures.class.getClassLoader())
                .fromJson(json(name));
    }

    /** The fixture as sent by {@code userId} about their own account ({@code {userId}} and the token's sub). */
    public static APIGatewayV2HTTPEvent httpAs(String name, String userId) {
        APIGatewayV2HTTPEvent event = http(name);
        Map<String, String> claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("sub", userId);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        if (event.getPathParameters() != null && event.getPathParameters().containsKey("userId")) {
            Map<String, String> params = new HashMap<>(event.getPathParameters());
            params.put("userId", userId);
            event.setPathParameters(params);
        }
        return event;
    }
}
