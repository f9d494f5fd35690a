package io.mentorship.match;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.aws.AwsClients;
import io.mentorship.aws.InvocationMetrics;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.aws.LogContext;
import io.mentorship.domain.UserIds;
import io.mentorship.events.MatchWork.FriendsChanged;
import io.mentorship.events.MatchWork.GlobalRecompute;
import io.mentorship.events.MatchWork.Patch;
import io.mentorship.events.MatchWork.Recompute;
import io.mentorship.events.MatchWork.ViewersOf;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.events.ProfileChanged;
import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.json.Json;
import io.mentorship.queue.QueueConsumer;
import io.mentorship.store.FriendRepository;
import io.mentorship.store.MatchIndex;
import io.mentorship.store.MemberRepository;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.RecomputeRepository;
import io.mentorship.store.StatsRepository;
import io.mentorship.store.SuggestionRepository;
import io.mentorship.store.WeightsRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Consumes {@code profile-changes}: a {@code ProfileChanged} or {@code FriendsChanged} from the API, a
 * {@code GlobalRecompute} page started by an admin, or the {@code Recompute}, {@code Patch} and {@code ViewersOf} work
 * this function queued itself. Every message is idempotent: it recomputes from current
 * state, so a repeat only repeats the same result.
 */
public final class MatchHandler extends QueueConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(MatchHandler.class);
    private final MatchService service;

    public MatchHandler() {
        this(LambdaEnvironment.current());
    }

    private MatchHandler(LambdaEnvironment env) {
        this(service(AwsClients.dynamoDb(env), env.require("TABLE_NAME"),
                ProfileChangePublisher.fromEnvironment(env),
                new MatchService.Limits(
                        Integer.parseInt(env.find("MATCH_TOP_K").orElse("20")),
                        Integer.parseInt(env.find("MATCH_LIST_BUFFER").orElse("10")),
                        MatchService.Limits.DEFAULT.fanOutPage(),
                        MatchService.Limits.DEFAULT.recomputeBatch(),
                        MatchService.Limits.DEFAULT.patchBatch(),
                        MatchService.Limits.DEFAULT.friendsPage())));
    }

    @Override
    protected void prime() {
        super.prime();
        service.prime();
    }

    public MatchHandler(MatchService service) {
        this.service = service;
    }

    public static MatchService service(DynamoDbClient dynamo, String table, ProfileChangePublisher work,
                                       MatchService.Limits limits) {
        return new MatchService(new MemberRepository(dynamo, table), new ProfileRepository(dynamo, table),
                new FriendRepository(dynamo, table), new GuidelinesRepository(dynamo, table),
                new WeightsRepository(dynamo, table), new MatchIndex(dynamo, table),
                new SuggestionRepository(dynamo, table), new StatsRepository(dynamo, table),
                new RecomputeRepository(dynamo, table), new io.mentorship.store.ChangeLog(dynamo, table), work,
                Clock.systemUTC(), limits)
                .onComputation(c -> {
                    LOG.info("matched {} as {}: {} candidates read, {} suggestions, {}", c.userId(), c.role(),
                            c.candidatesRead(), c.suggestions(), c.reading());
                    InvocationMetrics.count("MatchComputations");
                    InvocationMetrics.put("CandidatesRead", c.candidatesRead(), Unit.COUNT);
                    InvocationMetrics.put("SuggestionsStored", c.suggestions(), Unit.COUNT);
                    InvocationMetrics.put("MatchReadCapacity", c.reading().readUnits(), Unit.COUNT);
                });
    }

    /**
     * Patches in one batch are applied together, so a list that many changes reach at once (a busy topic) is read
     * and written once per batch instead of once per change; they come on a queue of their own in large batches
     * (see the template's {@code ListPatches} event) so that this happens often. Rounds of viewers, and the other
     * messages one by one, start while the invocation has more than {@link #RESERVE_MILLIS} left; the viewers and
     * messages it does not reach are queued again as new messages (handling is idempotent) rather than failed, since
     * a failure counts towards the dead-letter queue.
     */
    @Override
    protected java.util.Map<String, RuntimeException> handleBatch(java.util.List<SQSEvent.SQSMessage> messages) {
        java.util.List<SQSEvent.SQSMessage> others = new java.util.ArrayList<>();
        java.util.List<SQSEvent.SQSMessage> patchMessages = new java.util.ArrayList<>();
        java.util.List<Patch> patches = new java.util.ArrayList<>();
        // The members the batch's changes name, found in the same parse that picks out the patches.
        java.util.Set<String> changed = new java.util.LinkedHashSet<>();
        for (SQSEvent.SQSMessage message : messages) {
            JsonNode body = bodyOf(message);
            Patch patch = body == null ? null : asPatch(body);
            if (patch != null) {
                patchMessages.add(message);
                patches.add(patch);
                continue;
            }
            others.add(message);
            String userId = body == null ? "" : body.path("userId").asText();
            if (body != null && ProfileChanged.TYPE.equals(body.path("type").asText()) && UserIds.isValid(userId)) {
                changed.add(userId);
            }
        }
        java.util.Map<String, RuntimeException> failed = new java.util.LinkedHashMap<>();
        if (!patches.isEmpty()) {
            long started = System.nanoTime();
            long calls = io.mentorship.aws.CapacityMeter.threadCalls();
            try {
                service.onPatches(patches, () -> remainingMillis() > RESERVE_MILLIS);
            } catch (RuntimeException e) {
                patchMessages.forEach(m -> failed.put(m.getMessageId(), e));
            } finally {
                record(Patch.TYPE, patches.size(), System.nanoTime() - started,
                        io.mentorship.aws.CapacityMeter.threadCalls() - calls);
            }
        }
        java.util.List<SQSEvent.SQSMessage> unreached = new java.util.ArrayList<>();
        // The marks of every member the batch's changes name, in one read: most changes are skipped on them.
        java.util.Map<String, MemberRepository.Marks> marks = new java.util.HashMap<>();
        try {
            marks.putAll(service.marksOf(changed));
        } catch (RuntimeException e) {
            LOG.warn("marks of the batch not read ({}); each change reads its own", e.toString());
        }
        BATCH_MARKS.set(marks);
        try {
            for (SQSEvent.SQSMessage message : others) {
                if (unreached.isEmpty() && remainingMillis() > RESERVE_MILLIS) {
                    failed.putAll(super.handleBatch(java.util.List.of(message)));
                } else {
                    unreached.add(message);
                }
            }
        } finally {
            BATCH_MARKS.remove();
        }
        if (!unreached.isEmpty()) {
            LOG.info("{} message(s) queued again: {} ms left", unreached.size(), remainingMillis());
            InvocationMetrics.put("MessagesRequeued", unreached.size(), Unit.COUNT);
            try {
                service.requeue(unreached.stream().map(SQSEvent.SQSMessage::getBody).toList());
            } catch (RuntimeException e) {
                unreached.forEach(m -> failed.put(m.getMessageId(), e));
            }
        }
        return failed;
    }

    /** The marks read for the batch being handled on this thread, by member (see MatchService.onProfileChanged). */
    private static final ThreadLocal<java.util.Map<String, MemberRepository.Marks>> BATCH_MARKS =
            new ThreadLocal<>();

    /** Time an invocation keeps in hand: no message is started with less left (the Timeout is 60 s). */
    static final long RESERVE_MILLIS = 10_000;

    /** The message's body as JSON, or null when it is not (handling it then fails it on its own). */
    private static JsonNode bodyOf(SQSEvent.SQSMessage message) {
        try {
            return Json.mapper().readTree(message.getBody());
        } catch (IOException e) {
            return null;
        }
    }

    private static Patch asPatch(JsonNode body) {
        try {
            return Patch.TYPE.equals(body.path("type").asText()) ? Json.mapper().convertValue(body, Patch.class)
                    : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    protected void handle(SQSEvent.SQSMessage message) {
        JsonNode body;
        try {
            body = Json.mapper().readTree(message.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String type = body.path("type").asText();
        long started = System.nanoTime();
        long calls = io.mentorship.aws.CapacityMeter.threadCalls();
        try {
            dispatch(type, body, message);
        } finally {
            record(type, 1, System.nanoTime() - started,
                    io.mentorship.aws.CapacityMeter.threadCalls() - calls);
        }
    }

    private static void record(String type, int messages, long nanos, long calls) {
        java.util.concurrent.atomic.LongAdder[] t = TIMINGS.computeIfAbsent(type, x ->
                new java.util.concurrent.atomic.LongAdder[] {new java.util.concurrent.atomic.LongAdder(),
                        new java.util.concurrent.atomic.LongAdder(), new java.util.concurrent.atomic.LongAdder()});
        t[0].add(messages);
        t[1].add(nanos);
        t[2].add(calls);
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder[]>
            TIMINGS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Messages handled by this process, by type: how many and milliseconds in all (for benchmarks). */
    public static java.util.Map<String, String> timings() {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        TIMINGS.forEach((type, t) -> out.put(type, t[0].sum() + " in " + t[1].sum() / 1_000_000 + " ms, "
                + t[2].sum() + " DynamoDB calls"));
        return out;
    }

    /** When the queue accepted the message (SQS's {@code SentTimestamp}), if the event says. */
    static java.time.Instant sentAt(SQSEvent.SQSMessage message) {
        String millis = message.getAttributes() == null ? null : message.getAttributes().get("SentTimestamp");
        try {
            return millis == null ? null : java.time.Instant.ofEpochMilli(Long.parseLong(millis));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void dispatch(String type, JsonNode body, SQSEvent.SQSMessage message) {
        LogContext.put(LogContext.MESSAGE_TYPE, type);
        switch (type) {
            case ProfileChanged.TYPE -> {
                ProfileChanged change = Json.mapper().convertValue(body, ProfileChanged.class);
                if (!UserIds.isValid(change.userId()) || change.change() == null) {
                    throw new IllegalArgumentException("not a valid ProfileChanged message: " + message.getBody());
                }
                LOG.info("profile of {} {}", change.userId(), change.change());
                java.util.Map<String, MemberRepository.Marks> batchMarks = BATCH_MARKS.get();
                if (!service.onProfileChanged(change, sentAt(message),
                        batchMarks == null ? new java.util.HashMap<>() : batchMarks)) {
                    if (change.isFollowUp()) {
                        LOG.info("follow-up skipped: the change was matched");
                    } else {
                        LOG.info("skipped: a finished match already read the change");
                        InvocationMetrics.count("ProfileChangesCoalesced");
                    }
                }
            }
            case Recompute.TYPE -> service.onRecompute(Json.mapper().convertValue(body, Recompute.class));
            case Patch.TYPE -> service.onPatches(java.util.List.of(Json.mapper().convertValue(body, Patch.class)));
            case ViewersOf.TYPE -> service.onViewersOf(Json.mapper().convertValue(body, ViewersOf.class));
            case FriendsChanged.TYPE -> service.onFriendsChanged(Json.mapper().convertValue(body,
                    FriendsChanged.class));
            case GlobalRecompute.TYPE -> service.onGlobalRecompute(Json.mapper().convertValue(body,
                    GlobalRecompute.class));
            default -> throw new IllegalArgumentException("unknown message type: " + message.getBody());
        }
    }
}
