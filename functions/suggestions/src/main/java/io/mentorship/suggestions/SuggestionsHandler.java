package io.mentorship.suggestions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mentorship.api.ApiException;
import io.mentorship.api.ApiHandler;
import io.mentorship.api.ApiRequest;
import io.mentorship.api.ApiResponses;
import io.mentorship.aws.AwsClients;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.events.GlobalRecomputes;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.matching.Criterion;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.matching.Weights;
import io.mentorship.profile.Profile;
import io.mentorship.profile.PublicCard;
import io.mentorship.profile.Role;
import io.mentorship.store.MemberRepository;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.RecomputeRepository;
import io.mentorship.store.SuggestionRepository;
import io.mentorship.store.WeightsRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Reading suggestions ({@code GET /users/{userId}/suggestions}) and tuning how they are scored
 * ({@code PUT /admin/matching/weights}). Suggestions are read as stored by the match function, less any
 * counterpart whose guidelines acknowledgement a newer version has made stale.
 */
public final class SuggestionsHandler extends ApiHandler {
    static final int MAX_LIMIT = 50;

    private final MemberRepository members;
    private final ProfileRepository profiles;
    private final SuggestionRepository suggestions;
    private final GuidelinesRepository guidelines;
    private final WeightsRepository weights;
    private final GlobalRecomputes recomputes;
    private final Clock clock;

    public SuggestionsHandler() {
        this(LambdaEnvironment.current());
    }

    private SuggestionsHandler(LambdaEnvironment env) {
        this(AwsClients.dynamoDb(env), env.require("TABLE_NAME"), ProfileChangePublisher.fromEnvironment(env));
    }

    private SuggestionsHandler(DynamoDbClient dynamo, String table, ProfileChangePublisher work) {
        this(new MemberRepository(dynamo, table), new ProfileRepository(dynamo, table),
                new SuggestionRepository(dynamo, table),
                new GuidelinesRepository(dynamo, table), new WeightsRepository(dynamo, table),
                new GlobalRecomputes(new RecomputeRepository(dynamo, table), work), Clock.systemUTC());
    }

    public SuggestionsHandler(MemberRepository members, ProfileRepository profiles, SuggestionRepository suggestions,
                              GuidelinesRepository guidelines, WeightsRepository weights,
                              GlobalRecomputes recomputes, Clock clock) {
        this.members = members;
        this.profiles = profiles;
        this.suggestions = suggestions;
        this.guidelines = guidelines;
        this.weights = weights;
        this.recomputes = recomputes;
        this.clock = clock;
    }

    @Override
    public Set<String> routeKeys() {
        return Set.of("GET /users/{userId}/suggestions", "PUT /admin/matching/weights",
                "GET /admin/matching/weights", "GET /admin/matching/recompute");
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return switch (request.routeKey()) {
            case "GET /users/{userId}/suggestions" -> suggestionsOf(request);
            case "PUT /admin/matching/weights" -> setWeights(request);
            case "GET /admin/matching/weights" -> {
                request.requireAdmin();
                yield ApiResponses.ok(asJson(weights.current()));
            }
            case "GET /admin/matching/recompute" -> {
                request.requireAdmin();
                yield ApiResponses.ok(recomputes.progress().current().map(RecomputeRepository::view)
                        .orElse(Map.of("state", "idle")));
            }
            default -> throw unknownRoute(request);
        };
    }

