package io.mentorship.local;

import io.mentorship.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The resources of a SAM template created on the local emulators (or on any AWS-compatible endpoint): tables with
 * their keys and indexes, queues with their redrive policies, topics and subscriptions. Creation is idempotent, so a
 * restart reuses what exists. It answers {@code Ref} and {@code Fn::GetAtt} the way CloudFormation would.
 */
public final class ProvisionedStack implements Intrinsics.Lookup {
    public static final String ACCOUNT_ID = "000000000000";

    /** What CloudFormation returns for a resource: its {@code Ref} value and its attributes. */
    public record Physical(String type, String ref, Map<String, String> attributes) {
    }

    private final SamTemplate template;
    private final String stackName;
    private final String region;
    private final Map<String, String> parameters = new HashMap<>();
    private final Map<String, Physical> resources = new LinkedHashMap<>();
    private final Intrinsics intrinsics = new Intrinsics(this);

    private ProvisionedStack(SamTemplate template, String stackName, String region, Map<String, String> overrides) {
        this.template = template;
        this.stackName = stackName;
        this.region = region;
        template.parameters().forEach((name, definition) -> {
            Object value = overrides.containsKey(name) ? overrides.get(name)
                    : SamTemplate.map(definition).get("Default");
            if (value != null) {
                parameters.put(name, String.valueOf(value));
            }
        });
    }

    /** Resolves the template's names and references without creating anything (for checks and tests). */
    public static ProvisionedStack plan(SamTemplate template, String stackName, String region,
                                  Map<String, String> parameterOverrides) {
        ProvisionedStack stack = new ProvisionedStack(template, stackName, region, parameterOverrides);
        stack.createAll(null, null, null);
        return stack;
    }

    public static ProvisionedStack provision(SamTemplate template, String stackName, String region,
                                       Map<String, String> parameterOverrides,
                                       DynamoDbClient dynamo, SqsClient sqs, SnsClient sns) {
        ProvisionedStack stack = new ProvisionedStack(template, stackName, region, parameterOverrides);
        stack.createAll(dynamo, sqs, sns);
        return stack;
    }

    public SamTemplate template() {
        return template;
    }

    public String stackName() {
        return stackName;
    }

    public Intrinsics intrinsics() {
        return intrinsics;
    }

    public Map<String, Physical> resources() {
        return resources;
    }

    public Physical resource(String logicalId) {
        Physical physical = resources.get(logicalId);
        if (physical == null) {
            throw new IllegalArgumentException("no resource " + logicalId + " in the stack");
        }
        return physical;
    }

    @Override
    public Optional<String> ref(String name) {
        return switch (name) {
            case "AWS::StackName" -> Optional.of(stackName);
            case "AWS::Region" -> Optional.of(region);
            case "AWS::AccountId" -> Optional.of(ACCOUNT_ID);
            case "AWS::Partition" -> Optional.of("aws");
            case "AWS::URLSuffix" -> Optional.of("amazonaws.com");
            case "AWS::StackId" -> Optional.of(arn("cloudformation", "stack/" + stackName + "/local"));
            default -> parameters.containsKey(name) ? Optional.of(parameters.get(name))
                    : Optional.ofNullable(resources.get(name)).map(Physical::ref);
        };
    }

    @Override
    public Optional<Boolean> condition(String name) {
        Object expression = template.conditions().get(name);
        return expression == null ? Optional.empty()
                : Optional.of(Boolean.TRUE.equals(intrinsics.resolve(expression)));
    }

    /** Whether a resource or output exists in this stack: it names no condition, or its condition holds. */
    public boolean exists(Map<String, Object> definition) {
        Object condition = definition.get("Condition");
        return condition == null || intrinsics.condition(String.valueOf(condition));
    }

    @Override
    public Optional<String> attribute(String logicalId, String attribute) {
        return Optional.ofNullable(resources.get(logicalId)).map(p -> p.attributes().get(attribute));
    }

