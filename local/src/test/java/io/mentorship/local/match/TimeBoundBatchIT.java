package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.Fixtures;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.Queues;
import io.mentorship.local.testing.TestStack;
import io.mentorship.match.MatchHandler;
import io.mentorship.match.MatchService;
import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.events.MatchWork.Patch;
import io.mentorship.json.Json;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The match function takes large batches; one that runs short of time queues the messages it did not reach again,
 * as new messages, instead of failing them (a failure counts towards the dead-letter queue).
 */
class TimeBoundBatchIT {
    @Test
    void messagesNotReachedInTimeAreQueuedAgainNotFailed() {
        LocalRuntime runtime = TestStack.quiet();
        String queue = Queues.url(runtime, "ProfileChangesQueue");
        String marker = Profiles.uniqueId("late");
        // A body the handler rejects: handled, it would be reported as failed.
        String body = "{\"type\":\"ProfileChanged\",\"userId\":\"" + marker + " is not an id\"}";
        SQSEvent event = Fixtures.sqs("match-profile-changed.json");
        SQSEvent.SQSMessage late = event.getRecords().getFirst();
        late.setMessageId("late-1");
        late.setBody(body);
        MatchHandler handler = (MatchHandler) runtime.function("MatchFunction").instance();

        SQSBatchResponse shortOfTime = handler.handleRequest(event, millisLeft(5_000));

        assertThat(shortOfTime.getBatchItemFailures()).as("nothing failed").isEmpty();
        List<Message> found = new ArrayList<>();
        Instant until = Instant.now().plusSeconds(10);
        while (found.isEmpty() && Instant.now().isBefore(until)) {
            for (Message m : runtime.sqs().receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                if (m.body().contains(marker)) {
                    found.add(m);
                    runtime.sqs().deleteMessage(r -> r.queueUrl(queue).receiptHandle(m.receiptHandle()));
                }
            }
        }
        assertThat(found).as("queued again, as it was").singleElement()
                .satisfies(m -> assertThat(m.body()).isEqualTo(body));

        SQSBatchResponse inTime = handler.handleRequest(event, millisLeft(20_000));

        assertThat(inTime.getBatchItemFailures()).as("with time in hand it is handled (and rejected)")
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("late-1");
    }

