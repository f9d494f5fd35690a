package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.events.ProfileChanged;
import io.mentorship.local.testing.DirectMatching;
import io.mentorship.local.testing.ObservedDynamo;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.TableItems;
import io.mentorship.match.MatchService;
import io.mentorship.profile.Role;
import io.mentorship.store.MemberRepository;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.TableLayout;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A member erases their account while a match of theirs is in flight: the match read them before the erasure and
 * writes after it (their listing, index entries, lists and marks), after the erasure's own message was handled.
 * The erasure's follow-up, which waits past both functions' timeouts, clears what that match wrote.
 */
class ErasureRaceIT {
    private final DirectMatching stack = new DirectMatching();
    private final String topic = Profiles.uniqueId("erasure");
    private final ProfileRepository profiles = stack.profiles();
    private final MatchService service = stack.service(MatchService.Limits.DEFAULT);
    private final AtomicReference<Runnable> afterMemberRead = new AtomicReference<>();
    /** A match whose read of the member is followed by a step (the reply is the earlier read). */
    private final MatchService stale = stack.service(new ObservedDynamo(stack.runtime().dynamo(),
            ObservedDynamo.stepAfterQuery(TableLayout.user(""), afterMemberRead)), MatchService.Limits.DEFAULT);

    @Test
    void theErasuresFollowUpClearsWhatAMatchInFlightWroteAfterIt() {
        String mentor = member("rita", Role.MENTOR);
        member("mia", Role.MENTEE);
        assertThat(TableItems.naming(stack.runtime(), mentor)).isNotEmpty();

        ProfileChanged erased = ProfileChanged.of(mentor, ProfileChanged.Change.DELETED, 2, Instant.now());
        afterMemberRead.set(() -> {
            // The account is erased and its message handled while the stale match holds the member it read.
            profiles.deleteAccount(mentor);
            service.onProfileChanged(erased);
            assertThat(TableItems.naming(stack.runtime(), mentor)).as("the erasure's message removed everything")
                    .isEmpty();
        });
        stale.onProfileChanged(ProfileChanged.of(mentor, ProfileChanged.Change.UPDATED, 1, Instant.now()));
        assertThat(afterMemberRead.get()).as("the race was staged").isNull();
        assertThat(TableItems.naming(stack.runtime(), mentor)).as("what the match in flight wrote after the erasure")
                .isNotEmpty();

        service.onProfileChanged(erased.asFollowUp(), null);
        assertThat(TableItems.naming(stack.runtime(), mentor)).isEmpty();
        stack.dropQueuedWork();
    }

    @Test
    void aFriendsMatchRecordingTheirSideAfterTheErasureLeavesNothing() {
        String mentor = member("rita", Role.MENTOR);
        profiles.deleteAccount(mentor);
        service.onProfileChanged(ProfileChanged.of(mentor, ProfileChanged.Change.DELETED, 2, Instant.now()));
        assertThat(TableItems.naming(stack.runtime(), mentor)).isEmpty();
        // A friend's match, late in a backlog, records the ended friendship on the erased member's side.
        MemberRepository members = new MemberRepository(stack.runtime().dynamo(), stack.table());
        members.recordMatchedFriendship(mentor, Profiles.uniqueId("friend"), false);
        members.recordMatchedFriendship(mentor, Profiles.uniqueId("friend"), true);
        assertThat(TableItems.naming(stack.runtime(), mentor)).isEmpty();
        stack.dropQueuedWork();
    }

    /**
     * A match of the member wrote their index items and stopped before their listing (which names the items), and
     * then the member erases their account: the erasure still finds those items (matching's marks keep the items a
     * match may have written) and removes them.
     */
    @Test
    void anErasureRemovesIndexItemsThatAStoppedMatchWroteAndNoListingNames() {
        String mentor = member("rita", Role.MENTOR);
        ObservedDynamo.Observer stopBeforeListing = new ObservedDynamo.Observer() {
            @Override
            public void before(software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest request) {
                if (request instanceof software.amazon.awssdk.services.dynamodb.model.PutItemRequest put
                        && TableLayout.LISTING.equals(put.item().get(TableLayout.SK).s())) {
                    throw new IllegalStateException("stopped before the listing");
                }
            }
        };
        MatchService stopping = stack.service(new ObservedDynamo(stack.runtime().dynamo(), stopBeforeListing),
                MatchService.Limits.DEFAULT);
        String elsewhere = Profiles.uniqueId("elsewhere");
        ProfileChanged moved = stack.replace(mentor, DirectMatching.profile(DirectMatching.body(mentor, Role.MENTOR,
                elsewhere, true, List.of())));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> stopping.onProfileChanged(moved))
                .hasMessageContaining("stopped before the listing");

        profiles.deleteAccount(mentor);
        service.onProfileChanged(ProfileChanged.of(mentor, ProfileChanged.Change.DELETED, 3, Instant.now()));
        assertThat(TableItems.naming(stack.runtime(), mentor)).isEmpty();
        stack.dropQueuedWork();
    }

    private String member(String name, Role role) {
        String id = Profiles.uniqueId(name);
        Map<String, Object> body = DirectMatching.body(id, role, topic, true, List.of());
        stack.signUp(service, id, role, DirectMatching.profile(body));
        return id;
    }
}
