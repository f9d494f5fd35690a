package io.mentorship.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mentorship.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shapes handler results into payload-2.0 responses. */
public final class ApiResponses {
    private static final Map<String, String> JSON = Map.of("content-type", "application/json");

    private ApiResponses() {
    }

    public static APIGatewayV2HTTPResponse ok(Object body) {
        return json(200, body);
    }

    public static APIGatewayV2HTTPResponse created(Object body) {
        return json(201, body);
    }

    public static APIGatewayV2HTTPResponse noContent() {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(204).withHeaders(Map.of()).build();
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(JSON)
                .withBody(Json.write(body))
                .build();
    }

    public static APIGatewayV2HTTPResponse error(ApiException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        if (e.field() != null) {
            error.put("field", e.field());
        }
        return json(e.status(), Map.of("error", error));
    }
}
