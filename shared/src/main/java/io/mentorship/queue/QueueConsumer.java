package io.mentorship.queue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import io.mentorship.aws.InvocationMetrics;
import io.mentorship.aws.LogContext;
import io.mentorship.aws.PrimedHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SQS-triggered function that handles each message on its own and reports only the failures
 * ({@code ReportBatchItemFailures}), so one poison message is retried and dead-lettered without holding back the
 * rest of its batch. Handling must be idempotent: a message can arrive more than once.
 */
public abstract class QueueConsumer extends PrimedHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);
    private static final ThreadLocal<Context> CONTEXT = new ThreadLocal<>();
    private final AtomicBoolean cold = new AtomicBoolean(true);

    /**
     * Warms what handling a message needs without writing anything: by default Jackson on an SQS event; consumers
     * add reads of keys that cannot exist (their SDK clients) and their own code paths.
     */
    @Override
    protected void prime() {
        io.mentorship.json.Json.read(io.mentorship.json.Json.write(java.util.Map.of("type", "Priming",
                "userId", "snapstart-priming")), com.fasterxml.jackson.databind.JsonNode.class);
    }

    @Override
    public final SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        LogContext.begin(context, cold, getClass());
        CONTEXT.set(context);
        try {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            if (event.getRecords() != null) {
                handleBatch(event.getRecords()).forEach((id, e) -> {
                    LogContext.put(LogContext.MESSAGE_ID, id);
                    LOG.warn("message failed; SQS retries it, then parks it in the dead-letter queue", e);
                    InvocationMetrics.count("MessagesFailed");
                    failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build());
                });
            }
            return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
        } finally {
            CONTEXT.remove();
            LogContext.end();
        }
    }

    /** Milliseconds this invocation has left before Lambda stops it (unbounded outside an invocation). */
    protected static long remainingMillis() {
        Context context = CONTEXT.get();
        return context == null ? Long.MAX_VALUE : context.getRemainingTimeInMillis();
    }

    /**
     * Handles a batch; returns the messages that failed, by id. By default each message on its own; a consumer
     * may handle some together (then they fail together).
     */
    protected Map<String, RuntimeException> handleBatch(List<SQSEvent.SQSMessage> messages) {
        Map<String, RuntimeException> failed = new LinkedHashMap<>();
        for (SQSEvent.SQSMessage message : messages) {
            LogContext.put(LogContext.MESSAGE_ID, message.getMessageId());
            try {
                handle(message);
            } catch (RuntimeException e) {
                failed.put(message.getMessageId(), e);
            } finally {
                org.slf4j.MDC.remove(LogContext.MESSAGE_ID);
                org.slf4j.MDC.remove(LogContext.MESSAGE_TYPE);
                org.slf4j.MDC.remove(LogContext.EVENT_ID);
            }
        }
        return failed;
    }

    protected abstract void handle(SQSEvent.SQSMessage message);
}
