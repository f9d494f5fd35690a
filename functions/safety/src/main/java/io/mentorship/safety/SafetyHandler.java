package io.mentorship.safety;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mentorship.api.ApiException;
import io.mentorship.api.ApiHandler;
import io.mentorship.api.ApiRequest;
import io.mentorship.api.ApiResponses;
import io.mentorship.aws.AwsClients;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.events.EventPublisher;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.introductions.IntroductionServices;
import io.mentorship.introductions.SafetyService;
import io.mentorship.store.BlockRepository;
import io.mentorship.store.ReportRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Blocks and reports. A block is never shown to the blocked member: to them the blocker simply stops being a
 * possible match, as any ineligible member would.
 */
public final class SafetyHandler extends ApiHandler {
    static final int MAX_REASON = 1000;

    private final SafetyService safety;
    private final BlockRepository blocks;
    private final ReportRepository reports;
    private final Clock clock;

    public SafetyHandler() {
        this(LambdaEnvironment.current());
    }

    private SafetyHandler(LambdaEnvironment env) {
        this(AwsClients.dynamoDb(env), env.require("TABLE_NAME"),
                EventPublisher.fromEnvironment(env),
                ProfileChangePublisher.fromEnvironment(env),
                Clock.systemUTC());
    }

    public SafetyHandler(DynamoDbClient dynamo, String table, EventPublisher events, ProfileChangePublisher changes,
                         Clock clock) {
        this.safety = IntroductionServices.create(dynamo, table, events, changes, clock).safety();
        this.blocks = new BlockRepository(dynamo, table);
        this.reports = new ReportRepository(dynamo, table);
        this.clock = clock;
    }

    @Override
    public Set<String> routeKeys() {
        return Set.of("POST /users/{userId}/blocks", "DELETE /users/{userId}/blocks/{otherId}",
                "GET /users/{userId}/blocks", "POST /reports");
    }

    /** Body of {@code POST /users/{userId}/blocks}. */
    public record BlockRequest(String userId) {
    }

    /** Body of {@code POST /reports}. */
    public record Report(String userId, String reason) {
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return switch (request.routeKey()) {
            case "POST /users/{userId}/blocks" -> {
                String blocker = request.ownUserId();
                String blocked = request.body(BlockRequest.class).userId();
                if (!ApiRequest.isValidUserId(blocked)) {
                    throw ApiException.invalid("userId", "the member to block");
                }
                safety.block(blocker, blocked);
                yield ApiResponses.created(Map.of("blockedUserId", blocked));
            }
            case "DELETE /users/{userId}/blocks/{otherId}" -> {
                String blocker = request.ownUserId();
                String blocked = request.pathParameter("otherId");
                if (!ApiRequest.isValidUserId(blocked)) {
                    throw ApiException.invalid("otherId", "a member id");
                }
                safety.unblock(blocker, blocked);
                yield ApiResponses.noContent();
            }
            case "GET /users/{userId}/blocks" -> ApiResponses.ok(Map.of("blockedUserIds",
                    blocks.blockedBy(request.ownUserId())));
            case "POST /reports" -> report(request);
            default -> throw unknownRoute(request);
        };
    }

    private APIGatewayV2HTTPResponse report(ApiRequest request) {
        String reporter = request.callerId();
        Report report = request.body(Report.class);
        if (!ApiRequest.isValidUserId(report.userId())) {
            throw ApiException.invalid("userId", "the member you are reporting");
        }
        if (report.userId().equals(reporter)) {
            throw ApiException.invalid("userId", "you cannot report yourself");
        }
        String reason = report.reason() == null ? "" : report.reason().strip();
        if (reason.isEmpty() || reason.length() > MAX_REASON) {
            throw ApiException.invalid("reason", "a reason of 1 to " + MAX_REASON + " characters");
        }
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        reports.add(id, reporter, report.userId(), reason, now);
        return ApiResponses.created(Map.of("id", id, "status", "received"));
    }
}
