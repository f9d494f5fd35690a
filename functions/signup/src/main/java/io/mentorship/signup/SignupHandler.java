package io.mentorship.signup;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mentorship.api.ApiException;
import io.mentorship.api.ApiHandler;
import io.mentorship.api.ApiRequest;
import io.mentorship.api.ApiResponses;
import io.mentorship.aws.AwsClients;
import io.mentorship.aws.LambdaEnvironment;
import io.mentorship.events.EventPublisher;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.events.ProfileChanged.Change;
import io.mentorship.events.ProfileChanged;
import io.mentorship.introductions.IntroductionServices;
import io.mentorship.profile.Profile;
import io.mentorship.profile.ProfileValidator;
import io.mentorship.profile.PublicCard;
import io.mentorship.store.FriendRepository;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.StatsRepository;
import io.mentorship.store.SuggestionRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Sign-up and profile routes: {@code POST /users}, {@code GET|PUT|DELETE /users/{userId}} and
 * {@code PUT /users/{userId}/friends}. Every change is followed by a {@code ProfileChanged} message.
 */
public final class SignupHandler extends ApiHandler {
    private final ProfileRepository profiles;
    private final FriendRepository friends;
    private final SuggestionRepository suggestions;
    private final StatsRepository stats;
    private final IntroductionServices introductions;
    private final ProfileChangePublisher changes;
    private final Clock clock;

    public SignupHandler() {
        this(LambdaEnvironment.current());
    }

    private SignupHandler(LambdaEnvironment env) {
        this(AwsClients.dynamoDb(env), env.require("TABLE_NAME"),
                ProfileChangePublisher.fromEnvironment(env),
                EventPublisher.fromEnvironment(env),
                Clock.systemUTC());
    }

    private SignupHandler(DynamoDbClient dynamo, String table, ProfileChangePublisher changes,
                          EventPublisher events, Clock clock) {
        this(new ProfileRepository(dynamo, table), new FriendRepository(dynamo, table),
                new SuggestionRepository(dynamo, table), new StatsRepository(dynamo, table),
                IntroductionServices.create(dynamo, table, events, changes, clock), changes, clock);
    }

    public SignupHandler(ProfileRepository profiles, FriendRepository friends, SuggestionRepository suggestions,
                         StatsRepository stats, IntroductionServices introductions, ProfileChangePublisher changes,
                         Clock clock) {
        this.profiles = profiles;
        this.friends = friends;
        this.suggestions = suggestions;
        this.stats = stats;
        this.introductions = introductions;
        this.changes = changes;
        this.clock = clock;
    }

    @Override
    public Set<String> routeKeys() {
        return Set.of("POST /users", "GET /users/{userId}", "PUT /users/{userId}", "DELETE /users/{userId}",
                "PUT /users/{userId}/friends");
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return switch (request.routeKey()) {
            case "POST /users" -> signUp(request);
            case "GET /users/{userId}" -> read(request);
            case "PUT /users/{userId}" -> replace(request);
            case "DELETE /users/{userId}" -> erase(request);
            case "PUT /users/{userId}/friends" -> replaceFriends(request);
            default -> throw unknownRoute(request);
        };
    }

    private APIGatewayV2HTTPResponse signUp(ApiRequest request) {
        String userId = request.callerId();
        Profile submitted = ProfileValidator.validate(request.body(Profile.class));
        Instant now = clock.instant();
        Profile profile = submitted.stamped(userId, 1, now, now);
        if (!changes.around(ProfileChanged.of(userId, Change.CREATED, 1, now), () -> profiles.create(profile))) {
            throw ApiException.conflict("PROFILE_EXISTS", "you already have a profile; use PUT /users/" + userId);
        }
        stats.add(roleCounts(profile, 1));
        return ApiResponses.created(profile);
    }

