package io.mentorship.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The template's {@code AWS::Serverless::Function}s with {@code Globals} applied and every intrinsic resolved. */
public final class FunctionDefinitions {
    public record HttpEvent(String method, String path, boolean authorized) {
    }

    /**
     * {@code maximumConcurrency}: the event's {@code ScalingConfig.MaximumConcurrency}, 0 when it sets none;
     * {@code batchingWindowSeconds}: its {@code MaximumBatchingWindowInSeconds}, 0 when it sets none.
     */
    public record SqsEvent(String queueArn, int batchSize, boolean reportBatchItemFailures, int maximumConcurrency,
                           int batchingWindowSeconds) {
    }

    public record ScheduleEvent(String name, String schedule) {
    }

    public record Definition(String logicalId, String functionName, String handler, String codeUri,
                             Map<String, String> environment, int timeoutSeconds, int memoryMb,
                             List<HttpEvent> httpEvents, List<SqsEvent> sqsEvents,
                             List<ScheduleEvent> scheduleEvents) {
    }

    private final ProvisionedStack stack;

    public FunctionDefinitions(ProvisionedStack stack) {
        this.stack = stack;
    }

    public List<Definition> all() {
        SamTemplate template = stack.template();
        Map<String, Object> globals = template.globals("Function");
        Map<String, Object> apiGlobals = template.globals("HttpApi");
        List<Definition> out = new ArrayList<>();
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, resource) -> {
            Map<String, Object> props = SamTemplate.map(resource.get("Properties"));
            Map<String, String> environment = new LinkedHashMap<>();
            variables(globals).forEach((k, v) -> environment.put(k, stack.intrinsics().string(v)));
            variables(props).forEach((k, v) -> environment.put(k, stack.intrinsics().string(v)));
            List<HttpEvent> http = new ArrayList<>();
            List<SqsEvent> sqs = new ArrayList<>();
            List<ScheduleEvent> schedules = new ArrayList<>();
            SamTemplate.map(props.get("Events")).forEach((name, value) -> {
                Map<String, Object> event = SamTemplate.map(value);
                Map<String, Object> ep = SamTemplate.map(stack.intrinsics().resolve(event.get("Properties")));
                switch (String.valueOf(event.get("Type"))) {
                    case "HttpApi" -> http.add(new HttpEvent(
                            String.valueOf(ep.getOrDefault("Method", "ANY")).toUpperCase(Locale.ROOT),
                            String.valueOf(ep.get("Path")),
                            authorized(ep, apiFor(event), apiGlobals)));
                    case "SQS" -> sqs.add(new SqsEvent(String.valueOf(ep.get("Queue")),
                            Integer.parseInt(String.valueOf(ep.getOrDefault("BatchSize", 10))),
                            SamTemplate.list(ep.get("FunctionResponseTypes")).contains("ReportBatchItemFailures"),
                            Integer.parseInt(String.valueOf(SamTemplate.map(ep.get("ScalingConfig"))
                                    .getOrDefault("MaximumConcurrency", 0))),
                            Integer.parseInt(String.valueOf(ep.getOrDefault("MaximumBatchingWindowInSeconds", 0)))));
                    case "Schedule", "ScheduleV2" -> schedules.add(new ScheduleEvent(name,
                            String.valueOf(ep.getOrDefault("Schedule", ep.get("ScheduleExpression")))));
                    default -> {
                    }
                }
            });
            out.add(new Definition(id, stack.resource(id).ref(),
                    String.valueOf(props.getOrDefault("Handler", globals.get("Handler"))),
                    String.valueOf(props.getOrDefault("CodeUri", globals.get("CodeUri"))),
                    environment,
                    Integer.parseInt(String.valueOf(props.getOrDefault("Timeout", globals.getOrDefault("Timeout", 3)))),
                    Integer.parseInt(String.valueOf(props.getOrDefault("MemorySize",
                            globals.getOrDefault("MemorySize", 128)))),
                    http, sqs, schedules));
        });
        return out;
    }

    private static Map<String, Object> variables(Map<String, Object> props) {
        return SamTemplate.map(SamTemplate.map(props.get("Environment")).get("Variables"));
    }

    private Map<String, Object> apiFor(Map<String, Object> event) {
        Object apiRef = SamTemplate.map(event.get("Properties")).get("ApiId");
        String apiId = apiRef instanceof Map<?, ?> m ? String.valueOf(m.get("Ref")) : null;
        if (apiId == null) {
            return Map.of();
        }
        return SamTemplate.map(SamTemplate.map(stack.template().resources().get(apiId)).get("Properties"));
    }

    /** A route is authorized unless it says {@code Auth: {Authorizer: NONE}} or its API has no default one. */
    private static boolean authorized(Map<String, Object> eventProps, Map<String, Object> api,
                                      Map<String, Object> apiGlobals) {
        Object authorizer = SamTemplate.map(eventProps.get("Auth")).get("Authorizer");
        if (authorizer != null) {
            return !"NONE".equals(String.valueOf(authorizer));
        }
        Object defaultAuthorizer = SamTemplate.map(api.get("Auth")).get("DefaultAuthorizer");
        if (defaultAuthorizer == null) {
            defaultAuthorizer = SamTemplate.map(apiGlobals.get("Auth")).get("DefaultAuthorizer");
        }
        return defaultAuthorizer != null;
    }
}
