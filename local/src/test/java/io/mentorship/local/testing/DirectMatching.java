package io.mentorship.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.events.MatchWork.FriendsChanged;
import io.mentorship.events.MatchWork.GlobalRecompute;
import io.mentorship.events.MatchWork.Patch;
import io.mentorship.events.MatchWork.Recompute;
import io.mentorship.events.MatchWork.ViewersOf;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.events.ProfileChanged;
import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.json.Json;
import io.mentorship.local.LocalRuntime;
import io.mentorship.match.MatchHandler;
import io.mentorship.match.MatchService;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Profile;
import io.mentorship.profile.ProfileValidator;
import io.mentorship.profile.Role;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.SuggestionRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A stack of its own on which a test plays the match function itself: it signs members up through the
 * repositories, runs each change through a {@link MatchService} it chooses, and runs or drops the work queued.
 */
public final class DirectMatching {
    private static final String QUEUE = "ProfileChangesQueue";
    private final LocalRuntime runtime = TestStack.isolated();
    private final String table = runtime.stack().resource("MentorshipTable").ref();
    private final ProfileRepository profiles = new ProfileRepository(runtime.dynamo(), table);
    private final GuidelinesRepository guidelines = new GuidelinesRepository(runtime.dynamo(), table);
    private final ProfileChangePublisher work = new ProfileChangePublisher(runtime.sqs(), Queues.url(runtime, QUEUE));

    public LocalRuntime runtime() {
        return runtime;
    }

    public String table() {
        return table;
    }

    public ProfileRepository profiles() {
        return profiles;
    }

    public GuidelinesRepository guidelines() {
        return guidelines;
    }

    public MatchService service(MatchService.Limits limits) {
        return service(runtime.dynamo(), limits);
    }

    /** The match function's service over {@code dynamo} (the real client, or one a test observes). */
    public MatchService service(DynamoDbClient dynamo, MatchService.Limits limits) {
        return MatchHandler.service(dynamo, table, work, limits);
    }

