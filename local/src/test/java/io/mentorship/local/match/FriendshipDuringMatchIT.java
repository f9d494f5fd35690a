package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.events.ProfileChanged;
import io.mentorship.local.testing.DirectMatching;
import io.mentorship.local.testing.ObservedDynamo;
import io.mentorship.local.testing.Profiles;
import io.mentorship.match.MatchService;
import io.mentorship.profile.Role;
import io.mentorship.store.FriendRepository;
import io.mentorship.store.MatchIndex;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A member's match ranks with the friend lists of the moment, then writes their listing. A friendship begun in
 * between, between a friend of theirs and a counterpart they now share a topic with, is matched to the end before
 * the listing is written: its patch of the member's list judges the member by their old listing, which shares no
 * topic with the counterpart, and skips the list. The match's list then lists the counterpart without the mutual
 * friend they now have, and nothing after would correct it, unless the match notices that the friend lists changed
 * while it ran and matches the member once more.
 */
class FriendshipDuringMatchIT {
    private final DirectMatching stack = new DirectMatching();
    private final String topic = Profiles.uniqueId("career");
    private final String elsewhere = Profiles.uniqueId("elsewhere");
    private final FriendRepository friends = new FriendRepository(stack.runtime().dynamo(), stack.table());
    private final MatchService service = stack.service(MatchService.Limits.DEFAULT);
    private final AtomicReference<Runnable> beforeListingWritten = new AtomicReference<>();

    @Test
    void aFriendshipBegunWhileAMemberChangesTopicsIsInTheirListOnceMatched() {
        String mia = Profiles.uniqueId("mia");
        String fay = Profiles.uniqueId("fay");
        String rui = Profiles.uniqueId("rui");
        // fay is mia's friend; rui, a mentor of the topic mia moves to, is not yet fay's.
        friends.replace(mia, List.of(fay));
        friends.replace(fay, List.of(mia));
        stack.signUp(service, mia, Role.MENTEE, elsewhere);
        stack.signUp(service, fay, Role.MENTEE, Profiles.uniqueId("other"));
        stack.signUp(service, rui, Role.MENTOR, topic);
        stack.runQueuedWork(service, null);
        assertThat(stack.listOf(mia, Role.MENTEE)).isEmpty();

        MatchService racing = stack.service(new ObservedDynamo(stack.runtime().dynamo(),
                ObservedDynamo.stepBeforePut(MatchIndex.LISTING, beforeListingWritten)), MatchService.Limits.DEFAULT);
        beforeListingWritten.set(() -> {
            // mia's match has ranked rui (no mutual friend) and stored her list; before her listing says she is
            // on rui's topic, rui and fay become friends, and that change is matched to the end.
            friends.replace(rui, List.of(fay));
            friends.replace(fay, List.of(mia, rui));
            service.onProfileChanged(ProfileChanged.of(rui, ProfileChanged.Change.FRIENDS, 1, Instant.now()));
            stack.runQueuedWork(service, null);
        });
        Map<String, Object> moved = DirectMatching.body(mia, Role.MENTEE, topic, true, List.of("jazz", "chess"));
        racing.onProfileChanged(stack.replace(mia, DirectMatching.profile(moved)));
        assertThat(beforeListingWritten.get()).as("the race was staged").isNull();
        for (ProfileChanged again : stack.takeProfileChanges(mia, 1)) {
            service.onProfileChanged(again);
        }
        stack.runQueuedWork(service, null);

        stack.assertListIsRecomputedList(service, mia, Role.MENTEE, rui);
    }
}
