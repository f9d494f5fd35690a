package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.events.ProfileChanged;
import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.json.Json;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.ObservedDynamo;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.Queues;
import io.mentorship.local.testing.TestStack;
import io.mentorship.match.MatchHandler;
import io.mentorship.match.MatchService;
import io.mentorship.profile.Profile;
import io.mentorship.profile.ProfileValidator;
import io.mentorship.profile.Role;
import io.mentorship.store.MemberRepository;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.TableLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A member erases their account while a match of theirs is in flight: the match read them before the erasure and
 * writes after it (their listing, index entries, lists and marks), after the erasure's own message was handled.
 * The erasure's follow-up, which waits past both functions' timeouts, clears what that match wrote.
 */
class ErasureRaceIT {
    private final LocalRuntime runtime = TestStack.isolated();
    private final String table = runtime.stack().resource("MentorshipTable").ref();
    private final String topic = Profiles.uniqueId("erasure");
    private final ProfileRepository profiles = new ProfileRepository(runtime.dynamo(), table);
    private final GuidelinesRepository guidelines = new GuidelinesRepository(runtime.dynamo(), table);
    private final ProfileChangePublisher work = new ProfileChangePublisher(runtime.sqs(),
            Queues.url(runtime, "ProfileChangesQueue"));
    private final MatchService service = MatchHandler.service(runtime.dynamo(), table, work,
            MatchService.Limits.DEFAULT);
    private final AtomicReference<Runnable> afterMemberRead = new AtomicReference<>();
    /** A match whose read of the member is followed by a step (the reply is the earlier read). */
    private final MatchService stale = MatchHandler.service(new ObservedDynamo(runtime.dynamo(),
            ObservedDynamo.stepAfterQuery(TableLayout.user(""), afterMemberRead)), table, work,
            MatchService.Limits.DEFAULT);

    @Test
    void theErasuresFollowUpClearsWhatAMatchInFlightWroteAfterIt() {
        String mentor = member("rita", Role.MENTOR);
        member("mia", Role.MENTEE);
        assertThat(itemsNaming(mentor)).isNotEmpty();

        ProfileChanged erased = ProfileChanged.of(mentor, ProfileChanged.Change.DELETED, 2, Instant.now());
        afterMemberRead.set(() -> {
            // The account is erased and its message handled while the stale match holds the member it read.
            profiles.deleteAccount(mentor);
            service.onProfileChanged(erased);
            assertThat(itemsNaming(mentor)).as("the erasure's message removed everything").isEmpty();
        });
        stale.onProfileChanged(ProfileChanged.of(mentor, ProfileChanged.Change.UPDATED, 1, Instant.now()));
        assertThat(afterMemberRead.get()).as("the race was staged").isNull();
        assertThat(itemsNaming(mentor)).as("what the match in flight wrote after the erasure").isNotEmpty();

        service.onProfileChanged(erased.asFollowUp(), null);
        assertThat(itemsNaming(mentor)).isEmpty();
        Queues.take(runtime, "ProfileChangesQueue", m -> true, 100, Duration.ofMillis(300));
    }

    @Test
    void aFriendsMatchRecordingTheirSideAfterTheErasureLeavesNothing() {
        String mentor = member("rita", Role.MENTOR);
        profiles.deleteAccount(mentor);
        service.onProfileChanged(ProfileChanged.of(mentor, ProfileChanged.Change.DELETED, 2, Instant.now()));
        assertThat(itemsNaming(mentor)).isEmpty();
        // A friend's match, late in a backlog, records the ended friendship on the erased member's side.
        MemberRepository members = new MemberRepository(runtime.dynamo(), table);
        members.recordMatchedFriendship(mentor, Profiles.uniqueId("friend"), false);
        members.recordMatchedFriendship(mentor, Profiles.uniqueId("friend"), true);
        assertThat(itemsNaming(mentor)).isEmpty();
        Queues.take(runtime, "ProfileChangesQueue", m -> true, 100, Duration.ofMillis(300));
    }

    private String member(String name, Role role) {
        String id = Profiles.uniqueId(name);
        Instant now = Instant.now();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", id);
        body.put(role.toString(), role == Role.MENTOR
                ? Map.of("topics", List.of(topic), "capacity", 3, "accepting", true)
                : Map.of("topics", List.of(topic)));
        body.put("languages", List.of("en"));
        Profile profile = ProfileValidator.validate(Json.mapper().convertValue(body, Profile.class));
        profiles.create(profile.stamped(id, 1, now, now));
        guidelines.acknowledge(id, role, guidelines.current(role).version(), now);
        service.onProfileChanged(ProfileChanged.of(id, ProfileChanged.Change.CREATED, 1, now));
        return id;
    }

    /** Items whose key names the member: their own partition, their lists, their index entries. */
    private List<String> itemsNaming(String userId) {
        return runtime.dynamo().scanPaginator(r -> r.tableName(table)
                        .filterExpression("pk = :own OR pk = :lists OR sk = :id")
                        .expressionAttributeValues(Map.of(":own", AttributeValue.fromS(TableLayout.user(userId)),
                                ":lists", AttributeValue.fromS(TableLayout.SUGGESTIONS.of(userId)),
                                ":id", AttributeValue.fromS(userId))))
                .items().stream().map(i -> i.get("pk").s() + " / " + i.get("sk").s()).toList();
    }
}