    private APIGatewayV2HTTPResponse suggestionsOf(ApiRequest request) {
        String userId = request.ownUserId();
        int limit = limit(request.query("limit"));
        MemberRepository.Member member = members.load(userId);
        Profile profile = member.profile().orElseThrow(() -> ApiException.notFound(
                "no profile for " + userId + "; sign up with POST /users"));
        Role as = request.query("as").map(v -> Role.parse(v).orElseThrow(() -> ApiException.invalid("as",
                        "unknown value '" + v + "'; expected mentee or mentor")))
                .orElse(profile.isMentee() || !profile.isMentor() ? Role.MENTEE : Role.MENTOR);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("as", as);
        Map<Role, Integer> current = guidelines.currentVersions();
        Optional<Map<String, String>> reason = notMatchable(profile, member, as, current);
        if (reason.isPresent()) {
            body.put("eligible", false);
            body.put("reason", reason.get());
            body.put("suggestions", List.of());
            return ApiResponses.ok(body);
        }
        body.put("eligible", true);
        Optional<SuggestionRepository.Stored> stored = suggestions.find(userId, as);
        if (stored.isEmpty()) {
            body.put("reason", Map.of("code", "PENDING",
                    "message", "your suggestions are being computed; try again in a few seconds"));
            body.put("suggestions", List.of());
            return ApiResponses.ok(body);
        }
        List<StoredSuggestion> visible = stored.get().suggestions().stream()
                .filter(s -> s.counterpartAckVersion() >= current.get(s.counterpartRole()))
                .limit(limit)
                .toList();
        // Public cards are read now, so they are always current; one erased a moment ago is simply left out.
        Map<String, Profile> cards = profiles.findAll(visible.stream().map(StoredSuggestion::userId).toList());
        body.put("computedAt", stored.get().computedAt());
        body.put("suggestions", visible.stream().filter(s -> cards.containsKey(s.userId())).map(s -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("userId", s.userId());
            item.put("score", s.score());
            item.put("commonalities", s.commonalities());
            item.put("profile", PublicCard.of(cards.get(s.userId())));
            return item;
        }).toList());
        return ApiResponses.ok(body);
    }

    /** Why the member cannot be matched in {@code role} yet, in words they can act on. */
    private static Optional<Map<String, String>> notMatchable(Profile profile, MemberRepository.Member member,
                                                              Role role, Map<Role, Integer> current) {
        if (!profile.hasRole(role)) {
            return Optional.of(Map.of("code", "NO_ROLE", "message", "add a " + role + " section to your profile "
                    + "to be matched as a " + role));
        }
        int acknowledged = member.acknowledged(role);
        int version = current.get(role);
        if (acknowledged == 0) {
            return Optional.of(Map.of("code", "GUIDELINES_NOT_ACKNOWLEDGED", "message", "read and acknowledge the "
                    + role + " guidelines (version " + version + ") to be matched"));
        }
        if (acknowledged < version) {
            return Optional.of(Map.of("code", "GUIDELINES_UPDATED", "message", "the " + role + " guidelines changed "
                    + "(now version " + version + "); acknowledge the new version to be matched again"));
        }
        return Optional.empty();
    }

    private APIGatewayV2HTTPResponse setWeights(ApiRequest request) {
        request.requireAdmin();
        Map<?, ?> body = request.body(Map.class);
        Map<Criterion, Integer> values = new EnumMap<>(weights.current().values());
        for (Map.Entry<?, ?> e : body.entrySet()) {
            String key = String.valueOf(e.getKey());
            Criterion criterion = java.util.Arrays.stream(Criterion.values()).filter(c -> c.key().equals(key))
                    .findFirst().orElseThrow(() -> ApiException.invalid(key, "unknown criterion '" + key
                            + "'; expected one of " + java.util.Arrays.stream(Criterion.values())
                            .map(Criterion::key).toList()));
            if (!(e.getValue() instanceof Integer weight) || weight < 0 || weight > Weights.MAX_WEIGHT) {
                throw ApiException.invalid(key, "a whole number from 0 to " + Weights.MAX_WEIGHT);
            }
            values.put(criterion, weight);
        }
        if (values.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            throw ApiException.invalid(null, "at least one weight must be positive");
        }
        Weights updated = new Weights(values);
        Instant now = clock.instant();
        // Every stored list was ranked with the old weights: recompute them all, superseding a running recompute.
        long generation = recomputes.around(now, () -> weights.save(updated, request.callerId(), now),
                version -> "weights v" + version).generation();
        Map<String, Object> out = new LinkedHashMap<>(asJson(updated));
        out.put("recompute", Map.of("generation", generation, "progress", "/admin/matching/recompute"));
        return ApiResponses.ok(out);
    }

    private static Map<String, Integer> asJson(Weights w) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Criterion c : Criterion.values()) {
            out.put(c.key(), w.of(c));
        }
        return out;
    }

    private static int limit(Optional<String> raw) {
        if (raw.isEmpty()) {
            return 20;
        }
        try {
            int limit = Integer.parseInt(raw.get());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw ApiException.invalid("limit", "a whole number from 1 to " + MAX_LIMIT);
    }
}
