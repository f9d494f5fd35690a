package io.mentorship.local.introductions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.Api;
import io.mentorship.local.testing.Members;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.TestStack;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The functions' embedded metrics, as the local runtime sums them ({@code GET /_local/metrics}): an introduction's
 * journey shows up as a request, a match computation, a delivery with its delay, and the functions' cold starts.
 */
class MetricsE2EIT {
    private final LocalRuntime runtime = TestStack.serving();
    private final Members members = new Members(runtime);

    private JsonNode metrics() {
        Api.Response response = Api.as(runtime, "metrics-reader").get("/_local/metrics");
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private static double sum(JsonNode metrics, String function, String metric) {
        double total = 0;
        var names = metrics.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.endsWith(function)) {
                total += metrics.path(name).path(metric).path("sum").asDouble();
            }
        }
        return total;
    }

    @Test
    void anIntroductionsJourneyShowsUpInTheMetrics() {
        String topic = Profiles.uniqueId("metrics");
        String mentee = members.ready("Mia", "mentee", topic);
        String mentor = members.ready("Rita", "mentor", topic);
        JsonNode before = metrics();
        Api.Response requested = members.as(mentee).post("/introductions", Map.of("toUserId", mentor, "as", "mentee"));
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        members.awaitInboxItem(mentor, "IntroductionRequested");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode after = metrics();
            assertThat(sum(after, "IntroductionsFunction", "IntroductionsRequested"))
                    .isEqualTo(sum(before, "IntroductionsFunction", "IntroductionsRequested") + 1);
            assertThat(sum(after, "DeliveryFunction", "Deliveries"))
                    .isGreaterThan(sum(before, "DeliveryFunction", "Deliveries"));
            assertThat(sum(after, "DeliveryFunction", "DeliveryDelay")).isPositive();
            assertThat(sum(after, "MatchFunction", "MatchComputations"))
                    .isGreaterThan(sum(before, "MatchFunction", "MatchComputations"));
            assertThat(sum(after, "MatchFunction", "MatchReadCapacity")).isPositive();
            assertThat(sum(after, "IntroductionsFunction", "ColdStart")).isGreaterThanOrEqualTo(1);
        });
    }
}
