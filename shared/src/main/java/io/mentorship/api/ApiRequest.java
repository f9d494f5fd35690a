package io.mentorship.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.mentorship.domain.UserIds;
import io.mentorship.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** An HTTP API (payload 2.0) request as the handlers see it: the route, the authenticated caller, and the body. */
public final class ApiRequest {
    /** Bodies larger than this are refused before parsing; no legitimate request comes near it. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    private final APIGatewayV2HTTPEvent event;

    public ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
    }

    public String routeKey() {
        return event.getRouteKey();
    }

    public String requestId() {
        return event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
    }

    /** The caller: the {@code sub} claim the JWT authorizer verified. */
    /** The token's subject as claimed, for logs only (null when absent or not a valid id); never for access. */
    public String claimedCallerId() {
        String sub = claims().get("sub");
        return UserIds.isValid(sub) ? sub : null;
    }

    public String callerId() {
        String sub = claims().get("sub");
        if (!UserIds.isValid(sub)) {
            throw ApiException.unauthorized();
        }
        return sub;
    }

    /** Whether the token puts the caller in the {@code admin} group (Cognito's {@code cognito:groups} claim). */
    public boolean callerIsAdmin() {
        return groups().contains("admin");
    }

    public void requireAdmin() {
        callerId();
        if (!callerIsAdmin()) {
            throw ApiException.forbidden("this route is for admins");
        }
    }

    /** The {@code {userId}} path parameter, which must be the caller's own id. */
    public String ownUserId() {
        String userId = pathParameter("userId");
        if (!userId.equals(callerId())) {
            throw ApiException.forbidden("you may only act on your own account");
        }
        return userId;
    }

    public String pathParameter(String name) {
        Map<String, String> params = event.getPathParameters();
        String value = params == null ? null : params.get(name);
        if (value == null || value.isBlank()) {
            throw ApiException.invalid(name, name + " is required in the path");
        }
        return value;
    }

    public Optional<String> query(String name) {
        Map<String, String> params = event.getQueryStringParameters();
        return Optional.ofNullable(params == null ? null : params.get(name));
    }

    public static boolean isValidUserId(String id) {
        return UserIds.isValid(id);
    }

    public boolean hasBody() {
        return event.getBody() != null && !event.getBody().isBlank();
    }

    /** The body as a tree: absent, oversize or malformed bodies are 400/413 with a message saying which. */
    public JsonNode jsonBody() {
        String body = rawBody();
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.malformed("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.malformed("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The body bound to {@code type}; unknown fields, wrong types and unknown enum values name the field. */
    public <T> T body(Class<T> type) {
        JsonNode node = jsonBody();
        try {
            return Json.mapper().treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.invalid(path(e), "unknown field '" + e.getPropertyName() + "'");
        } catch (InvalidFormatException e) {
            throw ApiException.invalid(path(e), "invalid value " + e.getValue() + expected(e));
        } catch (JsonMappingException e) {
            throw ApiException.invalid(path(e), "invalid value: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ApiException.malformed("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(null, e.getMessage());
        }
    }

    private String rawBody() {
        String body = event.getBody();
        if (body == null || body.isBlank()) {
            throw ApiException.malformed("a JSON body is required");
        }
        if (event.getIsBase64Encoded()) {
            try {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiException.malformed("the body is not valid base64");
            }
        }
        if (body.length() > MAX_BODY_BYTES || body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw ApiException.tooLarge("the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }

    private Map<String, String> claims() {
        var context = event.getRequestContext();
        if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null
                || context.getAuthorizer().getJwt().getClaims() == null) {
            return Map.of();
        }
        return context.getAuthorizer().getJwt().getClaims();
    }

    /** API Gateway flattens array claims to a string such as {@code [admin editors]}. */
    private Set<String> groups() {
        String raw = claims().getOrDefault("cognito:groups", "");
        return Pattern.compile("[\\[\\],\\s\"]+").splitAsStream(raw)
                .filter(s -> !s.isBlank())
                .collect(Collectors.toSet());
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String expected(InvalidFormatException e) {
        Class<?> target = e.getTargetType();
        if (target != null && target.isEnum()) {
            return "; expected one of " + java.util.Arrays.stream(target.getEnumConstants())
                    .map(c -> c.toString()).collect(Collectors.joining(", "));
        }
        return target == null ? "" : "; expected " + target.getSimpleName();
    }
}
