package io.mentorship.cohorts;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mentorship.api.ApiException;
import io.mentorship.api.ApiHandler;
import io.mentorship.api.ApiRequest;
import io.mentorship.api.ApiResponses;
import io.mentorship.aws.AwsClients;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.events.EventPublisher;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.profile.Role;
import io.mentorship.store.CohortRepository.Membership;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Cohorts: admins open them, run and publish their assignment; members join, leave and list theirs. */
public final class CohortsHandler extends ApiHandler {
    private final CohortService service;

    public CohortsHandler() {
        this(LambdaEnvironment.current());
    }

    private CohortsHandler(LambdaEnvironment env) {
        this(CohortService.create(AwsClients.dynamoDb(env), env.require("TABLE_NAME"),
                EventPublisher.fromEnvironment(env), ProfileChangePublisher.fromEnvironment(env),
                CohortWork.fromEnvironment(env), Clock.systemUTC()));
    }

    public CohortsHandler(CohortService service) {
        this.service = service;
    }

    @Override
    public Set<String> routeKeys() {
        return Set.of("POST /admin/cohorts", "GET /admin/cohorts/{id}", "POST /admin/cohorts/{id}/assignment",
                "GET /admin/cohorts/{id}/assignment", "POST /admin/cohorts/{id}/assignment/publish",
                "POST /cohorts/{id}/members/{userId}", "DELETE /cohorts/{id}/members/{userId}",
                "GET /users/{userId}/cohorts");
    }

    /** Body of {@code POST /cohorts/{id}/members/{userId}}. */
    public record Join(Role role) {
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return switch (request.routeKey()) {
            case "POST /admin/cohorts" -> {
                request.requireAdmin();
                yield ApiResponses.created(service.create(request.callerId(),
                        request.body(CohortService.Draft.class)));
            }
            case "GET /admin/cohorts/{id}" -> {
                request.requireAdmin();
                yield ApiResponses.ok(service.describe(cohortId(request)));
            }
            case "POST /admin/cohorts/{id}/assignment" -> {
                request.requireAdmin();
                yield ApiResponses.json(202, service.requestAssignment(cohortId(request)));
            }
            case "GET /admin/cohorts/{id}/assignment" -> {
                request.requireAdmin();
                yield ApiResponses.ok(service.readAssignment(cohortId(request), page(request)));
            }
            case "POST /admin/cohorts/{id}/assignment/publish" -> {
                request.requireAdmin();
                yield ApiResponses.json(202, service.publish(cohortId(request)));
            }
            case "POST /cohorts/{id}/members/{userId}" -> {
                String userId = request.ownUserId();
                String cohortId = cohortId(request);
                Join join = request.body(Join.class);
                if (join.role() == null) {
                    throw ApiException.invalid("role", "mentor or mentee");
                }
                yield ApiResponses.ok(view(service.join(cohortId, userId, join.role())));
            }
            case "DELETE /cohorts/{id}/members/{userId}" -> {
                String userId = request.ownUserId();
                service.leave(cohortId(request), userId);
                yield ApiResponses.noContent();
            }
            case "GET /users/{userId}/cohorts" -> {
                String userId = request.ownUserId();
                yield ApiResponses.ok(Map.of("items", service.cohortsOf(userId).stream().map(this::view).toList()));
            }
            default -> throw unknownRoute(request);
        };
    }

    private Map<String, Object> view(Membership m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cohortId", m.cohortId());
        out.put("name", m.cohortName());
        out.put("role", m.role().name().toLowerCase(Locale.ROOT));
        out.put("joinedAt", m.joinedAt());
        return out;
    }

    private static String cohortId(ApiRequest request) {
        String id = request.pathParameter("id");
        if (!id.matches("[0-9a-f-]{36}")) {
            throw ApiException.notFound("no cohort " + id);
        }
        return id;
    }

    private static int page(ApiRequest request) {
        String raw = request.query("page").orElse("0");
        try {
            int page = Integer.parseInt(raw);
            if (page >= 0) {
                return page;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.invalid("page", "a page number from 0");
    }
}
