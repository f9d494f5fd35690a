package io.mentorship.cohorts;

import io.mentorship.aws.AwsClients;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.json.Json;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Work on the cohort queue ({@code COHORTS_QUEUE_URL}): assignment runs and publications, too long for an API
 * request (a 10^4-mentee cohort takes tens of seconds), each naming its run so that a superseded one is skipped.
 */
public final class CohortWork {
    private final SqsClient sqs;
    private final String queueUrl;

    public CohortWork(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public static CohortWork fromEnvironment(LambdaEnvironment env) {
        return new CohortWork(AwsClients.sqs(env), env.require("COHORTS_QUEUE_URL"));
    }

    /** Compute the assignment of run {@code runId}. */
    public record Assign(String type, String cohortId, String runId) {
        public static final String TYPE = "CohortAssign";

        public static Assign of(String cohortId, String runId) {
            return new Assign(TYPE, cohortId, runId);
        }
    }

    /** Introduce every pair of run {@code runId}. */
    public record Publish(String type, String cohortId, String runId) {
        public static final String TYPE = "CohortPublish";

        public static Publish of(String cohortId, String runId) {
            return new Publish(TYPE, cohortId, runId);
        }
    }

    public void send(Object message) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(Json.write(message)));
    }
}
