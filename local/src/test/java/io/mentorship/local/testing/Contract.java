package io.mentorship.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.mentorship.json.Json;
import io.mentorship.local.HttpGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The API's contract ({@code openapi.yaml}) as the tests hold the service to it: every response an end-to-end test
 * receives over HTTP must be a status the operation declares with a body its schema accepts, and every request
 * fixture must be a request the contract allows. Schemas are JSON Schema 2020-12 (OpenAPI 3.1).
 */
public final class Contract {
    private static volatile Contract shared;

    /** One operation: {@code GET /users/{userId}}. */
    public record Operation(String method, String path, Pattern pattern, int literalLength, JsonNode node) {
        public String routeKey() {
            return method + " " + path;
        }
    }

    private final JsonNode document;
    private final List<Operation> operations = new ArrayList<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<JsonNode, JsonSchema> schemas = new ConcurrentHashMap<>();
    private final AtomicInteger validated = new AtomicInteger();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    private Contract(JsonNode document) {
        this.document = document;
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String method = op.getKey().toUpperCase(Locale.ROOT);
            if (Set.of("GET", "PUT", "POST", "DELETE", "PATCH").contains(method)) {
                operations.add(new Operation(method, path.getKey(), HttpGateway.pathPattern(path.getKey()),
                        HttpGateway.literalLength(path.getKey()), op.getValue()));
            }
        }));
        // Like API Gateway, a literal segment wins over a parameter in the same place.
        operations.sort(Comparator.comparingInt(Operation::literalLength).reversed());
    }

    /** The project's contract, loaded once per test JVM. */
    public static Contract shared() {
        if (shared == null) {
            synchronized (Contract.class) {
                if (shared == null) {
                    shared = load(TestStack.projectRoot().resolve("openapi.yaml"));
                    Runtime.getRuntime().addShutdownHook(new Thread(shared::report));
                }
            }
        }
        return shared;
    }

    public static Contract load(Path file) {
        try {
            Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            return new Contract(Json.mapper().valueToTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode document() {
        return document;
    }

    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    public Set<String> routeKeys() {
        Set<String> keys = new TreeSet<>();
        operations.forEach(op -> keys.add(op.routeKey()));
        return keys;
    }

    public int validatedResponses() {
        return validated.get();
    }

    /** The operation a request reaches, if the contract has one. */
    public Optional<Operation> operation(String method, String rawPath) {
        String path = rawPath.contains("?") ? rawPath.substring(0, rawPath.indexOf('?')) : rawPath;
        return operations.stream()
                .filter(op -> op.method().equals(method) && op.pattern().matcher(path).matches())
                .findFirst();
    }

    /**
     * The ways a response breaks the contract (empty when it obeys it). A request no operation declares is the
     * route tests' business, not this check's; it reports nothing here.
     */
    public List<String> responseViolations(String method, String rawPath, int status, String body) {
        Optional<Operation> found = operation(method, rawPath);
        if (found.isEmpty()) {
            return List.of();
        }
        Operation op = found.get();
        String where = op.routeKey() + " -> " + status;
        JsonNode response = op.node().path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            response = op.node().path("responses").path("default");
        }
        response = resolve(response);
        if (response.isMissingNode()) {
            return List.of(where + ": status not declared");
        }
        validated.incrementAndGet();
        seen.add(where);
        JsonNode schema = response.path("content").path("application/json").path("schema");
        boolean empty = body == null || body.isEmpty();
        if (schema.isMissingNode()) {
            return empty || !response.has("content") ? List.of() : List.of(where + ": body where none is declared");
        }
        if (empty) {
            return List.of(where + ": empty body, schema declared");
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (IOException e) {
            return List.of(where + ": body is not JSON: " + e.getMessage());
        }
        return messages(where, schema, json);
    }

    /** The ways a request (path and query parameters, body) breaks the contract of {@code method path}. */
    public List<String> requestViolations(String routeKey, Map<String, String> pathParameters,
            Map<String, String> query, String body) {
        Operation op = operations.stream().filter(o -> o.routeKey().equals(routeKey)).findFirst().orElse(null);
        if (op == null) {
            return List.of(routeKey + ": no such operation");
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode parameter : parameters(op)) {
            String in = parameter.path("in").asText();
            String name = parameter.path("name").asText();
            Map<String, String> values = in.equals("path") ? pathParameters : in.equals("query") ? query : null;
            if (values == null) {
                continue;
            }
            String value = values.get(name);
            if (value == null) {
                if (parameter.path("required").asBoolean(false)) {
                    problems.add(routeKey + ": " + in + " parameter " + name + " missing");
                }
                continue;
            }
            JsonNode schema = parameter.path("schema");
            problems.addAll(messages(routeKey + " " + in + " " + name, schema, parameterValue(schema, value)));
        }
        JsonNode requestBody = resolve(op.node().path("requestBody"));
        JsonNode schema = requestBody.path("content").path("application/json").path("schema");
        if (body == null || body.isEmpty()) {
            if (requestBody.path("required").asBoolean(false)) {
                problems.add(routeKey + ": body required");
            }
        } else if (schema.isMissingNode()) {
            problems.add(routeKey + ": body where none is declared");
        } else {
            try {
                problems.addAll(messages(routeKey + " body", schema, Json.mapper().readTree(body)));
            } catch (IOException e) {
                problems.add(routeKey + ": body is not JSON");
            }
        }
        return problems;
    }

    private List<JsonNode> parameters(Operation op) {
        List<JsonNode> all = new ArrayList<>();
        JsonNode pathItem = document.path("paths").path(op.path());
        pathItem.path("parameters").forEach(p -> all.add(resolve(p)));
        op.node().path("parameters").forEach(p -> all.add(resolve(p)));
        return all;
    }

    private JsonNode parameterValue(JsonNode schema, String value) {
        JsonNode resolved = resolve(schema);
        String type = resolved.path("type").asText("string");
        if (type.equals("integer") || type.equals("number")) {
            try {
                return Json.mapper().readTree(value);
            } catch (IOException e) {
                return Json.mapper().getNodeFactory().textNode(value);
            }
        }
        if (type.equals("boolean") && (value.equals("true") || value.equals("false"))) {
            return Json.mapper().getNodeFactory().booleanNode(Boolean.parseBoolean(value));
        }
        return Json.mapper().getNodeFactory().textNode(value);
    }

    private List<String> messages(String where, JsonNode schema, JsonNode json) {
        Set<ValidationMessage> errors = schema(schema).validate(json);
        List<String> problems = new ArrayList<>();
        errors.forEach(error -> problems.add(where + ": " + error.getMessage()));
        return problems;
    }

    /** A schema of the document, compiled with the document's components beside it so its $refs resolve. */
    private JsonSchema schema(JsonNode schema) {
        return schemas.computeIfAbsent(schema, node -> {
            ObjectNode root = node.isObject() ? ((ObjectNode) node).deepCopy() : Json.mapper().createObjectNode();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.set("components", document.path("components"));
            return factory.getSchema(root);
        });
    }

    /** Follows a {@code $ref} to {@code #/components/...} (responses, parameters, request bodies). */
    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref") && hops < 5; hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                break;
            }
            current = document.at(ref.substring(1));
        }
        return current;
    }

    private void report() {
        if (validated.get() > 0) {
            String line = String.format("contract: %d responses validated against openapi.yaml (%d distinct "
                    + "operation/status pairs)%n", validated.get(), seen.size());
            System.out.print(line);
            try {
                Path out = TestStack.projectRoot().resolve("local/target/contract-responses.txt");
                Files.createDirectories(out.getParent());
                Files.writeString(out, line + String.join("\n", new TreeSet<>(seen)) + "\n",
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                // the summary is a convenience; the assertions already ran
            }
        }
    }
}
