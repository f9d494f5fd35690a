package io.mentorship.local.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mentorship.domain.DomainException;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.ObservedDynamo;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.TestStack;
import io.mentorship.profile.ProfileValidator;
import io.mentorship.store.FriendRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;

/**
 * Friend lists at the social network's size (5,000) on the emulator: a change costs what it changes, not the
 * list's length, and a replacement cut short is finished by the retry.
 */
class FriendListsIT {
    private final LocalRuntime runtime = TestStack.isolated();
    private final String table = runtime.stack().resource("MentorshipTable").ref();
    private final Counter dynamo = new Counter();
    private final MovingClock clock = new MovingClock();
    private final FriendRepository friends = new FriendRepository(new ObservedDynamo(runtime.dynamo(), dynamo), table,
            clock);

    @Test
    void aFiveThousandFriendListChangesAtTheCostOfWhatChanged() {
        String ana = Profiles.uniqueId("ana");
        String ben = Profiles.uniqueId("ben");
        String cleo = Profiles.uniqueId("cleo");
        List<String> list = new ArrayList<>(ids("f", ProfileValidator.MAX_FRIENDS - 1));
        list.add(ben);
        assertThat(ProfileValidator.friendIds(list, ana)).hasSize(5000);
        friends.replace(ben, List.of(ana));
        friends.replace(cleo, List.of(ana));

        FriendRepository.Change first = friends.replace(ana, list);
        assertThat(first.now().listed()).hasSize(5000);
        assertThat(first.confirmedGained()).containsExactly(ben);

        // One friend more: Cleo, who listed Ana already.
        list.add(cleo);
        dynamo.reset();
        FriendRepository.Change second = friends.replace(ana, list);
        assertThat(second.confirmedGained()).containsExactly(cleo);
        assertThat(friends.find(cleo).confirmed()).containsExactly(ana);
        assertThat(dynamo.keysRead.get()).as("items read: Ana's two, Cleo's, Ana's again (and the find above)")
                .isLessThanOrEqualTo(5);
        assertThat(dynamo.writes.get()).as("writes: pending, list, Cleo's side, Ana's side, pending done")
                .isEqualTo(5);

        // One friend fewer: Ben.
        list.remove(ben);
        dynamo.reset();
        FriendRepository.Change third = friends.replace(ana, list);
        assertThat(third.confirmedLost()).containsExactly(ben);
        assertThat(friends.find(ben).confirmed()).isEmpty();
        assertThat(dynamo.keysRead.get()).isLessThanOrEqualTo(4);
        assertThat(dynamo.writes.get()).isEqualTo(5);
        assertThat(friends.find(ana).confirmed()).containsExactly(cleo);
    }

    @Test
    void aReplacementCutShortIsFinishedByItsRetry() {
        String ana = Profiles.uniqueId("ana");
        String ben = Profiles.uniqueId("ben");
        friends.replace(ben, List.of(ana));

        // Ana's list is written (after noting what is pending), then the function dies before reading Ben's side.
        dynamo.crashAfter(2, true);
        assertThatThrownBy(() -> friends.replace(ana, List.of(ben))).hasMessageContaining("cut short");
        assertThat(friends.find(ana).listed()).containsExactly(ben);
        assertThat(friends.find(ana).confirmed()).isEmpty();
        // The replacement cut short still holds the list: another one is refused until its lease runs out.
        assertThatThrownBy(() -> friends.replace(ana, List.of(ben))).isInstanceOf(DomainException.class)
                .hasMessageContaining("in progress");
        clock.advance(Duration.ofSeconds(31));
        FriendRepository.Change retried = friends.replace(ana, List.of(ben));
        assertThat(retried.confirmedGained()).containsExactly(ben);
        assertThat(friends.find(ben).confirmed()).containsExactly(ana);
        assertThat(friends.find(ana).confirmed()).containsExactly(ben);

        // Ending it, cut short once Ben's side is undone: the retry undoes Ana's.
        dynamo.crashAfter(3, false);
        assertThatThrownBy(() -> friends.replace(ana, List.of())).hasMessageContaining("cut short");
        assertThat(friends.find(ben).confirmed()).isEmpty();
        assertThat(friends.find(ana).confirmed()).containsExactly(ben);
        clock.advance(Duration.ofSeconds(31));
        FriendRepository.Change ended = friends.replace(ana, List.of());
        assertThat(ended.confirmedLost()).containsExactly(ben);
        assertThat(friends.find(ana).confirmed()).isEmpty();
    }

    @Test
    void aCutShortReplacementsHalfConfirmationIsUndoneWhenTheRetryNoLongerListsTheFriend() {
        String ana = Profiles.uniqueId("ana");
        String ben = Profiles.uniqueId("ben");
        friends.replace(ben, List.of(ana));
        // Ben's side is confirmed, then the function dies before Ana's side is.
        dynamo.crashAfter(3, false);
        assertThatThrownBy(() -> friends.replace(ana, List.of(ben))).hasMessageContaining("cut short");
        assertThat(friends.find(ben).confirmed()).containsExactly(ana);
        assertThat(friends.find(ana).confirmed()).isEmpty();
        // Ana changes her mind before retrying: Ben's confirmation must not outlive her list.
        clock.advance(Duration.ofSeconds(31));
        friends.replace(ana, List.of());
        assertThat(friends.find(ben).confirmed()).isEmpty();
        assertThat(friends.find(ana).confirmed()).isEmpty();
    }

    @Test
    void importingAListWhoseMembersAllListedTheMemberConfirmsEveryone() {
        String ana = Profiles.uniqueId("ana");
        List<String> others = ids("mutual", 300);
        others.forEach(id -> friends.replace(id, List.of(ana)));
        FriendRepository.Change imported = friends.replace(ana, others);
        assertThat(imported.confirmedGained()).hasSize(300);
        assertThat(imported.now().confirmed()).containsExactlyInAnyOrderElementsOf(others);
        assertThat(friends.findAll(others).values()).allSatisfy(list -> assertThat(list.confirmed())
                .containsExactly(ana));
    }

    private static List<String> ids(String prefix, int count) {
        String run = Profiles.uniqueId(prefix);
        return IntStream.range(0, count).mapToObj(i -> run + "-" + i).toList();
    }

    /** A clock a test moves on (leases run out without waiting). */
    private static final class MovingClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Counts what is read and written, and can stop a replacement part way (a crash). */
    private static final class Counter implements ObservedDynamo.Observer {
        final AtomicInteger keysRead = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        private int crashAfterWrites = -1;
        private boolean crashOnRead;

        void reset() {
            keysRead.set(0);
            writes.set(0);
        }

        /** The call after {@code n} more writes fails: the next read if {@code onRead}, else the next write. */
        void crashAfter(int n, boolean onRead) {
            reset();
            crashAfterWrites = n;
            crashOnRead = onRead;
        }

        @Override
        public void before(DynamoDbRequest request) {
            boolean write = ObservedDynamo.writes(request);
            if (crashAfterWrites >= 0 && writes.get() >= crashAfterWrites && write != crashOnRead) {
                crashAfterWrites = -1;
                throw new IllegalStateException("cut short");
            }
            if (write) {
                writes.incrementAndGet();
            } else if (request instanceof BatchGetItemRequest batch) {
                batch.requestItems().values().forEach(k -> keysRead.addAndGet(k.keys().size()));
            }
        }
    }
}
