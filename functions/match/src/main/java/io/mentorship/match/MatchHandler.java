package io.mentorship.match;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.api.ApiRequest;
import io.mentorship.aws.AwsClients;
import io.mentorship.aws.LambdaEnvironment;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Consumes {@code profile-changes}: a {@code ProfileChanged} or {@code FriendsChanged} from the API, a
 * {@code GlobalRecompute} page started by an admin, or the {@code Recompute}, {@code Patch} and {@code ViewersOf} work
 * this function queued itself. Every message is idempotent: it recomputes from current
 * state, so a repeat only repeats the same result.
 */
public final class MatchHandler extends QueueConsumer {
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

    public MatchHandler(MatchService service) {
        this.service = service;
    }

    public static MatchService service(DynamoDbClient dynamo, String table, ProfileChangePublisher work,
                                       MatchService.Limits limits) {
        return new MatchService(new MemberRepository(dynamo, table), new ProfileRepository(dynamo, table),
                new FriendRepository(dynamo, table), new GuidelinesRepository(dynamo, table),
                new WeightsRepository(dynamo, table), new MatchIndex(dynamo, table),
                new SuggestionRepository(dynamo, table), new StatsRepository(dynamo, table),
                new RecomputeRepository(dynamo, table), work,
                Clock.systemUTC(), limits)
                .onComputation(c -> System.out.printf("match %s as %s: %d candidates read, %d suggestions, %s%n",
                        c.userId(), c.role(), c.candidatesRead(), c.suggestions(), c.reading()));
    }

    @Override
    protected void handle(SQSEvent.SQSMessage message) {
        JsonNode body;
        try {
            body = Json.mapper().readTree(message.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        switch (body.path("type").asText()) {
            case ProfileChanged.TYPE -> {
                ProfileChanged change = Json.mapper().convertValue(body, ProfileChanged.class);
                if (!ApiRequest.isValidUserId(change.userId()) || change.change() == null) {
                    throw new IllegalArgumentException("not a valid ProfileChanged message: " + message.getBody());
                }
                System.out.printf("ProfileChanged %s (%s)%n", change.userId(), change.change());
                service.onProfileChanged(change);
            }
            case Recompute.TYPE -> service.onRecompute(Json.mapper().convertValue(body, Recompute.class));
            case Patch.TYPE -> service.onPatch(Json.mapper().convertValue(body, Patch.class));
            case ViewersOf.TYPE -> service.onViewersOf(Json.mapper().convertValue(body, ViewersOf.class));
            case FriendsChanged.TYPE -> service.onFriendsChanged(Json.mapper().convertValue(body,
                    FriendsChanged.class));
            case GlobalRecompute.TYPE -> service.onGlobalRecompute(Json.mapper().convertValue(body,
                    GlobalRecompute.class));
            default -> throw new IllegalArgumentException("unknown message type: " + message.getBody());
        }
    }
}