    @Test
    void patchesForViewersNotReachedInTimeAreQueuedAgainWithTheirSources() {
        LocalRuntime runtime = TestStack.quiet();
        String marker = Profiles.uniqueId("unreached");
        // Three rounds of viewers (no one's lists: each round is quick), each with one held and one other source.
        List<String> viewers = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            viewers.add(marker + "-" + i);
        }
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int from = 0; from < viewers.size(); from += 25) {
            List<String> page = viewers.subList(from, from + 25);
            records.add(patch("held-" + from, Patch.of(page, List.of(marker + "-held"), true)));
            records.add(patch("other-" + from, Patch.of(page, List.of(marker + "-other"), false)));
        }
        event.setRecords(records);
        MatchHandler handler = (MatchHandler) runtime.function("MatchFunction").instance();

        SQSBatchResponse shortOfTime = handler.handleRequest(event, millisLeft(5_000));

        assertThat(shortOfTime.getBatchItemFailures()).as("nothing failed").isEmpty();
        // Viewers with the same sources share a message: 150 viewers, two kinds of pair, 100 viewers a message.
        int perMessage = MatchService.Limits.DEFAULT.patchBatch();
        int messages = 2 * ((150 + perMessage - 1) / perMessage);
        List<JsonNode> again = Queues.take(runtime, "ListPatchesQueue",
                m -> m.path("viewers").path(0).asText().startsWith(marker), messages, Duration.ofSeconds(5));
        assertThat(again).hasSize(messages);
        Map<String, List<String>> sourcesByViewer = new TreeMap<>();
        for (JsonNode m : again) {
            assertThat(m.path("type").asText()).isEqualTo(Patch.TYPE);
            assertThat(m.path("sources")).hasSize(1);
            String source = m.path("sources").path(0).asText();
            assertThat(m.path("held").asBoolean()).as("held as it was").isEqualTo(source.endsWith("-held"));
            m.path("viewers").forEach(v -> sourcesByViewer.computeIfAbsent(v.asText(), x -> new ArrayList<>())
                    .add(source));
        }
        assertThat(sourcesByViewer).as("the first round was patched, the other two queued again")
                .containsOnlyKeys(viewers.subList(MatchService.PATCH_ROUND, viewers.size()));
        assertThat(sourcesByViewer.values()).allSatisfy(sources -> assertThat(sources)
                .containsExactlyInAnyOrder(marker + "-held", marker + "-other"));

        SQSBatchResponse inTime = handler.handleRequest(event, millisLeft(20_000));

        assertThat(inTime.getBatchItemFailures()).isEmpty();
        assertThat(Queues.take(runtime, "ListPatchesQueue",
                m -> m.path("viewers").path(0).asText().startsWith(marker), 1, Duration.ofSeconds(3)))
                .as("with time in hand every viewer is patched, nothing queued again").isEmpty();
    }

    @Test
    void aBatchCutShortQueuesNoMoreMessagesThanItTookHoweverItsViewersSourcesMix() {
        String marker = Profiles.uniqueId("mixed");
        // Forty fan-outs (one source each) over 400 viewers, each reaching a different mix of viewers: as in a bulk
        // onboarding, hardly two viewers have the same set of sources.
        List<String> viewers = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            viewers.add(marker + "-" + i);
        }
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        Map<String, java.util.Set<String>> sent = new TreeMap<>();
        for (int s = 0; s < 40; s++) {
            String source = marker + "-source-" + s;
            List<String> reached = viewers.stream().filter(v -> random.nextInt(3) == 0).toList();
            for (int from = 0; from < reached.size(); from += 100) {
                List<String> page = reached.subList(from, Math.min(reached.size(), from + 100));
                records.add(patch(source + "-" + from, Patch.of(page, List.of(source), false)));
                page.forEach(v -> sent.computeIfAbsent(v, x -> new java.util.TreeSet<>()).add(source));
            }
        }
        cutShortAfterOneRound(marker, records, sent);
    }

    @Test
    void aBatchOfFriendshipFanOutsCutShortQueuesNoMoreMessagesThanItTook() {
        String marker = Profiles.uniqueId("friends");
        // Forty friendship fan-outs, each many sources (a member's friends) for a few viewers of its own (the other
        // member's friends): grouped by source, what is left would be a message for each of hundreds of sources.
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        Map<String, java.util.Set<String>> sent = new TreeMap<>();
        for (int m = 0; m < 40; m++) {
            List<String> viewers = random.ints(12, 0, 400).distinct().mapToObj(i -> marker + "-" + i).toList();
            List<String> sources = random.ints(30, 0, 600).distinct().mapToObj(i -> marker + "-source-" + i)
                    .toList();
            records.add(patch(marker + "-" + m, Patch.of(viewers, sources, false)));
            viewers.forEach(v -> sent.computeIfAbsent(v, x -> new java.util.TreeSet<>()).addAll(sources));
        }
        cutShortAfterOneRound(marker, records, sent);
    }

    /**
     * Hands {@code records} to the match function with too little time for more than one round of viewers; then
     * checks that it failed none, queued again no more messages than it took, and queued exactly the pairs it did not
     * reach ({@code sent}: the sources each viewer was sent with).
     */
    private void cutShortAfterOneRound(String marker, List<SQSEvent.SQSMessage> records,
                                       Map<String, java.util.Set<String>> sent) {
        LocalRuntime runtime = TestStack.quiet();
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        MatchHandler handler = (MatchHandler) runtime.function("MatchFunction").instance();

        SQSBatchResponse shortOfTime = handler.handleRequest(event, millisLeft(5_000));

        assertThat(shortOfTime.getBatchItemFailures()).isEmpty();
        List<JsonNode> again = Queues.take(runtime, "ListPatchesQueue",
                m -> m.path("viewers").path(0).asText().startsWith(marker), 10 * records.size(),
                Duration.ofSeconds(5));
        assertThat(again).as("no more messages than the batch took").isNotEmpty().hasSizeLessThanOrEqualTo(
                records.size());
        Map<String, java.util.Set<String>> queued = new TreeMap<>();
        for (JsonNode m : again) {
            m.path("viewers").forEach(v -> m.path("sources").forEach(s -> queued
                    .computeIfAbsent(v.asText(), x -> new java.util.TreeSet<>()).add(s.asText())));
        }
        // The batch takes viewers in the order they first appear, a round at a time: the first round was patched.
        java.util.Set<String> inOrder = new java.util.LinkedHashSet<>();
        records.forEach(r -> Json.read(r.getBody(), Patch.class).viewers().forEach(inOrder::add));
        Map<String, java.util.Set<String>> unreached = new TreeMap<>(sent);
        inOrder.stream().limit(MatchService.PATCH_ROUND).forEach(unreached::remove);
        assertThat(queued).as("every pair not reached, exactly").isEqualTo(unreached);
    }

    private static SQSEvent.SQSMessage patch(String id, Patch patch) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(Json.write(patch));
        message.setAttributes(Map.of("SentTimestamp", Long.toString(System.currentTimeMillis())));
        return message;
    }

    /** A Lambda context with this much time left (the narrow edge a test cannot provoke otherwise). */
    private static Context millisLeft(int millis) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> millis;
                    case "getMemoryLimitInMB" -> 1024;
                    case "getAwsRequestId" -> "time-bound-batch";
                    case "getFunctionName" -> "MatchFunction";
                    default -> null;
                });
    }
}
