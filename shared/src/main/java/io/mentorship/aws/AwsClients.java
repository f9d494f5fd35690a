package io.mentorship.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the AWS clients every function uses: the light URL-connection HTTP client (no Apache, no Netty), sending
 * bodies whole rather than streamed ({@link BufferedBodies}), and the endpoint from {@code AWS_ENDPOINT_URL_<SERVICE>}
 * or {@code AWS_ENDPOINT_URL} when set, so the same code talks to AWS, to LocalStack or to the local emulators.
 */
public final class AwsClients {
    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb(LambdaEnvironment env) {
        return configure(DynamoDbClient.builder(), env, "DYNAMODB", new CapacityMeter()).build();
    }

    public static SqsClient sqs(LambdaEnvironment env) {
        return configure(SqsClient.builder(), env, "SQS").build();
    }

    public static SnsClient sns(LambdaEnvironment env) {
        return configure(SnsClient.builder(), env, "SNS").build();
    }

    public static Optional<URI> endpoint(LambdaEnvironment env, String service) {
        return env.find("AWS_ENDPOINT_URL_" + service).or(() -> env.find("AWS_ENDPOINT_URL")).map(URI::create);
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder, LambdaEnvironment env, String service, ExecutionInterceptor... interceptors) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        builder.overrideConfiguration(c -> {
            c.addExecutionInterceptor(new BufferedBodies());
            for (ExecutionInterceptor interceptor : interceptors) {
                c.addExecutionInterceptor(interceptor);
            }
        });
        endpoint(env, service).ifPresent(builder::endpointOverride);
        env.find("AWS_REGION").or(() -> env.find("AWS_DEFAULT_REGION")).map(Region::of).ifPresent(builder::region);
        return builder;
    }
}
