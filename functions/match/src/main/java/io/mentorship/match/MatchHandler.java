package io.mentorship.match;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.api.ApiRequest;
import io.mentorship.aws.AwsClients;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.events.MatchWork.FanOut;
import io.mentorship.events.MatchWork.Recompute;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.events.ProfileChanged;
import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.json.Json;
import io.mentorship.queue.QueueConsumer;
import io.mentorship.store.FriendRepository;
import io.mentorship.store.MatchIndex;
import io.mentorship.store.MemberRepository;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.StatsRepository;
import io.mentorship.store.SuggestionRepository;
import io.mentorship.store.WeightsRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Consumes {@code profile-changes}: a {@code ProfileChanged} from the API, or the {@code FanOut} and
 * {@code Recompute} work this function queued itself. Every message is idempotent: it recomputes from current
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
                        Integer.parseInt(env.find("MATCH_CANDIDATE_BUDGET").orElse("400")),
                        MatchService.Limits.DEFAULT.fanOutPage(),
                        MatchService.Limits.DEFAULT.recomputeBatch())));
    }

    public MatchHandler(MatchService service) {
        this.service = service;
    }

    public static MatchService service(DynamoDbClient dynamo, String table, ProfileChangePublisher work,
                                       MatchService.Limits limits) {
        return new MatchService(new MemberRepository(dynamo, table), new ProfileRepository(dynamo, table),
                new FriendRepository(dynamo, table), new GuidelinesRepository(dynamo, table),
                new WeightsRepository(dynamo, table), new MatchIndex(dynamo, table),
                new SuggestionRepository(dynamo, table), new StatsRepository(dynamo, table), work,
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
            case FanOut.TYPE -> service.onFanOut(Json.mapper().convertValue(body, FanOut.class));
            case Recompute.TYPE -> service.onRecompute(Json.mapper().convertValue(body, Recompute.class));
            default -> throw new IllegalArgumentException("unknown message type: " + message.getBody());
        }
    }
}
