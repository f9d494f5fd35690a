package io.mentorship.aws;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Measures what DynamoDB work costs: asks every request for its consumed capacity and adds it up, with the items
 * read, for the computation running on the current thread ({@link #start()} ... {@link #stop()}).
 */
public final class CapacityMeter implements ExecutionInterceptor {
    private static final ThreadLocal<Reading> CURRENT = new ThreadLocal<>();
    private static final Reading TOTAL = new Reading();
    private static final ThreadLocal<long[]> THREAD_CALLS = ThreadLocal.withInitial(() -> new long[1]);

    /** DynamoDB work of one computation. */
    public static final class Reading {
        private double readUnits;
        private double writeUnits;
        private long itemsRead;
        private long calls;

        public double readUnits() {
            return readUnits;
        }

        public double writeUnits() {
            return writeUnits;
        }

        public long itemsRead() {
            return itemsRead;
        }

        public long calls() {
            return calls;
        }

        @Override
        public String toString() {
            return String.format("%.1f RCU, %.1f WCU, %d items read, %d calls", readUnits, writeUnits, itemsRead,
                    calls);
        }
    }

    public static void start() {
        CURRENT.set(new Reading());
    }

    public static Reading stop() {
        Reading reading = CURRENT.get();
        CURRENT.remove();
        return reading == null ? new Reading() : reading;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        return switch (request) {
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case ScanRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case BatchGetItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .build();
            default -> request;
        };
    }

    /**
     * Everything every thread of this process consumed since the last {@link #resetProcessTotal()}: what a whole
     * chain of functions costs when they run in one process (the local runtime, the benchmark).
     */
    public static Reading processTotal() {
        synchronized (TOTAL) {
            Reading copy = new Reading();
            copy.readUnits = TOTAL.readUnits;
            copy.writeUnits = TOTAL.writeUnits;
            copy.itemsRead = TOTAL.itemsRead;
            copy.calls = TOTAL.calls;
            return copy;
        }
    }

    /** DynamoDB calls this thread has made so far: the difference across some work is what that work called. */
    public static long threadCalls() {
        return THREAD_CALLS.get()[0];
    }

    public static void resetProcessTotal() {
        synchronized (TOTAL) {
            TOTAL.readUnits = 0;
            TOTAL.writeUnits = 0;
            TOTAL.itemsRead = 0;
            TOTAL.calls = 0;
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        synchronized (TOTAL) {
            count(TOTAL, context.response());
        }
        THREAD_CALLS.get()[0]++;
        Reading reading = CURRENT.get();
        if (reading != null) {
            count(reading, context.response());
        }
    }

    private static void count(Reading reading, SdkResponse response) {
        reading.calls++;
        switch (response) {
            case GetItemResponse r -> {
                read(reading, r.consumedCapacity());
                reading.itemsRead += r.hasItem() && !r.item().isEmpty() ? 1 : 0;
            }
            case QueryResponse r -> {
                read(reading, r.consumedCapacity());
                reading.itemsRead += r.scannedCount() == null ? r.count() : r.scannedCount();
            }
            case ScanResponse r -> {
                read(reading, r.consumedCapacity());
                reading.itemsRead += r.scannedCount() == null ? r.count() : r.scannedCount();
            }
            case BatchGetItemResponse r -> {
                if (r.hasConsumedCapacity()) {
                    r.consumedCapacity().forEach(c -> read(reading, c));
                }
                r.responses().values().forEach(items -> reading.itemsRead += items.size());
            }
            case PutItemResponse r -> write(reading, r.consumedCapacity());
            case UpdateItemResponse r -> write(reading, r.consumedCapacity());
            case DeleteItemResponse r -> write(reading, r.consumedCapacity());
            case BatchWriteItemResponse r -> {
                if (r.hasConsumedCapacity()) {
                    r.consumedCapacity().forEach(c -> write(reading, c));
                }
            }
            default -> {
            }
        }
    }

    private static void read(Reading reading, ConsumedCapacity capacity) {
        if (capacity != null && capacity.capacityUnits() != null) {
            reading.readUnits += capacity.capacityUnits();
        }
    }

    private static void write(Reading reading, ConsumedCapacity capacity) {
        if (capacity != null && capacity.capacityUnits() != null) {
            reading.writeUnits += capacity.capacityUnits();
        }
    }
}
