package io.mentorship.queue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An SQS-triggered function that handles each message on its own and reports only the failures
 * ({@code ReportBatchItemFailures}), so one poison message is retried and dead-lettered without holding back the
 * rest of its batch. Handling must be idempotent: a message can arrive more than once.
 */
public abstract class QueueConsumer implements RequestHandler<SQSEvent, SQSBatchResponse> {

    @Override
    public final SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        if (event.getRecords() != null) {
            handleBatch(event.getRecords()).forEach((id, e) -> {
                log(context, "message " + id + " failed and will be retried: " + e);
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build());
            });
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /**
     * Handles a batch; returns the messages that failed, by id. By default each message on its own; a consumer
     * may handle some together (then they fail together).
     */
    protected Map<String, RuntimeException> handleBatch(List<SQSEvent.SQSMessage> messages) {
        Map<String, RuntimeException> failed = new LinkedHashMap<>();
        for (SQSEvent.SQSMessage message : messages) {
            try {
                handle(message);
            } catch (RuntimeException e) {
                failed.put(message.getMessageId(), e);
            }
        }
        return failed;
    }

    protected abstract void handle(SQSEvent.SQSMessage message);

    private static void log(Context context, String line) {
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(line);
        } else {
            System.err.println(line);
        }
    }
}
