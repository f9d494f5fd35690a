package io.mentorship.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.local.FunctionDefinitions;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.ProvisionedStack;
import io.mentorship.local.SamTemplate;
import io.mentorship.local.testing.Api;
import io.mentorship.local.testing.Fixtures;
import io.mentorship.local.testing.Members;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.Queues;
import io.mentorship.local.testing.TestStack;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Every route of the template, with each path parameter in turn set to a value no member id, introduction id,
 * cohort id or role can take, and the others valid, sent over HTTP by a signed-up admin with the route's fixture
 * body: every answer is a 4xx, and no queue (nor its dead-letter queue) receives anything, so no request can put
 * on a queue a message its consumer would refuse. Invalid query parameters get a 400 naming them.
 */
class InvalidPathParametersIT {
    private static final List<String> INVALID = List.of("a b", "x".repeat(200), "..", "<script>", "ok;drop",
            "%00");
    private static final List<String> QUEUES = List.of("ProfileChangesQueue", "ProfileChangesDeadLetterQueue",
            "DeliveryQueue", "DeliveryDeadLetterQueue", "CohortsQueue", "CohortsDeadLetterQueue");

    private final LocalRuntime runtime = TestStack.isolated();

    @Test
    void everyRouteRefusesInvalidPathParametersAndQueuesNothing() throws IOException {
        String caller = Profiles.uniqueId("enumerator");
        // A real member and admin, so that only the path parameter under test is wrong.
        Api.Response signedUp = Api.as(runtime, caller).post("/users", Members.person("Enumerator",
                Map.of("topics", List.of("java")), null, List.of("en"), List.of()));
        assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(201);
        // Nobody consumes this stack's queues: what signing up sent stays, and is the baseline.
        Map<String, Long> before = new HashMap<>();
        for (String queue : QUEUES) {
            before.put(queue, messagesIn(queue));
        }
        Api admin = Api.asAdmin(runtime, caller);
        Map<String, String> bodies = fixtureBodies();
        List<FunctionDefinitions.Definition> functions = new FunctionDefinitions(ProvisionedStack.plan(
                SamTemplate.load(TestStack.projectRoot().resolve("template.yaml")), "check", "us-east-1",
                Map.of("JwtIssuer", "https://issuer.example", "JwtAudience", "client"))).all();
        List<String> wrong = new ArrayList<>();
        int requests = 0;
        for (FunctionDefinitions.Definition function : functions) {
            for (FunctionDefinitions.HttpEvent http : function.httpEvents()) {
                String route = http.method() + " " + http.path();
                List<String> names = parameters(http.path());
                for (String invalidName : names) {
                    for (String invalid : INVALID) {
                        String path = http.path();
                        for (String name : names) {
                            String value = name.equals(invalidName) ? invalid : valid(name, caller);
                            path = path.replace("{" + name + "}", URLEncoder.encode(value, StandardCharsets.UTF_8)
                                    .replace("+", "%20"));
                        }
                        Api.Response response = admin.send(http.method(), path, bodies.get(route));
                        requests++;
                        if (response.status() < 400 || response.status() >= 500) {
                            wrong.add(route + " with " + invalidName + "=" + invalid + " -> " + response.status()
                                    + " " + response.body());
                        }
                    }
                }
            }
        }
        // Query parameters: each refused with 400 and its name.
        String cohort = admin.post("/admin/cohorts", Map.of("name", "c", "topics", List.of("java"),
                "closesAt", "2099-01-01T00:00:00Z")).json().path("id").asText();
        Map<String, String> queries = Map.of(
                "/users/" + caller + "/suggestions?as=guru", "as",
                "/users/" + caller + "/suggestions?as=mentee&limit=-1", "limit",
                "/users/" + caller + "/suggestions?as=mentee&limit=many", "limit",
                "/introductions?box=sideways", "box",
                "/introductions?status=maybe", "status",
                "/admin/cohorts/" + cohort + "/assignment?page=-1", "page",
                "/admin/cohorts/" + cohort + "/assignment?page=first", "page");
        queries.forEach((path, field) -> {
            Api.Response response = admin.get(path);
            if (response.status() != 400 || !field.equals(response.errorField())) {
                wrong.add("GET " + path + " -> " + response.status() + " " + response.body());
            }
        });
        assertThat(wrong).as("routes that accepted an invalid path or query parameter").isEmpty();
        assertThat(requests).isGreaterThan(100);
        for (String queue : QUEUES) {
            assertThat(messagesIn(queue)).as(queue + " after " + requests + " invalid requests")
                    .isEqualTo(before.get(queue));
        }
    }

    private static String valid(String name, String caller) {
        return switch (name) {
            case "userId" -> caller;
            case "otherId" -> "someone-else";
            case "role" -> "mentee";
            default -> "00000000-0000-0000-0000-000000000000";
        };
    }

    private static List<String> parameters(String path) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Map<String, String> fixtureBodies() {
        Map<String, String> bodies = new HashMap<>();
        for (Fixtures.Request fixture : Fixtures.requests()) {
            if (fixture.event().hasNonNull("body")) {
                bodies.put(fixture.routeKey(), fixture.event().get("body").asText());
            }
        }
        return bodies;
    }

    private long messagesIn(String queue) {
        var attributes = runtime.sqs().getQueueAttributes(r -> r.queueUrl(Queues.url(runtime, queue))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToLong(Long::parseLong).sum();
    }
}