    /** Own profile in full; a suggestion or introduction counterpart's public card; anyone else: 403. */
    private APIGatewayV2HTTPResponse read(ApiRequest request) {
        String userId = request.pathParameter("userId");
        String caller = request.callerId();
        if (userId.equals(caller)) {
            return ApiResponses.ok(existing(userId));
        }
        if (!suggestions.isSuggestedTo(userId, caller)
                && !introductions.introductions().areCounterparts(caller, userId)) {
            throw ApiException.forbidden("you may only read your own profile, or the card of someone suggested or "
                    + "introduced to you");
        }
        return ApiResponses.ok(PublicCard.of(existing(userId)));
    }

    private APIGatewayV2HTTPResponse replace(ApiRequest request) {
        String userId = request.ownUserId();
        Profile submitted = ProfileValidator.validate(request.body(Profile.class));
        if (submitted.version() == null) {
            throw ApiException.invalid("version", "version is required: send the version you last read");
        }
        Profile current = existing(userId);
        long expected = submitted.version();
        if (current.version() != expected) {
            throw stale(current.version());
        }
        Instant now = clock.instant();
        Profile replacement = submitted.stamped(userId, expected + 1, current.createdAt(), now);
        switch (changes.around(ProfileChanged.of(userId, Change.UPDATED, replacement.version(), now),
                () -> profiles.replace(replacement, expected))) {
            case REPLACED -> { }
            case STALE_VERSION -> throw stale(expected + 1);
            case MISSING -> throw ApiException.notFound("no profile for " + userId);
        }
        Map<String, Integer> roles = new java.util.HashMap<>(roleCounts(replacement, 1));
        roleCounts(current, -1).forEach((k, v) -> roles.merge(k, v, Integer::sum));
        stats.add(roles);
        return ApiResponses.ok(replacement);
    }

    private APIGatewayV2HTTPResponse erase(ApiRequest request) {
        String userId = request.ownUserId();
        Profile current = existing(userId);
        Instant now = clock.instant();
        changes.around(ProfileChanged.of(userId, Change.DELETED, current.version() + 1, now), () -> {
            introductions.safety().leave(userId);
            Set<String> formerFriends = friends.remove(userId);
            profiles.deleteAccount(userId);
            return formerFriends;
        }, formerFriends -> formerFriends.stream().map(id -> ProfileChanged.of(id, Change.FRIENDS, 0, now)).toList());
        stats.add(roleCounts(current, -1));
        return ApiResponses.noContent();
    }

    private APIGatewayV2HTTPResponse replaceFriends(ApiRequest request) {
        String userId = request.ownUserId();
        FriendListBody body = request.body(FriendListBody.class);
        List<String> ids = ProfileValidator.friendIds(body.friendIds(), userId);
        Profile current = existing(userId);
        Instant now = clock.instant();
        // Matching finds which friendships began or ended itself, from what it last handled, so a lost message
        // costs nothing and many changes before it runs are handled once.
        FriendRepository.Change change = changes.around(ProfileChanged.of(userId, Change.FRIENDS, current.version(),
                now), () -> friends.replace(userId, ids));
        return ApiResponses.ok(Map.of(
                "friendIds", new TreeSet<>(change.now().listed()),
                "confirmedFriendIds", new TreeSet<>(change.now().confirmed())));
    }

    private static Map<String, Integer> roleCounts(Profile profile, int sign) {
        return Map.of("users.mentor", profile.isMentor() ? sign : 0, "users.mentee", profile.isMentee() ? sign : 0);
    }

    private Profile existing(String userId) {
        return profiles.find(userId).orElseThrow(() -> ApiException.notFound("no profile for " + userId
                + "; sign up with POST /users"));
    }

    private static ApiException stale(long currentVersion) {
        return ApiException.conflict("STALE_VERSION",
                "the profile changed since you read it (now version " + currentVersion + "); read it and retry");
    }

    /** Body of {@code PUT /users/{userId}/friends}. */
    public record FriendListBody(List<String> friendIds) {
    }
}
