package io.mentorship.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.json.Json;
import io.mentorship.local.FunctionDefinitions;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.ProvisionedStack;
import io.mentorship.local.SamTemplate;
import io.mentorship.local.testing.Fixtures;
import io.mentorship.local.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code events/} holds a fixture for every route and every queue or schedule consumer of the template, and each
 * one is a valid event for its function: the Lambda runtime's serializer reads it, and the handler answers it
 * without a server error.
 */
class FixturesIT {
    private final LocalRuntime runtime = TestStack.quiet();
    private final List<FunctionDefinitions.Definition> functions = new FunctionDefinitions(ProvisionedStack.plan(
            SamTemplate.load(TestStack.projectRoot().resolve("template.yaml")), "check", "us-east-1",
            Map.of("JwtIssuer", "https://issuer.example", "JwtAudience", "client"))).all();

    @Test
    void everyRouteAndConsumerHasAFixtureThatItsFunctionAnswers() throws IOException {
        List<Path> files = Fixtures.files();
        Map<String, String> byRoute = new HashMap<>();
        for (Fixtures.Request fixture : Fixtures.requests()) {
            byRoute.put(fixture.routeKey(), fixture.file());
        }
        List<String> missing = new ArrayList<>();
        for (FunctionDefinitions.Definition function : functions) {
            for (FunctionDefinitions.HttpEvent http : function.httpEvents()) {
                String route = http.method() + " " + http.path();
                String fixture = byRoute.get(route);
                if (fixture == null) {
                    missing.add(route);
                    continue;
                }
                var response = (APIGatewayV2HTTPResponse) runtime.function(function.logicalId())
                        .invoke(Fixtures.http(fixture));
                assertThat(response.getStatusCode()).as(fixture + ": " + response.getBody())
                        .isLessThan(500);
                assertThat(Json.read(response.getBody() == null ? "{}" : response.getBody(), JsonNode.class)
                        .isObject()).as(fixture).isTrue();
            }
            if (!function.sqsEvents().isEmpty() || !function.scheduleEvents().isEmpty()) {
                String prefix = function.logicalId().replace("Function", "").toLowerCase(Locale.ROOT) + "-";
                List<Path> own = files.stream().filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
                if (own.isEmpty()) {
                    missing.add(function.logicalId() + " (events/" + prefix + "*.json)");
                }
                for (Path fixture : own) {
                    String result = io.mentorship.local.Invoke.invoke(runtime.function(function.logicalId()),
                            Files.readString(fixture));
                    assertThat(result).as(fixture.getFileName().toString())
                            .doesNotContain("\"itemIdentifier\"");
                }
            }
        }
        assertThat(missing).as("routes and consumers without a fixture in events/").isEmpty();
    }
}
