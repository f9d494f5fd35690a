package io.mentorship.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.api.ApiHandler;
import io.mentorship.events.FollowUps;
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

    /** A follow-up must arrive after its sender finished or timed out: delay >= Timeout + margin, <= 15 min. */
    @Test
    void everyFunctionsFollowUpsWaitLongerThanItCanRun() {
        assertThat(followUpDelayViolations(functions)).isEmpty();
        assertThat(functions).allSatisfy(f -> assertThat(f.environment()).containsKey(FollowUps.DELAY_VARIABLE));
        // The check itself: a function whose timeout outgrew its delay is caught.
        FunctionDefinitions.Definition expiry = functions.stream()
                .filter(f -> f.logicalId().equals("ExpiryFunction")).findFirst().orElseThrow();
        FunctionDefinitions.Definition slower = new FunctionDefinitions.Definition(expiry.logicalId(),
                expiry.functionName(), expiry.handler(), expiry.codeUri(), expiry.environment(), 120,
                expiry.memoryMb(), expiry.httpEvents(), expiry.sqsEvents(), expiry.scheduleEvents());
        assertThat(followUpDelayViolations(List.of(slower))).singleElement().asString().contains("ExpiryFunction");
    }

    static List<String> followUpDelayViolations(List<FunctionDefinitions.Definition> definitions) {
        List<String> violations = new java.util.ArrayList<>();
        for (FunctionDefinitions.Definition f : definitions) {
            java.time.Duration delay = java.time.Duration.ofSeconds(Long.parseLong(f.environment()
                    .getOrDefault(FollowUps.DELAY_VARIABLE, Long.toString(FollowUps.DEFAULT_DELAY.toSeconds()))));
            java.time.Duration needed = java.time.Duration.ofSeconds(f.timeoutSeconds()).plus(FollowUps.MARGIN);
            if (delay.compareTo(needed) < 0 || delay.compareTo(FollowUps.MAX_DELAY) > 0) {
                violations.add(f.logicalId() + ": follow-up delay " + delay.toSeconds() + " s, Timeout "
                        + f.timeoutSeconds() + " s (needs " + needed.toSeconds() + " s to "
                        + FollowUps.MAX_DELAY.toSeconds() + " s)");
            }
        }
        return violations;
    }

    @Test
    void everyReferenceResolves() {
        // plan() throws on any !Ref, !GetAtt or !Sub that names nothing; outputs must resolve too.
        template.outputs().values().stream().map(SamTemplate::map).filter(planned::exists)
                .forEach(o -> planned.intrinsics().resolve(o.get("Value")));
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
            // Shrunk by ProGuard (functions/proguard.pro); DeployedJarsIT runs what remains.
            assertThat(Files.size(jar)).as(jar.getFileName() + " bytes, at most 8 MB").isLessThanOrEqualTo(8_000_000);
            System.out.printf("jar %s: %.2f MB%n", jar.getFileName(), Files.size(jar) / 1e6);
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

    /** The JWT configuration the API ends up with in a stack planned with {@code parameters}. */
    private Map<String, Object> jwt(ProvisionedStack stack) {
        Map<String, Object> api = SamTemplate.map(template.resources().get("MentorshipApi"));
        Object auth = SamTemplate.map(SamTemplate.map(api.get("Properties")).get("Auth"));
        return SamTemplate.map(SamTemplate.map(SamTemplate.map(SamTemplate.map(stack.intrinsics().resolve(auth))
                .get("Authorizers")).get("UserPoolJwt")).get("JwtConfiguration"));
    }

    @Test
    void withoutAnIssuerTheStackCreatesItsOwnUserPoolAndAdminGroup() {
        ProvisionedStack own = ProvisionedStack.plan(template, "fresh", "eu-west-1", Map.of());
        assertThat(own.resources()).containsKeys("UserPool", "UserPoolClient", "AdminGroup");
        assertThat(SamTemplate.map(SamTemplate.map(template.resources().get("AdminGroup")).get("Properties"))
                .get("GroupName")).isEqualTo("admin");
        Map<String, Object> jwt = jwt(own);
        assertThat(jwt.get("issuer")).isEqualTo("https://cognito-idp.eu-west-1.amazonaws.com/"
                + own.resource("UserPool").ref());
        assertThat(SamTemplate.list(jwt.get("audience"))).containsExactly(own.resource("UserPoolClient").ref());

        // With an issuer given, no pool is created and the API trusts that issuer.
        assertThat(planned.resources()).doesNotContainKeys("UserPool", "UserPoolClient", "AdminGroup");
        assertThat(jwt(planned).get("issuer")).isEqualTo("https://issuer.example");
        assertThat(SamTemplate.list(jwt(planned).get("audience"))).containsExactly("client");
    }

    @Test
    void everyDeadLetterQueueFunctionAndTheApiHaveAnAlarmAndEveryFunctionKeepsLogsForAWhile() {
        Map<String, Map<String, Object>> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm");
        Set<String> watched = new HashSet<>();
        for (Map<String, Object> alarm : alarms.values()) {
            Map<String, Object> props = SamTemplate.map(alarm.get("Properties"));
            assertThat(SamTemplate.list(props.get("AlarmActions"))).as("alarm actions")
                    .containsExactly(Map.of("Ref", "AlarmTopic"));
            for (Object dimension : SamTemplate.list(props.get("Dimensions"))) {
                watched.add(props.get("MetricName") + " "
                        + planned.intrinsics().string(SamTemplate.map(dimension).get("Value")));
            }
        }
        for (String dlq : List.of("ProfileChangesDeadLetterQueue", "ListPatchesDeadLetterQueue",
                "DeliveryDeadLetterQueue", "CohortsDeadLetterQueue")) {
            assertThat(watched).contains("ApproximateNumberOfMessagesVisible "
                    + planned.resource(dlq).attributes().get("QueueName"));
        }
        assertThat(watched).contains("5xx " + planned.resource("MentorshipApi").ref());
        Map<String, Map<String, Object>> logGroups = template.resourcesOfType("AWS::Logs::LogGroup");
        Set<String> logged = new HashSet<>();
        for (Map<String, Object> group : logGroups.values()) {
            Map<String, Object> props = SamTemplate.map(group.get("Properties"));
            assertThat(props).containsKey("RetentionInDays");
            logged.add(String.valueOf(planned.intrinsics().resolve(props.get("LogGroupName"))));
        }
        for (FunctionDefinitions.Definition function : functions) {
            String name = planned.resource(function.logicalId()).ref();
            assertThat(watched).as(function.logicalId()).contains("Errors " + name, "Throttles " + name);
            assertThat(logged).contains("/aws/lambda/" + planned.resource(function.logicalId()).ref());
        }
        // Every queue consumer is capped, so a burst cannot run as many functions as SQS allows.
        for (Map.Entry<String, Map<String, Object>> fn : template.resourcesOfType("AWS::Serverless::Function")
                .entrySet()) {
            Map<String, Object> events = SamTemplate.map(SamTemplate.map(fn.getValue().get("Properties"))
                    .get("Events"));
            for (Object event : events.values()) {
                Map<String, Object> e = SamTemplate.map(event);
                if ("SQS".equals(e.get("Type"))) {
                    assertThat(SamTemplate.map(SamTemplate.map(e.get("Properties")).get("ScalingConfig")))
                            .as(fn.getKey() + " ScalingConfig").containsKey("MaximumConcurrency");
                }
            }
        }
    }

    @Test
    void cfnLintReportsNothing() throws Exception {
        Process probe;
        try {
            probe = new ProcessBuilder("cfn-lint", "--version").redirectErrorStream(true).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("cfn-lint is not installed here");
            return;
        }
        probe.getInputStream().readAllBytes();
        probe.waitFor();
        Process lint = new ProcessBuilder("cfn-lint", "template.yaml").directory(TestStack.projectRoot().toFile())
                .redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes());
        assertThat(lint.waitFor()).as(output).isZero();
        assertThat(output).isBlank();
    }

    /** A jar carries the SNS or SQS client exactly when its function may call that service (its policies). */
    @Test
    void everyJarCarriesOnlyTheClientsItsFunctionCalls() throws IOException {
        for (Map.Entry<String, Map<String, Object>> fn : template.resourcesOfType("AWS::Serverless::Function")
                .entrySet()) {
            String policies = String.valueOf(SamTemplate.map(fn.getValue().get("Properties")).get("Policies"));
            Path jar = TestStack.projectRoot().resolve(String.valueOf(SamTemplate.map(fn.getValue()
                    .get("Properties")).get("CodeUri")));
            try (JarFile file = new JarFile(jar.toFile())) {
                boolean sns = file.getEntry("software/amazon/awssdk/services/sns/SnsClient.class") != null;
                boolean sqs = file.getEntry("software/amazon/awssdk/services/sqs/SqsClient.class") != null;
                assertThat(sns).as(fn.getKey() + " carries the SNS client").isEqualTo(policies.contains("SNSPublish"));
                assertThat(sqs).as(fn.getKey() + " carries the SQS client").isEqualTo(policies.contains("SQSSend"));
            }
        }
    }
}
