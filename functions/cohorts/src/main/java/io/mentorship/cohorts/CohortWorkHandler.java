package io.mentorship.cohorts;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.aws.AwsClients;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.events.EventPublisher;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.json.Json;
import io.mentorship.queue.QueueConsumer;
import java.time.Clock;

/**
 * Runs cohort work from the cohort queue: assignments and publications. A failure is retried by SQS; on the
 * last try before the dead-letter queue the run is marked failed, so that admins see it and can start another.
 */
public final class CohortWorkHandler extends QueueConsumer {
    /** The queue's maxReceiveCount in the template. */
    static final int LAST_TRY = 3;

    private final CohortService service;

    public CohortWorkHandler() {
        this(LambdaEnvironment.current());
    }

    private CohortWorkHandler(LambdaEnvironment env) {
        this(CohortService.create(AwsClients.dynamoDb(env), env.require("TABLE_NAME"),
                EventPublisher.fromEnvironment(env), ProfileChangePublisher.fromEnvironment(env),
                CohortWork.fromEnvironment(env), Clock.systemUTC()));
    }

    public CohortWorkHandler(CohortService service) {
        this.service = service;
    }

    /** For SnapStart: reads a cohort that cannot exist and solves a made-up two-member cohort; writes nothing. */
    @Override
    protected void prime() {
        super.prime();
        service.prime();
    }

    @Override
    protected void handle(SQSEvent.SQSMessage message) {
        JsonNode body = Json.read(message.getBody(), JsonNode.class);
        String type = body.path("type").asText();
        String cohortId = body.path("cohortId").asText(null);
        String runId = body.path("runId").asText(null);
        if (cohortId == null || runId == null) {
            throw new IllegalArgumentException("cohort work without cohortId or runId");
        }
        try {
            switch (type) {
                case CohortWork.Assign.TYPE -> service.runAssignment(cohortId, runId);
                case CohortWork.Publish.TYPE -> service.runPublication(cohortId, runId);
                default -> throw new IllegalArgumentException("unknown cohort work type " + type);
            }
        } catch (RuntimeException e) {
            if (CohortWork.Assign.TYPE.equals(type) && receiveCount(message) >= LAST_TRY) {
                service.markFailed(cohortId, runId, e.toString());
            }
            throw e;
        }
    }

    private static int receiveCount(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null
                : message.getAttributes().get("ApproximateReceiveCount");
        return count == null ? 1 : Integer.parseInt(count);
    }
}
