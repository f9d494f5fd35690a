package io.mentorship.local.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mentorship.api.ApiHandler;
import io.mentorship.json.Json;
import io.mentorship.local.FunctionDefinitions;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.ProvisionedStack;
import io.mentorship.local.SamTemplate;
import io.mentorship.local.testing.Api;
import io.mentorship.local.testing.Contract;
import io.mentorship.local.testing.Fixtures;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code openapi.yaml} is the API's contract: it declares exactly the routes the template and the handlers serve,
 * every request fixture is a request it allows, it rejects answers that drift from it, and {@code make run} serves
 * it with browsable docs. (Every response the end-to-end tests receive is checked against it by {@link Api}.)
 */
class ContractIT {
    private final Contract contract = Contract.shared();
    private final LocalRuntime runtime = TestStack.serving();
    private final List<FunctionDefinitions.Definition> functions = new FunctionDefinitions(ProvisionedStack.plan(
            SamTemplate.load(TestStack.projectRoot().resolve("template.yaml")), "check", "us-east-1",
            Map.of("JwtIssuer", "https://issuer.example", "JwtAudience", "client"))).all();

    @Test
    void declaresExactlyTheRoutesOfTheTemplateAndTheHandlers() throws Exception {
        Set<String> template = new TreeSet<>();
        Set<String> handlers = new TreeSet<>();
        for (FunctionDefinitions.Definition function : functions) {
            function.httpEvents().forEach(http -> template.add(http.method() + " " + http.path()));
            Class<?> handler = Class.forName(function.handler().split("::")[0]);
            if (ApiHandler.class.isAssignableFrom(handler)) {
                handlers.addAll(((ApiHandler) TestStack.quiet().function(function.logicalId()).instance())
                        .routeKeys());
            }
        }
        assertThat(contract.routeKeys()).as("openapi.yaml vs template.yaml").isEqualTo(template);
        assertThat(contract.routeKeys()).as("openapi.yaml vs handlers' routeKeys()").isEqualTo(handlers);
        assertThat(contract.document().path("openapi").asText()).startsWith("3.1");
    }

    @Test
    void everyOperationDocumentsItsErrorsAndHasExamples() {
        List<String> problems = new ArrayList<>();
        for (Contract.Operation op : contract.operations()) {
            JsonNode node = op.node();
            if (!node.hasNonNull("operationId")) {
                problems.add(op.routeKey() + ": no operationId");
            }
            boolean isPublic = node.has("security") && node.get("security").isEmpty();
            if (!isPublic && !node.path("responses").has("401")) {
                problems.add(op.routeKey() + ": no 401");
            }
            boolean success = false;
            for (var it = node.path("responses").fieldNames(); it.hasNext(); ) {
                success |= it.next().startsWith("2");
            }
            if (!success) {
                problems.add(op.routeKey() + ": no 2xx");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(contract.document().at("/components/schemas/Error").isObject()).isTrue();
    }

    @Test
    void everyRequestFixtureIsARequestTheContractAllows() {
        List<String> problems = new ArrayList<>();
        List<Fixtures.Request> fixtures = Fixtures.requests();
        for (Fixtures.Request fixture : fixtures) {
            JsonNode event = fixture.event();
            List<String> found = contract.requestViolations(fixture.routeKey(),
                    strings(event.path("pathParameters")), strings(event.path("queryStringParameters")),
                    event.path("body").isTextual() ? event.get("body").asText() : null);
            found.forEach(problem -> problems.add(fixture.file() + ": " + problem));
        }
        assertThat(problems).isEmpty();
        assertThat(fixtures.size()).as("fixtures checked").isGreaterThanOrEqualTo(contract.routeKeys().size());
    }

    @Test
    void aResponseThatDriftsFromTheContractIsCaught() {
        String me = Profiles.uniqueId("drift");
        Api api = Api.as(runtime, me);
        Api.Response created = api.post("/users", Profiles.mentee("Drift", List.of("java"), List.of("en")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(contract.responseViolations("POST", "/users", 201, created.body())).isEmpty();

        ObjectNode renamed = (ObjectNode) created.json().deepCopy();
        renamed.set("userName", renamed.remove("userId"));
        assertThat(contract.responseViolations("POST", "/users", 201, Json.write(renamed)))
                .as("a renamed field").isNotEmpty();
        ObjectNode extra = (ObjectNode) created.json().deepCopy();
        extra.put("internalScore", 3);
        assertThat(contract.responseViolations("POST", "/users", 201, Json.write(extra)))
                .as("a field the contract does not know").isNotEmpty();
        assertThat(contract.responseViolations("POST", "/users", 418, "{}")).as("an undeclared status")
                .isNotEmpty();
        assertThat(contract.responseViolations("GET", "/users/" + me, 404, "{\"oops\":1}"))
                .as("an error body of another shape").isNotEmpty();
    }

    @Test
    void makeRunServesTheContractAndBrowsableDocs() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> yaml = client.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl()
                + "/openapi.yaml")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.body()).isEqualTo(Files.readString(TestStack.projectRoot().resolve("openapi.yaml")));

        HttpResponse<String> redirect = client.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/docs"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("location")).hasValue("/docs/");

        HttpResponse<String> docs = client.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/docs/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("swagger-ui-bundle.js").doesNotContain("://");
        HttpResponse<String> init = client.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl()
                + "/docs/swagger-initializer.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(init.body()).contains("/openapi.yaml").doesNotContain("petstore");
        HttpResponse<String> bundle = client.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl()
                + "/docs/swagger-ui-bundle.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/javascript"));

        HttpResponse<String> escape = client.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl()
                + "/..%2ftemplate.yaml")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(escape.statusCode()).as("nothing outside web/ is served").isEqualTo(404);
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> values = new HashMap<>();
        node.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }
}
