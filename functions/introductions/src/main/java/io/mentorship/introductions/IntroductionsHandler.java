package io.mentorship.introductions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mentorship.api.ApiException;
import io.mentorship.api.ApiHandler;
import io.mentorship.api.ApiRequest;
import io.mentorship.api.ApiResponses;
import io.mentorship.aws.AwsClients;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.events.EventPublisher;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import io.mentorship.store.InboxRepository;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.StatsRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Introductions, mentorships, the inbox and the admins' counts. */
public final class IntroductionsHandler extends ApiHandler {
    private final IntroductionService service;
    private final MentorshipService mentorships;
    private final InboxRepository inbox;
    private final ProfileRepository profiles;
    private final StatsRepository stats;

    public IntroductionsHandler() {
        this(LambdaEnvironment.current());
    }

    private IntroductionsHandler(LambdaEnvironment env) {
        this(AwsClients.dynamoDb(env), env.require("TABLE_NAME"),
                EventPublisher.fromEnvironment(env),
                ProfileChangePublisher.fromEnvironment(env));
    }

    private IntroductionsHandler(DynamoDbClient dynamo, String table, EventPublisher events,
                                 ProfileChangePublisher changes) {
        this(IntroductionServices.create(dynamo, table, events, changes, Clock.systemUTC()),
                new InboxRepository(dynamo, table), new ProfileRepository(dynamo, table),
                new StatsRepository(dynamo, table));
    }

    public IntroductionsHandler(IntroductionServices services, InboxRepository inbox, ProfileRepository profiles,
                                StatsRepository stats) {
        this.service = services.introductions();
        this.mentorships = services.mentorships();
        this.inbox = inbox;
        this.profiles = profiles;
        this.stats = stats;
    }

    @Override
    public Set<String> routeKeys() {
        return Set.of("POST /introductions", "GET /introductions", "GET /introductions/{id}",
                "POST /introductions/{id}/accept", "POST /introductions/{id}/decline",
                "POST /introductions/{id}/withdraw", "GET /users/{userId}/mentorships",
                "POST /mentorships/{id}/end", "GET /users/{userId}/inbox", "GET /admin/stats");
    }

    /** Body of {@code POST /introductions}. */
    public record IntroductionRequest(String toUserId, Role as, String message) {
    }

    /** Body of {@code POST /introductions/{id}/decline}. */
    public record Decline(String reason) {
    }

    /** Body of {@code POST /mentorships/{id}/end} (both optional). */
    public record End(Integer rating, String feedback) {
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return switch (request.routeKey()) {
            case "POST /introductions" -> requestIntroduction(request);
            case "GET /introductions" -> list(request);
            case "GET /introductions/{id}" -> ApiResponses.ok(service.read(request.callerId(), id(request)));
            case "POST /introductions/{id}/accept" -> ApiResponses.ok(service.accept(request.callerId(),
                    id(request)));
            case "POST /introductions/{id}/decline" -> {
                String caller = request.callerId();
                yield ApiResponses.ok(service.decline(caller, id(request), request.body(Decline.class).reason()));
            }
            case "POST /introductions/{id}/withdraw" -> ApiResponses.ok(service.withdraw(request.callerId(),
                    id(request)));
            case "GET /users/{userId}/mentorships" -> ApiResponses.ok(Map.of("mentorships",
                    mentorships.mentorshipsOf(request.ownUserId())));
            case "POST /mentorships/{id}/end" -> end(request);
            case "GET /users/{userId}/inbox" -> inbox(request);
            case "GET /admin/stats" -> {
                request.requireAdmin();
                yield ApiResponses.ok(stats.read());
            }
            default -> throw unknownRoute(request);
        };
    }

    private APIGatewayV2HTTPResponse requestIntroduction(ApiRequest request) {
        String caller = request.callerId();
        IntroductionRequest body = request.body(IntroductionRequest.class);
        if (!ApiRequest.isValidUserId(body.toUserId())) {
            throw ApiException.invalid("toUserId", "the member to be introduced to");
        }
        if (body.as() == null) {
            throw ApiException.invalid("as", "as is required: mentee or mentor");
        }
        String message = body.message() == null ? null : body.message().strip();
        if (message != null && message.length() > IntroductionService.MAX_MESSAGE) {
            throw ApiException.invalid("message", "at most " + IntroductionService.MAX_MESSAGE + " characters");
        }
        return ApiResponses.created(service.request(caller, body.toUserId(), body.as(), message));
    }

    private APIGatewayV2HTTPResponse list(ApiRequest request) {
        String caller = request.callerId();
        String box = request.query("box").orElse("incoming");
        if (!box.equals("incoming") && !box.equals("outgoing")) {
            throw ApiException.invalid("box", "incoming or outgoing");
        }
        IntroductionStatus status = request.query("status").map(s -> IntroductionStatus.parse(s).orElseThrow(() ->
                ApiException.invalid("status", "one of pending, accepted, declined, withdrawn, expired, cancelled")))
                .orElse(null);
        return ApiResponses.ok(Map.of("introductions", service.list(caller, box.equals("incoming"), status, 50)));
    }

    private APIGatewayV2HTTPResponse end(ApiRequest request) {
        String caller = request.callerId();
        End body = request.hasBody() ? request.body(End.class) : new End(null, null);
        return ApiResponses.ok(mentorships.end(caller, id(request), body.rating(), body.feedback()));
    }

    private APIGatewayV2HTTPResponse inbox(ApiRequest request) {
        String userId = request.ownUserId();
        List<Role> roles = new ArrayList<>();
        profiles.find(userId).ifPresent((Profile p) -> {
            if (p.isMentor()) {
                roles.add(Role.MENTOR);
            }
            if (p.isMentee()) {
                roles.add(Role.MENTEE);
            }
        });
        return ApiResponses.ok(Map.of("items", inbox.list(userId, roles, 50)));
    }

    private static String id(ApiRequest request) {
        String id = request.pathParameter("id");
        if (!id.matches("[0-9a-f-]{36}")) {
            throw ApiException.notFound("no such introduction or mentorship " + id);
        }
        return id;
    }
}
