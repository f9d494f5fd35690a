package io.mentorship.guidelines;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mentorship.api.ApiException;
import io.mentorship.api.ApiHandler;
import io.mentorship.api.ApiRequest;
import io.mentorship.api.ApiResponses;
import io.mentorship.aws.AwsClients;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.events.EventPublisher;
import io.mentorship.events.GlobalRecomputes;
import io.mentorship.events.MentorshipEvent;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.events.ProfileChanged;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.RecomputeRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The program's guidelines: anyone reads the current version for a role, admins publish new ones, members
 * acknowledge the current version of their role before they can be matched.
 */
public final class GuidelinesHandler extends ApiHandler {
    static final int MAX_RULES = 40;
    static final int MAX_RULE_LENGTH = 1000;
    static final int MAX_TITLE_LENGTH = 200;

    private final GuidelinesRepository guidelines;
    private final ProfileRepository profiles;
    private final ProfileChangePublisher changes;
    private final EventPublisher events;
    private final GlobalRecomputes recomputes;
    private final Clock clock;

    public GuidelinesHandler() {
        this(LambdaEnvironment.current());
    }

    private GuidelinesHandler(LambdaEnvironment env) {
        this(AwsClients.dynamoDb(env), env.require("TABLE_NAME"),
                ProfileChangePublisher.fromEnvironment(env),
                EventPublisher.fromEnvironment(env));
    }

    private GuidelinesHandler(DynamoDbClient dynamo, String table, ProfileChangePublisher changes,
                              EventPublisher events) {
        this(new GuidelinesRepository(dynamo, table), new ProfileRepository(dynamo, table), changes, events,
                new GlobalRecomputes(new RecomputeRepository(dynamo, table), changes), Clock.systemUTC());
    }

    public GuidelinesHandler(GuidelinesRepository guidelines, ProfileRepository profiles,
                             ProfileChangePublisher changes, EventPublisher events, GlobalRecomputes recomputes,
                             Clock clock) {
        this.guidelines = guidelines;
        this.profiles = profiles;
        this.changes = changes;
        this.events = events;
        this.recomputes = recomputes;
        this.clock = clock;
    }

    @Override
    public Set<String> routeKeys() {
        return Set.of("GET /guidelines/{role}", "PUT /admin/guidelines/{role}",
                "POST /users/{userId}/acknowledgements", "GET /users/{userId}/acknowledgements");
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return switch (request.routeKey()) {
            case "GET /guidelines/{role}" -> ApiResponses.ok(guidelines.current(role(request)));
            case "PUT /admin/guidelines/{role}" -> publish(request);
            case "POST /users/{userId}/acknowledgements" -> acknowledge(request);
            case "GET /users/{userId}/acknowledgements" -> acknowledgements(request);
            default -> throw unknownRoute(request);
        };
    }

    /** Body of {@code PUT /admin/guidelines/{role}}. */
    public record Draft(String title, List<String> rules) {
    }

    /** Body of {@code POST /users/{userId}/acknowledgements}. */
    public record AcknowledgementRequest(Role role, Integer version) {
    }

    private APIGatewayV2HTTPResponse publish(ApiRequest request) {
        request.requireAdmin();
        Role role = role(request);
        Draft draft = request.body(Draft.class);
        String title = draft.title() == null ? "" : draft.title().strip();
        if (title.isEmpty() || title.length() > MAX_TITLE_LENGTH) {
            throw ApiException.invalid("title", "a title of 1 to " + MAX_TITLE_LENGTH + " characters");
        }
        if (draft.rules() == null || draft.rules().isEmpty() || draft.rules().size() > MAX_RULES) {
            throw ApiException.invalid("rules", "between 1 and " + MAX_RULES + " rules");
        }
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < draft.rules().size(); i++) {
            String rule = draft.rules().get(i) == null ? "" : draft.rules().get(i).strip();
            if (rule.isEmpty() || rule.length() > MAX_RULE_LENGTH) {
                throw ApiException.invalid("rules[" + i + "]", "a rule of 1 to " + MAX_RULE_LENGTH + " characters");
            }
            rules.add(rule);
        }
        Instant at = clock.instant();
        Instant now = at;
        int next = guidelines.current(role).version() + 1;
        MentorshipEvent announcement = MentorshipEvent.guidelinesPublished(at, role.toString(), next,
                "The " + role + " guidelines changed (version " + next + "): read and acknowledge them to keep "
                        + "being matched");
        // Every list that shows members of this role now shows people who have not acknowledged the new version:
        // the publication starts a recompute of them all.
        Guidelines published = events.around(announcement, () -> recomputes.around(now,
                () -> guidelines.publish(role, title, rules, request.callerId(), now).orElseThrow(
                        () -> ApiException.conflict("CONCURRENT_PUBLICATION",
                                "another version was published at the same time; read it and try again")),
                p -> "guidelines " + role + " v" + p.version()).result());
        return ApiResponses.created(published);
    }

    private APIGatewayV2HTTPResponse acknowledge(ApiRequest request) {
        String userId = request.ownUserId();
        AcknowledgementRequest body = request.body(AcknowledgementRequest.class);
        if (body.role() == null) {
            throw ApiException.invalid("role", "role is required: mentor or mentee");
        }
        if (body.version() == null) {
            throw ApiException.invalid("version", "version is required: the version you read");
        }
        Profile profile = profiles.find(userId).orElseThrow(() -> ApiException.notFound(
                "no profile for " + userId + "; sign up with POST /users"));
        Guidelines current = guidelines.current(body.role());
        if (body.version() != current.version()) {
            throw ApiException.conflict("STALE_GUIDELINES", "the current " + body.role() + " guidelines are version "
                    + current.version() + "; read GET /guidelines/" + body.role() + " and acknowledge that");
        }
        Instant now = clock.instant();
        changes.around(ProfileChanged.of(userId, ProfileChanged.Change.ACKNOWLEDGED, profile.version(), now), () -> {
            guidelines.acknowledge(userId, body.role(), current.version(), now);
            return true;
        });
        return ApiResponses.created(new Acknowledgement(body.role(), current.version(), now));
    }

    private APIGatewayV2HTTPResponse acknowledgements(ApiRequest request) {
        String userId = request.ownUserId();
        Map<Role, Integer> current = guidelines.currentVersions();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Acknowledgement ack : guidelines.acknowledgements(userId)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("role", ack.role());
            item.put("version", ack.version());
            item.put("acknowledgedAt", ack.acknowledgedAt());
            item.put("current", ack.version() >= current.get(ack.role()));
            out.add(item);
        }
        return ApiResponses.ok(Map.of("acknowledgements", out));
    }

    private static Role role(ApiRequest request) {
        String value = request.pathParameter("role");
        return Role.parse(value).orElseThrow(() -> ApiException.invalid("role",
                "unknown role '" + value + "'; expected mentor or mentee"));
    }
}
