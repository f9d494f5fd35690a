package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.events.ProfileChanged;
import io.mentorship.local.testing.DirectMatching;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.TableItems;
import io.mentorship.match.MatchService;
import io.mentorship.profile.Role;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.TableLayout;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An erased member leaves no reverse pointer naming them, on the emulators: neither one to their place in others'
 * lists nor one from their own lists. Those a list names go with the list, or with the patch that drops the member
 * from it. A list write that lost to another writer leaves the pointers it put (it may have landed on a retried
 * call), which no list names; here that state is put directly, as such a write leaves it (LostPatchWriteIT stages
 * the lost write itself).
 */
class ErasedPointersIT {
    private final DirectMatching stack = new DirectMatching();
    private final String topic = Profiles.uniqueId("pointers");
    private final ProfileRepository profiles = stack.profiles();
    private final MatchService service = stack.service(MatchService.Limits.DEFAULT);

    @Test
    void theErasuresFollowUpDeletesThePointersToTheMemberThatNoListNames() {
        Members m = membersWithALostPointer();
        String mentor = m.mentor();
        String mentee = m.mentee();
        String lost = m.lost();

        ProfileChanged erased = erase(mentor);
        assertThat(stack.listOf(mentee, Role.MENTEE)).as("the mentor left the mentee's list").isEmpty();
        assertThat(TableItems.pointersNaming(stack.runtime(), mentor)).as("what the first walk leaves")
                .containsExactly(lost);

        service.onProfileChanged(erased.asFollowUp(), null);
        stack.runQueuedWork(service, null);
        assertThat(TableItems.pointersNaming(stack.runtime(), mentor)).isEmpty();
        assertThat(TableItems.naming(stack.runtime(), mentor)).isEmpty();
    }

    @Test
    void aWalkThatMeetsAnErasedViewerDeletesTheirPointersThatNoListNames() {
        Members m = membersWithALostPointer();
        String mentor = m.mentor();
        String mentee = m.mentee();
        String lost = m.lost();

        ProfileChanged erased = erase(mentee);
        service.onProfileChanged(erased.asFollowUp(), null);
        stack.runQueuedWork(service, null);
        assertThat(TableItems.pointersNaming(stack.runtime(), mentee)).as("the erased mentee's list named only one")
                .containsExactly(lost);

        // The mentor's next change walks the lists that hold her, and meets the erased viewer.
        service.onProfileChanged(stack.replace(mentor, DirectMatching.profile(mentor, Role.MENTOR, topic,
                List.of("a", "b"))));
        stack.runQueuedWork(service, null);
        assertThat(TableItems.pointersNaming(stack.runtime(), mentee)).isEmpty();
    }

    /** A mentor and a mentee in each other's lists, and a pointer as a lost write of the mentee's list leaves it. */
    private Members membersWithALostPointer() {
        String mentor = stack.member(service, "rita", Role.MENTOR, topic, List.of("a"));
        String mentee = stack.member(service, "mia", Role.MENTEE, topic, List.of("a"));
        stack.runQueuedWork(service, null);
        return new Members(mentor, mentee, lostWritePointer(mentor, mentee));
    }

    /** {@code lost}: the pointer's key as {@link TableItems#pointersNaming} shows it. */
    private record Members(String mentor, String mentee, String lost) {
    }

    /** A pointer from the mentee's list to the mentor's place in it, as a lost write of that list leaves it. */
    private String lostWritePointer(String mentor, String mentee) {
        String sk = TableLayout.suggestedEntry(mentee, Role.MENTEE, "lost", 99);
        stack.runtime().dynamo().putItem(r -> r.tableName(stack.table()).item(Map.of(
                TableLayout.PK, AttributeValue.fromS(TableLayout.SUGGESTED.of(mentor)),
                TableLayout.SK, AttributeValue.fromS(sk),
                "userId", AttributeValue.fromS(mentee))));
        return TableLayout.SUGGESTED.of(mentor) + " / " + sk;
    }

    /** Erases the member as the API does and handles the erasure's message (not yet its follow-up). */
    private ProfileChanged erase(String userId) {
        profiles.deleteAccount(userId);
        ProfileChanged erased = ProfileChanged.of(userId, ProfileChanged.Change.DELETED, 2, Instant.now());
        service.onProfileChanged(erased);
        stack.runQueuedWork(service, null);
        return erased;
    }
}
