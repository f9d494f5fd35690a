package io.mentorship.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Every AWS client sends whole bodies with the length the JDK counts, never in streaming mode. */
class BufferedBodiesTest {
    private record Received(Map<String, List<String>> headers, byte[] body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void listen() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), in.readAllBytes()));
            }
            byte[] reply = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void everyClientBuffersBodiesAndDynamoDbIsStillMetered() {
        LambdaEnvironment env = environment();
        for (SdkClient client : List.of(AwsClients.dynamoDb(env), AwsClients.sqs(env), AwsClients.sns(env))) {
            try (client) {
                List<ExecutionInterceptor> interceptors =
                        client.serviceClientConfiguration().overrideConfiguration().executionInterceptors();
                assertThat(interceptors).as(client.serviceName()).hasAtLeastOneElementOfType(BufferedBodies.class);
                if (client instanceof DynamoDbClient) {
                    assertThat(interceptors).hasAtLeastOneElementOfType(CapacityMeter.class);
                }
            }
        }
    }

    @Test
    void requestsOnAReusedConnectionCarryTheirWholeBodyAndItsLength() {
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(environment())) {
            for (int i = 0; i < 3; i++) {
                String text = "x".repeat(1000 * (i + 1));
                dynamo.putItem(r -> r.tableName("table").item(Map.of("pk", AttributeValue.fromS(text))));
            }
        }
        assertThat(received).hasSize(3);
        for (int i = 0; i < 3; i++) {
            Received request = received.get(i);
            assertThat(request.headers().get("Content-length"))
                    .containsExactly(Integer.toString(request.body().length));
            assertThat(request.headers()).doesNotContainKey("Transfer-encoding");
            assertThat(new String(request.body(), StandardCharsets.UTF_8)).contains("x".repeat(1000 * (i + 1)));
        }
    }

    private LambdaEnvironment environment() {
        if (System.getProperty("aws.accessKeyId") == null && System.getenv("AWS_ACCESS_KEY_ID") == null) {
            System.setProperty("aws.accessKeyId", "test");
            System.setProperty("aws.secretAccessKey", "test");
        }
        return LambdaEnvironment.of(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + server.getAddress().getPort(),
                "AWS_REGION", "us-east-1"));
    }
}
