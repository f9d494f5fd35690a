package io.mentorship.local.testing;

import io.mentorship.store.TableLayout;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The real DynamoDB client, with a test's hooks around each call the repositories make: to count what is read and
 * written, to stop part way (a crash), or to run a step between a read and what follows it (a race). The narrow
 * edge where a test cannot provoke a failure or an interleaving otherwise; the calls themselves go to the emulator.
 */
public final class ObservedDynamo implements DynamoDbClient {
    /** Hooks; a hook that throws stops the call (before) or the caller (after). */
    public interface Observer {
        default void before(DynamoDbRequest request) {
        }

        default void after(DynamoDbRequest request) {
        }
    }

    /**
     * Runs the step {@code step} holds (once; it is taken) right after a query of a partition whose key starts
     * with {@code partitionPrefix}: the caller goes on with the reply read before the step.
     */
    public static Observer stepAfterQuery(String partitionPrefix, AtomicReference<Runnable> step) {
        return stepAfter(request -> {
            AttributeValue pk = request instanceof QueryRequest query
                    ? query.expressionAttributeValues().get(":pk") : null;
            return pk != null && pk.s().startsWith(partitionPrefix);
        }, step);
    }

    /**
     * Runs the step {@code step} holds (once; it is taken) right after a batched read that asks for an item with
     * the sort key {@code sortKey}: the caller goes on with the reply read before the step.
     */
    public static Observer stepAfterBatchGet(String sortKey, AtomicReference<Runnable> step) {
        return stepAfter(request -> request instanceof BatchGetItemRequest get && get.requestItems().values().stream()
                .flatMap(keys -> keys.keys().stream())
                .anyMatch(key -> key.containsKey(TableLayout.SK) && sortKey.equals(key.get(TableLayout.SK).s())), step);
    }

    /**
     * Runs the step {@code step} holds (once; it is taken) right before a put of an item with the sort key
     * {@code sortKey}: the put follows the step.
     */
    public static Observer stepBeforePut(String sortKey, AtomicReference<Runnable> step) {
        return stepBefore(request -> request instanceof PutItemRequest put
                && put.item().containsKey(TableLayout.SK) && sortKey.equals(put.item().get(TableLayout.SK).s()), step);
    }

    /** Runs the step {@code step} holds (once; it is taken) right before the first request that {@code matches}. */
    public static Observer stepBefore(java.util.function.Predicate<DynamoDbRequest> matches,
                                      AtomicReference<Runnable> step) {
        return new Observer() {
            @Override
            public void before(DynamoDbRequest request) {
                runOnce(matches, request, step);
            }
        };
    }

    private static Observer stepAfter(java.util.function.Predicate<DynamoDbRequest> matches,
                                      AtomicReference<Runnable> step) {
        return new Observer() {
            @Override
            public void after(DynamoDbRequest request) {
                runOnce(matches, request, step);
            }
        };
    }

    private static void runOnce(java.util.function.Predicate<DynamoDbRequest> matches, DynamoDbRequest request,
                                AtomicReference<Runnable> step) {
        if (matches.test(request)) {
            Runnable next = step.getAndSet(null);
            if (next != null) {
                next.run();
            }
        }
    }

    private final DynamoDbClient real;
    private final Observer observer;

    public ObservedDynamo(DynamoDbClient real, Observer observer) {
        this.real = real;
        this.observer = observer;
    }

    /** Whether a request writes. */
    public static boolean writes(DynamoDbRequest request) {
        return request instanceof PutItemRequest || request instanceof UpdateItemRequest
                || request instanceof DeleteItemRequest || request instanceof BatchWriteItemRequest;
    }

    private <Q extends DynamoDbRequest, R> R observed(Q request, Function<Q, R> call) {
        observer.before(request);
        R response = call.apply(request);
        observer.after(request);
        return response;
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return observed(request, real::query);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return observed(request, real::getItem);
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        return observed(request, real::batchGetItem);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return observed(request, real::putItem);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return observed(request, real::updateItem);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return observed(request, real::deleteItem);
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        return observed(request, real::batchWriteItem);
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {
    }
}