    /** Creates resources in dependency order: a resource waits until everything it references exists. */
    private void createAll(DynamoDbClient dynamo, SqsClient sqs, SnsClient sns) {
        Map<String, Map<String, Object>> pending = new LinkedHashMap<>();
        template.resources().forEach((id, definition) -> {
            if (exists(SamTemplate.map(definition))) {
                pending.put(id, SamTemplate.map(definition));
            }
        });
        while (!pending.isEmpty()) {
            List<String> unresolved = new ArrayList<>();
            boolean progress = false;
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                try {
                    resources.put(entry.getKey(), create(entry.getKey(), entry.getValue(), dynamo, sqs, sns));
                    it.remove();
                    progress = true;
                } catch (Intrinsics.UnresolvedReference e) {
                    unresolved.add(entry.getKey() + ": " + e.getMessage());
                }
            }
            if (!progress) {
                throw new IllegalStateException("unresolvable references in the template: " + unresolved);
            }
        }
    }

    private Physical create(String id, Map<String, Object> definition, DynamoDbClient dynamo, SqsClient sqs,
                            SnsClient sns) {
        String type = String.valueOf(definition.get("Type"));
        Map<String, Object> props = SamTemplate.map(intrinsics.resolve(definition.get("Properties")));
        return switch (type) {
            case "AWS::DynamoDB::Table" -> table(id, props, dynamo);
            case "AWS::SQS::Queue" -> queue(id, props, sqs);
            case "AWS::SNS::Topic" -> topic(id, props, sns);
            case "AWS::SNS::Subscription" -> subscription(props, sns);
            case "AWS::Serverless::Function" -> {
                String name = nameOr(props.get("FunctionName"), id);
                resolveEvents(definition);
                yield new Physical(type, name, Map.of("Arn", arn("lambda", "function:" + name)));
            }
            case "AWS::Serverless::HttpApi" -> new Physical(type, "local",
                    Map.of("ApiEndpoint", "http://127.0.0.1"));
            default -> new Physical(type, physicalName(id), Map.of("Arn", arn("local", id)));
        };
    }

    /** Function events reference queues and APIs: they must resolve too, so the function waits for them. */
    private void resolveEvents(Map<String, Object> definition) {
        Map<String, Object> props = SamTemplate.map(definition.get("Properties"));
        intrinsics.resolve(props.get("Events"));
        intrinsics.resolve(props.get("Environment"));
        intrinsics.resolve(props.get("Policies"));
    }

    private Physical table(String id, Map<String, Object> props, DynamoDbClient dynamo) {
        String name = nameOr(props.get("TableName"), id);
        if (dynamo != null) {
            CreateTableRequest.Builder request = CreateTableRequest.builder()
                    .tableName(name)
                    .keySchema(keySchema(props.get("KeySchema")))
                    .attributeDefinitions(SamTemplate.list(props.get("AttributeDefinitions")).stream()
                            .map(SamTemplate::map)
                            .map(a -> AttributeDefinition.builder()
                                    .attributeName(String.valueOf(a.get("AttributeName")))
                                    .attributeType(String.valueOf(a.get("AttributeType"))).build())
                            .toList());
            boolean onDemand = "PAY_PER_REQUEST".equals(props.get("BillingMode"));
            ProvisionedThroughput throughput = ProvisionedThroughput.builder()
                    .readCapacityUnits(5L).writeCapacityUnits(5L).build();
            request.billingMode(onDemand ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED);
            if (!onDemand) {
                request.provisionedThroughput(throughput);
            }
            List<GlobalSecondaryIndex> indexes = SamTemplate.list(props.get("GlobalSecondaryIndexes")).stream()
                    .map(SamTemplate::map)
                    .map(gsi -> {
                        Map<String, Object> projection = SamTemplate.map(gsi.get("Projection"));
                        List<String> nonKey = SamTemplate.list(projection.get("NonKeyAttributes")).stream()
                                .map(String::valueOf).toList();
                        GlobalSecondaryIndex.Builder index = GlobalSecondaryIndex.builder()
                                .indexName(String.valueOf(gsi.get("IndexName")))
                                .keySchema(keySchema(gsi.get("KeySchema")))
                                .projection(Projection.builder()
                                        .projectionType(String.valueOf(projection.getOrDefault("ProjectionType",
                                                "ALL")))
                                        .nonKeyAttributes(nonKey.isEmpty() ? null : nonKey)
                                        .build());
                        if (!onDemand) {
                            index.provisionedThroughput(throughput);
                        }
                        return index.build();
                    })
                    .toList();
            if (!indexes.isEmpty()) {
                request.globalSecondaryIndexes(indexes);
            }
            try {
                dynamo.createTable(request.build());
            } catch (ResourceInUseException e) {
                // Created by an earlier run: keep its data.
            }
            awaitActive(dynamo, name);
        }
        return new Physical("AWS::DynamoDB::Table", name, Map.of("Arn", arn("dynamodb", "table/" + name),
                "StreamArn", arn("dynamodb", "table/" + name + "/stream/local")));
    }

    private static void awaitActive(DynamoDbClient dynamo, String name) {
        for (int attempt = 0; attempt < 600; attempt++) {
            TableStatus status = dynamo.describeTable(r -> r.tableName(name)).table().tableStatus();
            if (status == TableStatus.ACTIVE) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating " + name, e);
            }
        }
        throw new IllegalStateException("table " + name + " did not become ACTIVE");
    }

    private static List<KeySchemaElement> keySchema(Object value) {
        return SamTemplate.list(value).stream().map(SamTemplate::map)
                .map(k -> KeySchemaElement.builder()
                        .attributeName(String.valueOf(k.get("AttributeName")))
                        .keyType(String.valueOf(k.get("KeyType"))).build())
                .toList();
    }

    private Physical queue(String id, Map<String, Object> props, SqsClient sqs) {
        boolean fifo = Boolean.parseBoolean(String.valueOf(props.get("FifoQueue")));
        String name = nameOr(props.get("QueueName"), id + (fifo ? ".fifo" : ""));
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        props.forEach((key, value) -> {
            if (key.equals("QueueName") || key.equals("Tags")) {
                return;
            }
            QueueAttributeName attribute = QueueAttributeName.fromValue(key);
            if (attribute == QueueAttributeName.UNKNOWN_TO_SDK_VERSION) {
                return;
            }
            attributes.put(attribute, value instanceof Map<?, ?> || value instanceof List<?>
                    ? Json.write(value) : String.valueOf(value));
        });
        String url;
        String arn;
        if (sqs != null) {
            url = sqs.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
            if (!attributes.isEmpty()) {
                Map<QueueAttributeName, String> mutable = new HashMap<>(attributes);
                mutable.remove(QueueAttributeName.FIFO_QUEUE);
                sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(mutable));
            }
            arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
        } else {
            url = "http://localhost/" + ACCOUNT_ID + "/" + name;
            arn = arn("sqs", name);
        }
        return new Physical("AWS::SQS::Queue", url, Map.of("Arn", arn, "QueueName", name, "QueueUrl", url));
    }

    private Physical topic(String id, Map<String, Object> props, SnsClient sns) {
        boolean fifo = Boolean.parseBoolean(String.valueOf(props.get("FifoTopic")));
        String name = nameOr(props.get("TopicName"), id + (fifo ? ".fifo" : ""));
        String arn;
        if (sns != null) {
            Map<String, String> attributes = new HashMap<>();
            if (fifo) {
                attributes.put("FifoTopic", "true");
            }
            arn = sns.createTopic(r -> r.name(name).attributes(attributes)).topicArn();
            for (Object subscription : SamTemplate.list(props.get("Subscription"))) {
                Map<String, Object> s = SamTemplate.map(subscription);
                String topicArn = arn;
                sns.subscribe(r -> r.topicArn(topicArn).protocol(String.valueOf(s.get("Protocol")))
                        .endpoint(String.valueOf(s.get("Endpoint"))));
            }
        } else {
            arn = "arn:aws:sns:" + region + ":" + ACCOUNT_ID + ":" + name;
        }
        return new Physical("AWS::SNS::Topic", arn, Map.of("TopicArn", arn, "TopicName", name));
    }

    private Physical subscription(Map<String, Object> props, SnsClient sns) {
        String topicArn = String.valueOf(props.get("TopicArn"));
        String protocol = String.valueOf(props.get("Protocol"));
        String endpoint = String.valueOf(props.get("Endpoint"));
        String arn = topicArn + ":local-subscription";
        if (sns != null) {
            Map<String, String> attributes = new HashMap<>();
            for (String key : List.of("RawMessageDelivery", "FilterPolicy", "FilterPolicyScope", "RedrivePolicy")) {
                Object value = props.get(key);
                if (value != null) {
                    attributes.put(key, value instanceof Map<?, ?> ? Json.write(value) : String.valueOf(value));
                }
            }
            arn = sns.subscribe(r -> r.topicArn(topicArn).protocol(protocol).endpoint(endpoint)
                    .attributes(attributes).returnSubscriptionArn(true)).subscriptionArn();
        }
        return new Physical("AWS::SNS::Subscription", arn, Map.of());
    }

    private String nameOr(Object explicit, String logicalId) {
        return explicit != null ? String.valueOf(explicit) : physicalName(logicalId);
    }

    private String physicalName(String logicalId) {
        return stackName + "-" + logicalId;
    }

    private String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + ACCOUNT_ID + ":" + resource;
    }
}
