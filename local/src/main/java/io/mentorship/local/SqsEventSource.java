package io.mentorship.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What Lambda's SQS event source mapping does, locally: long-poll the queue, invoke the function with batches of
 * up to {@code BatchSize}, delete what succeeded. With {@code ReportBatchItemFailures} only the reported messages
 * stay; without it a failed invocation leaves the whole batch. What stays becomes visible again, is received again,
 * and after the queue's {@code maxReceiveCount} the queue's redrive policy moves it to the dead-letter queue.
 *
 * <p>Like Lambda, it runs several invocations at once, up to the event's {@code MaximumConcurrency}; locally at
 * most {@link #localConcurrency(int)}, which keeps this machine's cores busy while each invocation waits on the
 * emulators.
 */
public final class SqsEventSource implements AutoCloseable {
    private final SqsClient sqs;
    private final LocalFunction function;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final Batching batching;
    private final boolean reportBatchItemFailures;
    private final Duration retryDelay;
    private final List<Thread> pollers = new ArrayList<>();
    private final AtomicLong invocations = new AtomicLong();
    private volatile boolean running = true;

    /**
     * @param retryDelay when set, a failed message becomes visible again after this delay instead of the queue's
     *                   visibility timeout (a local speed-up for tests; receive counts and redrive are unchanged)
     */
    public SqsEventSource(SqsClient sqs, LocalFunction function, String queueUrl, String queueArn, String region,
                          Batching batching, boolean reportBatchItemFailures, Duration retryDelay, int concurrency) {
        this.sqs = sqs;
        this.function = function;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.batching = batching;
        this.reportBatchItemFailures = reportBatchItemFailures;
        this.retryDelay = retryDelay;
        for (int i = 0; i < Math.max(1, concurrency); i++) {
            pollers.add(Thread.ofVirtual().name("sqs-" + function.logicalId() + "-" + i).start(this::poll));
        }
    }

    /**
     * Invocations at once for an event whose {@code MaximumConcurrency} is {@code maximum} (0: none set): two per
     * core of this machine, or the system property {@code local.queueConcurrency}, never above the maximum.
     */
    public static int localConcurrency(int maximum) {
        int local = Integer.getInteger("local.queueConcurrency", 2 * Runtime.getRuntime().availableProcessors());
        return Math.max(1, maximum > 0 ? Math.min(maximum, local) : local);
    }

    public long invocations() {
        return invocations.get();
    }

    @Override
    public void close() {
        running = false;
        pollers.forEach(Thread::interrupt);
        for (Thread poller : pollers) {
            try {
                poller.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * How the mapping gathers a batch: up to {@code size} messages ({@code BatchSize}); past SQS's ten a receive,
     * for at most {@code window} ({@code MaximumBatchingWindowInSeconds}) after the first, as Lambda does. Lambda
     * also stops at 6 MB of payload.
     */
    public record Batching(int size, Duration window) {
        static final int PAYLOAD_LIMIT = 6 * 1024 * 1024;
    }

    private void poll() {
        while (running) {
            try {
                List<Message> messages = new ArrayList<>(receive(1, batching.size()));
                long deadline = System.nanoTime() + batching.window().toNanos();
                int bytes = messages.stream().mapToInt(m -> m.body().length()).sum();
                while (!messages.isEmpty() && messages.size() < batching.size() && System.nanoTime() < deadline
                        && bytes < Batching.PAYLOAD_LIMIT / 2) {
                    List<Message> more = receive(0, batching.size() - messages.size());
                    if (more.isEmpty()) {
                        sleep(Duration.ofMillis(20));
                    }
                    messages.addAll(more);
                    bytes += more.stream().mapToInt(m -> m.body().length()).sum();
                }
                if (!messages.isEmpty()) {
                    deliver(messages);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                System.err.println("[" + function.logicalId() + "] polling " + queueUrl + " failed: " + e);
                sleep(Duration.ofMillis(500));
            }
        }
    }

    private List<Message> receive(int waitSeconds, int atMost) {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                .maxNumberOfMessages(Math.max(1, Math.min(10, atMost)))
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    private void deliver(List<Message> messages) {
        invocations.incrementAndGet();
        Set<String> failed = new HashSet<>();
        try {
            Object result = function.invoke(event(messages));
            if (reportBatchItemFailures && result instanceof SQSBatchResponse response
                    && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
        } catch (RuntimeException e) {
            System.err.println("[" + function.logicalId() + "] invocation failed: " + e);
            messages.forEach(m -> failed.add(m.messageId()));
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message m : messages) {
            if (!failed.contains(m.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(m.messageId())
                        .receiptHandle(m.receiptHandle()).build());
            } else if (retryDelay != null) {
                sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle())
                        .visibilityTimeout((int) retryDelay.toSeconds()));
            }
        }
        for (int from = 0; from < done.size(); from += 10) {
            List<DeleteMessageBatchRequestEntry> ten = done.subList(from, Math.min(done.size(), from + 10));
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(ten));
        }
    }

    private SQSEvent event(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setMd5OfBody(m.md5OfBody());
            record.setMd5OfMessageAttributes(m.md5OfMessageAttributes());
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion(region);
            Map<String, String> attributes = new HashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
            m.messageAttributes().forEach((k, v) -> messageAttributes.put(k, attribute(v)));
            record.setMessageAttributes(messageAttributes);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static SQSEvent.MessageAttribute attribute(MessageAttributeValue value) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType(value.dataType());
        attribute.setStringValue(value.stringValue());
        if (value.binaryValue() != null) {
            attribute.setBinaryValue(value.binaryValue().asByteBuffer());
        }
        return attribute;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