    /**
     * The body of a one-topic profile as the API takes it, in English with these interests (a mentor with room for
     * three mentees); a test adds what else it needs.
     */
    public static Map<String, Object> body(String id, Role role, String topic, boolean accepting,
                                           List<String> interests) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("displayName", id);
        body.put(role.toString(), role == Role.MENTOR
                ? Map.of("topics", List.of(topic), "capacity", 3, "accepting", accepting)
                : Map.of("topics", List.of(topic)));
        body.put("languages", List.of("en"));
        if (!interests.isEmpty()) {
            body.put("interests", interests);
        }
        return body;
    }

    /** A profile as the API takes it: the body validated. */
    public static Profile profile(Map<String, Object> body) {
        return ProfileValidator.validate(Json.mapper().convertValue(body, Profile.class));
    }

    /** Signs {@code id} up as the API would (profile written, guidelines of {@code role} acknowledged). */
    public void signUp(MatchService by, String id, Role role, Profile profile) {
        Instant now = Instant.now();
        profiles.create(profile.stamped(id, 1, now, now));
        guidelines.acknowledge(id, role, guidelines.current(role).version(), now);
        by.onProfileChanged(ProfileChanged.of(id, ProfileChanged.Change.CREATED, 1, now));
    }

    /** Replaces {@code id}'s profile with the next version, as the API would; returns the change to match. */
    public ProfileChanged replace(String id, Profile next) {
        Profile current = profiles.find(id).orElseThrow();
        Instant now = Instant.now();
        profiles.replace(next.stamped(id, current.version() + 1, current.createdAt(), now), current.version());
        return ProfileChanged.of(id, ProfileChanged.Change.UPDATED, current.version() + 1, now);
    }

    /** Signs {@code id} up in one topic of {@code role}, in English, with interests in jazz and chess. */
    public void signUp(MatchService by, String id, Role role, String topic) {
        signUp(by, id, role, profile(id, role, topic, true));
    }

    /** Signs up a new member (a unique id from {@code name}) as {@link #profile(String, Role, String, boolean)}. */
    public String member(MatchService by, String name, Role role, String topic, boolean accepting) {
        String id = Profiles.uniqueId(name);
        signUp(by, id, role, profile(id, role, topic, accepting));
        return id;
    }

    /** Signs up a new member (a unique id from {@code name}), accepting mentees if a mentor, with these interests. */
    public String member(MatchService by, String name, Role role, String topic, List<String> interests) {
        String id = Profiles.uniqueId(name);
        signUp(by, id, role, profile(id, role, topic, interests));
        return id;
    }

    /** A profile in one topic of {@code role}, in English, with these interests (accepting mentees if a mentor). */
    public static Profile profile(String id, Role role, String topic, List<String> interests) {
        return profile(body(id, role, topic, true, interests));
    }

    /** A profile in one topic of {@code role}, in English, with interests in jazz and chess. */
    public static Profile profile(String id, Role role, String topic, boolean accepting) {
        return profile(body(id, role, topic, accepting, List.of("jazz", "chess")));
    }

    /**
     * Checks that {@code userId}'s list in {@code role}, as it stands after a race, equals a recomputation from
     * scratch by {@code by} (same entries, exact scores and commonalities), which holds exactly {@code ids}.
     */
    public void assertListIsRecomputedList(MatchService by, String userId, Role role, String... ids) {
        List<StoredSuggestion> stored = listOf(userId, role);
        by.onRecompute(Recompute.of(List.of(userId), null));
        List<StoredSuggestion> exact = listOf(userId, role);
        org.assertj.core.api.Assertions.assertThat(exact).extracting(StoredSuggestion::userId).containsExactly(ids);
        org.assertj.core.api.Assertions.assertThat(stored).as("the list after the race, against a recomputation")
                .extracting(StoredSuggestion::userId, StoredSuggestion::exactScore, StoredSuggestion::commonalities)
                .containsExactlyElementsOf(exact.stream().map(s -> org.assertj.core.groups.Tuple.tuple(s.userId(),
                        s.exactScore(), s.commonalities())).toList());
    }

    public List<StoredSuggestion> listOf(String userId, Role role) {
        return new SuggestionRepository(runtime.dynamo(), table).find(userId, role).orElseThrow().suggestions();
    }

    /**
     * Runs the work queued (only messages of {@code type} if given, one round) with {@code on}, as the match
     * function would, until none is left. {@code ProfileChanged} messages are left out: the test runs each change.
     */
    public void runQueuedWork(MatchService on, String type) {
        for (int round = 0; round < 20; round++) {
            List<JsonNode> messages = Queues.take(runtime, QUEUE,
                    m -> type == null || type.equals(m.path("type").asText()), 100, Duration.ofSeconds(2));
            if (messages.isEmpty()) {
                return;
            }
            for (JsonNode message : messages) {
                switch (message.path("type").asText()) {
                    case Patch.TYPE -> on.onPatches(List.of(Json.mapper().convertValue(message, Patch.class)));
                    case Recompute.TYPE -> on.onRecompute(Json.mapper().convertValue(message, Recompute.class));
                    case ViewersOf.TYPE -> on.onViewersOf(Json.mapper().convertValue(message, ViewersOf.class));
                    case FriendsChanged.TYPE -> on.onFriendsChanged(Json.mapper().convertValue(message,
                            FriendsChanged.class));
                    case GlobalRecompute.TYPE -> on.onGlobalRecompute(Json.mapper().convertValue(message,
                            GlobalRecompute.class));
                    default -> {
                        // ProfileChanged: the test runs each change itself.
                    }
                }
            }
            if (type != null) {
                return;
            }
        }
    }

    /** Drops the work queued, for a test that runs each change itself and does not need the rest. */
    public void dropQueuedWork() {
        Queues.take(runtime, QUEUE, m -> true, 1000, Duration.ofSeconds(1));
    }

    /** The {@code ProfileChanged} messages queued for {@code userId} (taken off the queue). */
    public List<ProfileChanged> takeProfileChanges(String userId, int count) {
        return Queues.take(runtime, QUEUE, m -> ProfileChanged.TYPE.equals(m.path("type").asText())
                        && userId.equals(m.path("userId").asText()), count, Duration.ofSeconds(5)).stream()
                .map(m -> Json.mapper().convertValue(m, ProfileChanged.class)).toList();
    }
}
