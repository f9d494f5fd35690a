package io.mentorship.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.api.ApiHandler;
import io.mentorship.local.FunctionDefinitions;
import io.mentorship.local.ProvisionedStack;
import io.mentorship.local.SamTemplate;
import io.mentorship.local.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** template.yaml is the map: it must match the jars the build makes and the routes the handlers serve. */
class TemplateIT {
    private final SamTemplate template = SamTemplate.load(TestStack.projectRoot().resolve("template.yaml"));
    private final ProvisionedStack planned = ProvisionedStack.plan(template, "check", "us-east-1",
            Map.of("JwtIssuer", "https://issuer.example", "JwtAudience", "client"));
    private final List<FunctionDefinitions.Definition> functions = new FunctionDefinitions(planned).all();

    @Test
    void everyReferenceResolves() {
        // plan() throws on any !Ref, !GetAtt or !Sub that names nothing; outputs must resolve too.
        template.outputs().values().forEach(o -> planned.intrinsics().resolve(SamTemplate.map(o).get("Value")));
        assertThat(planned.resources()).containsKeys("MentorshipTable", "ProfileChangesQueue",
                "ProfileChangesDeadLetterQueue", "SignupFunction", "MatchFunction");
    }

    @Test
    void everyFunctionJarHoldsItsHandlerAndNoHeavyHttpClient() throws IOException {
        for (FunctionDefinitions.Definition function : functions) {
            Path jar = TestStack.projectRoot().resolve(function.codeUri());
            assertThat(jar).as(function.logicalId() + " CodeUri").isRegularFile();
            String handlerClass = function.handler().split("::")[0];
            try (JarFile file = new JarFile(jar.toFile())) {
                assertThat(file.getEntry(handlerClass.replace('.', '/') + ".class"))
                        .as(handlerClass + " in " + jar).isNotNull();
                Set<String> heavy = file.stream().map(e -> e.getName())
                        .filter(n -> n.startsWith("org/apache/http") || n.startsWith("org/apache/hc/")
                                || n.startsWith("io/netty/"))
                        .collect(Collectors.toSet());
                assertThat(heavy).as("Apache or Netty classes in " + jar).isEmpty();
            }
            System.out.printf("jar %s: %.1f MB%n", jar.getFileName(), Files.size(jar) / 1e6);
        }
    }

    @Test
    void everyRouteAHandlerServesIsDeclaredBehindTheAuthorizer() throws Exception {
        for (FunctionDefinitions.Definition function : functions) {
            Class<?> handler = Class.forName(function.handler().split("::")[0]);
            if (!ApiHandler.class.isAssignableFrom(handler)) {
                assertThat(function.httpEvents()).as(function.logicalId() + " routes").isEmpty();
                continue;
            }
            Set<String> served = ((ApiHandler) TestStack.quiet().function(function.logicalId()).instance())
                    .routeKeys();
            Set<String> declared = new HashSet<>();
            for (FunctionDefinitions.HttpEvent event : function.httpEvents()) {
                declared.add(event.method() + " " + event.path());
                boolean isPublic = event.method().equals("GET") && event.path().equals("/guidelines/{role}");
                assertThat(event.authorized()).as(event.method() + " " + event.path() + " behind the authorizer")
                        .isEqualTo(!isPublic);
            }
            assertThat(declared).as(function.logicalId() + " routes").isEqualTo(served);
        }
    }

    @Test
    void everyQueueConsumerHasADeadLetterQueueAndReportsItemFailures() {
        for (FunctionDefinitions.Definition function : functions) {
            for (FunctionDefinitions.SqsEvent event : function.sqsEvents()) {
                assertThat(event.reportBatchItemFailures()).as(function.logicalId()).isTrue();
                String queue = planned.resources().entrySet().stream()
                        .filter(e -> event.queueArn().equals(e.getValue().attributes().get("Arn")))
                        .map(Map.Entry::getKey).findFirst().orElseThrow();
                Map<String, Object> props = SamTemplate.map(SamTemplate.map(template.resources().get(queue))
                        .get("Properties"));
                assertThat(props).as(queue + " RedrivePolicy").containsKey("RedrivePolicy");
                int timeout = Integer.parseInt(String.valueOf(props.get("VisibilityTimeout")));
                assertThat(timeout).as(queue + " visibility timeout vs function timeout")
                        .isGreaterThanOrEqualTo(function.timeoutSeconds());
            }
        }
    }
}
