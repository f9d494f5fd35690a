package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.mentorship.events.ProfileChanged;
import io.mentorship.json.Json;
import io.mentorship.local.testing.DirectMatching;
import io.mentorship.local.testing.ObservedDynamo;
import io.mentorship.local.testing.Profiles;
import io.mentorship.match.MatchHandler;
import io.mentorship.match.MatchService;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Role;
import io.mentorship.store.TableLayout;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;

/**
 * A batch of member changes reads the marks of all its members at once (most changes in a busy program were already
 * seen by a match, and are skipped on them), not one read a change. A skip leaves what it read for the member's next
 * change in the batch; a match leaves nothing, so that change reads again. A change the batch's read does not let
 * skip is read again before it is matched, since a match may have finished meanwhile. Through the match function's
 * handler, on the emulators.
 */
class BatchMarksIT {
    private final DirectMatching stack = new DirectMatching();
    private final String topic = Profiles.uniqueId("marks");
    /** Marks reads by the members they ask for, one entry a request. */
    private final List<List<String>> marksReads = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<Runnable> afterLoad = new AtomicReference<>();
    private final AtomicReference<String> loaded = new AtomicReference<>();
    private final Map<String, AtomicInteger> computations = new ConcurrentHashMap<>();
    private final MatchService service = stack.service(MatchService.Limits.DEFAULT);
    private final MatchService observed = stack.service(new ObservedDynamo(stack.runtime().dynamo(),
            new ObservedDynamo.Observer() {
                @Override
                public void after(DynamoDbRequest request) {
                    List<String> members = marksAskedFor(request);
                    if (!members.isEmpty()) {
                        marksReads.add(members);
                    }
                    if (request instanceof software.amazon.awssdk.services.dynamodb.model.QueryRequest query
                            && query.expressionAttributeValues().get(":pk") != null
                            && query.expressionAttributeValues().get(":pk").s().equals(loaded.get())) {
                        Runnable step = afterLoad.getAndSet(null);
                        if (step != null) {
                            step.run();
                        }
                    }
                }
            }), MatchService.Limits.DEFAULT)
            .onComputation(c -> computations.computeIfAbsent(c.userId(), k -> new AtomicInteger()).incrementAndGet());
    private final MatchHandler handler = new MatchHandler(observed);

    @Test
    void changesAlreadySeenAreSkippedOnOneReadAndALaterChangeOfTheSameMemberIsMatched() {
        Instant before = Instant.now().minusSeconds(10);
        stack.member(service, "tom", Role.MENTOR, topic, true);
        List<String> mentees = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mentees.add(stack.member(service, "mia" + i, Role.MENTEE, topic, true));
        }
        stack.dropQueuedWork();
        // Five changes sent before each member's match began: seen; the second member's twice (its follow-up copy
        // too). Then one written after the matches, for the first member.
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String mentee : mentees) {
            records.add(message(ProfileChanged.of(mentee, ProfileChanged.Change.UPDATED, 1, before), before));
        }
        records.add(message(ProfileChanged.of(mentees.get(1), ProfileChanged.Change.UPDATED, 1, before).asFollowUp(),
                before));
        String first = mentees.getFirst();
        ProfileChanged edit = stack.replace(first, edited(first));
        records.add(message(edit, Instant.now()));

        SQSBatchResponse response = handler.handleRequest(event(records), CONTEXT);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(marksReads.getFirst()).as("one read for the batch").containsExactlyInAnyOrderElementsOf(mentees);
        assertThat(marksReads).as("and one more, for the first member's change after their match (a skip leaves"
                + " what it read for the member's next change)").hasSize(2);
        assertThat(marksReads.get(1)).containsExactly(first);
        assertThat(computations).as("only the change written after the matches is matched")
                .containsOnlyKeys(first);
        assertThat(computations.get(first).get()).isEqualTo(1);
        stack.dropQueuedWork();
    }

    @Test
    void aChangeTheBatchReadDoesNotSkipIsReadAgainAndSkippedWhenAMatchFinishedMeanwhile()
            throws InterruptedException {
        String mentor = stack.member(service, "tom", Role.MENTOR, topic, true);
        String ana = stack.member(service, "ana", Role.MENTEE, topic, true);
        String bea = stack.member(service, "bea", Role.MENTEE, topic, true);
        stack.dropQueuedWork();
        ProfileChanged anaEdit = stack.replace(ana, edited(ana));
        Instant anaSent = Instant.now();
        ProfileChanged beaEdit = stack.replace(bea, edited(bea));
        Instant beaSent = Instant.now();
        Thread.sleep(1_500); // past the clock margin, as a queue's messages wait for a consumer
        // While the batch matches ana, another invocation matches bea: it reads bea's edit and finishes.
        loaded.set(TableLayout.user(ana));
        afterLoad.set(() -> assertThat(service.onProfileChanged(beaEdit, beaSent)).isTrue());

        SQSBatchResponse response = handler.handleRequest(event(List.of(message(anaEdit, anaSent),
                message(beaEdit, beaSent))), CONTEXT);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(afterLoad.get()).as("the other match was staged").isNull();
        assertThat(marksReads.getFirst()).containsExactlyInAnyOrder(ana, bea);
        assertThat(computations).as("bea's change is skipped: the other match saw it").containsOnlyKeys(ana);
        assertThat(stack.listOf(bea, Role.MENTEE)).extracting(StoredSuggestion::userId).containsExactly(mentor);
        stack.dropQueuedWork();
    }

    /** An invocation with a minute left. */
    private static final Context CONTEXT = (Context) Proxy.newProxyInstance(Context.class.getClassLoader(),
            new Class<?>[] {Context.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getRemainingTimeInMillis" -> 60_000;
                case "getMemoryLimitInMB" -> 1024;
                case "getAwsRequestId" -> "batch-marks";
                case "getFunctionName" -> "MatchFunction";
                default -> null;
            });

    /** The mentee's profile with other interests (the card changes). */
    private io.mentorship.profile.Profile edited(String id) {
        return DirectMatching.profile(DirectMatching.body(id, Role.MENTEE, topic, true, List.of("go")));
    }

    /** The members a request reads the matching marks of ({@code USER#<id> / MATCHED}). */
    private static List<String> marksAskedFor(DynamoDbRequest request) {
        if (!(request instanceof BatchGetItemRequest get)) {
            return List.of();
        }
        return get.requestItems().values().stream().flatMap(keys -> keys.keys().stream())
                .filter(key -> TableLayout.MATCHED.equals(key.get(TableLayout.SK).s()))
                .map(key -> TableLayout.USER.rest(key.get(TableLayout.PK).s())).toList();
    }

    private static SQSEvent.SQSMessage message(ProfileChanged change, Instant sentAt) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(Profiles.uniqueId("message"));
        message.setBody(Json.write(change));
        message.setAttributes(Map.of("SentTimestamp", Long.toString(sentAt.toEpochMilli())));
        return message;
    }

    private static SQSEvent event(List<SQSEvent.SQSMessage> records) {
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}
