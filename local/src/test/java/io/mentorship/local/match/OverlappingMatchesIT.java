package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.events.ProfileChanged;
import io.mentorship.local.testing.DirectMatching;
import io.mentorship.local.testing.ObservedDynamo;
import io.mentorship.local.testing.Profiles;
import io.mentorship.match.MatchService;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import io.mentorship.store.TableLayout;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Two matches of one member at once, as two instances of the match function run them when the member changes twice
 * in a row, on the emulators. A mentor moves from topic A to B and then to C; whichever way the two matches
 * interleave, once the queues are drained the mentor must be listed in C alone: a B mentee's list recomputed from
 * the index must not hold them, nor a B index item outlive the matches (it would rank the mentor by a card they no
 * longer have), and the C mentee's list must hold them.
 */
class OverlappingMatchesIT {
    private final DirectMatching stack = new DirectMatching();
    private final String topicA = Profiles.uniqueId("overlap-a");
    private final String topicB = Profiles.uniqueId("overlap-b");
    private final String topicC = Profiles.uniqueId("overlap-c");
    private final MatchService.Limits limits = new MatchService.Limits(2, 0, 100, 5, 25, 50);
    private final MatchService service = stack.service(limits);

    /**
     * The first match reads the mentor (in B) and, before it counts itself begun, the second change (to C) is
     * written and matched from start to end. The first, overlapped, writes the B card it read (and removes the C
     * item the second wrote, as an item of a match begun since the last finished), and its finish is refused: the
     * mentor is matched once more, which must leave the B item gone and the C item back.
     */
    @Test
    void aMatchOverlappedBeforeItBeganLeavesTheMemberAsTheirLastChange() {
        Members m = members();
        ProfileChanged toB = stack.replace(m.mentor(), mentor(m.mentor(), topicB));
        AtomicReference<Runnable> step = new AtomicReference<>(() -> {
            service.onProfileChanged(stack.replace(m.mentor(), mentor(m.mentor(), topicC)));
            stack.runQueuedWork(service, null);
        });
        MatchService racing = stack.service(new ObservedDynamo(stack.runtime().dynamo(),
                ObservedDynamo.stepBefore(request -> beginsMatchOf(request, m.mentor()), step)), limits);

        racing.onProfileChanged(toB);
        assertThat(step.get()).as("the race was staged").isNull();
        settle(m.mentor());

        stack.assertListIsRecomputedList(service, m.inB(), Role.MENTEE);
        stack.assertListIsRecomputedList(service, m.inC(), Role.MENTEE, m.mentor());
    }

    /**
     * The first match (to B) has written its B index item and not yet its listing when the second (to C) begins,
     * reading the listing of A; the first's listing is written after the second's index items and before its
     * listing. Neither listing names the B item then, yet it must go.
     */
    @Test
    void anIndexItemOfAnOverlappedMatchThatNoListingNamesDoesNotOutliveTheMatches() throws Exception {
        Members m = members();
        overlap(m.mentor(), mentor(m.mentor(), topicB), mentor(m.mentor(), topicC));

        stack.assertListIsRecomputedList(service, m.inB(), Role.MENTEE);
        stack.assertListIsRecomputedList(service, m.inC(), Role.MENTEE, m.mentor());
    }

    /**
     * As above, with the second change leaving the mentor in B but no longer accepting mentees: the second match
     * writes no index item, though the mentor still has a card in B. The first's B item must go all the same.
     */
    @Test
    void anIndexItemOfAnOverlappedMatchGoesWhenTheLaterMatchListsTheMemberNowhere() throws Exception {
        Members m = members();
        overlap(m.mentor(), mentor(m.mentor(), topicB), DirectMatching.profile(DirectMatching.body(m.mentor(),
                Role.MENTOR, topicB, false, List.of("a"))));

        stack.assertListIsRecomputedList(service, m.inB(), Role.MENTEE);
    }

    /**
     * The mentor's profile becomes {@code first}, whose match writes its index items and waits; then {@code second},
     * whose match (reading the listing of before either) writes its items; then the first's listing is written, then
     * the second's; then what the matches queued is run.
     */
    private void overlap(String mentor, Profile first, Profile second)
            throws Exception {
        CountDownLatch firstIndexed = new CountDownLatch(1);
        CountDownLatch secondIndexed = new CountDownLatch(1);
        CountDownLatch firstListed = new CountDownLatch(1);
        Predicate<DynamoDbRequest> listingPut = request -> putsListingOf(request, mentor);
        MatchService firstMatching = waitingMatch(mentor, listingPut, firstIndexed, secondIndexed, firstListed);
        AtomicReference<Runnable> beforeSecondListing = new AtomicReference<>(() -> {
            secondIndexed.countDown();
            await(firstListed);
        });
        MatchService secondMatching = stack.service(new ObservedDynamo(stack.runtime().dynamo(),
                ObservedDynamo.stepBefore(listingPut, beforeSecondListing)), limits);

        ProfileChanged toFirst = stack.replace(mentor, first);
        CompletableFuture<Boolean> firstMatch = CompletableFuture.supplyAsync(
                () -> firstMatching.onProfileChanged(toFirst));
        await(firstIndexed);
        secondMatching.onProfileChanged(stack.replace(mentor, second));
        firstMatch.get(60, TimeUnit.SECONDS);
        assertThat(beforeSecondListing.get()).as("the race was staged").isNull();
        settle(mentor);
    }

    /**
     * As above, in the other order: the second match (to C) removes the first's B item before the first writes it;
     * the first's listing lands before the second's, and the first, refused, hands its B item on before the second
     * finishes with no other match begun since. The second's finish must not drop what the first handed on.
     */
    @Test
    void anIndexItemHandedOnByARefusedMatchOutlivesNoLaterFinish() throws Exception {
        Members m = members();
        CountDownLatch firstIndexing = new CountDownLatch(1);
        CountDownLatch secondIndexed = new CountDownLatch(1);
        CountDownLatch firstListed = new CountDownLatch(1);
        Predicate<DynamoDbRequest> listingPut = request -> putsListingOf(request, m.mentor());
        Predicate<DynamoDbRequest> indexing = request -> putsIndexItemOf(request, m.mentor());
        MatchService first = waitingMatch(m.mentor(), indexing, firstIndexing, secondIndexed, firstListed);
        ProfileChanged toB = stack.replace(m.mentor(), mentor(m.mentor(), topicB));
        CompletableFuture<Boolean> firstMatch = CompletableFuture.supplyAsync(() -> first.onProfileChanged(toB));
        await(firstIndexing);

        MatchService second = stack.service(new ObservedDynamo(stack.runtime().dynamo(), new ObservedDynamo.Observer() {
            @Override
            public void before(DynamoDbRequest request) {
                if (listingPut.test(request)) {
                    await(firstListed);
                } else if (finishesMatchOf(request, m.mentor())) {
                    // The first, refused, has finished (and handed its items on) before this finish.
                    firstMatch.join();
                }
            }

            @Override
            public void after(DynamoDbRequest request) {
                if (indexing.test(request)) {
                    secondIndexed.countDown();
                }
            }
        }), limits);
        second.onProfileChanged(stack.replace(m.mentor(), mentor(m.mentor(), topicC)));
        assertThat(firstMatch.get(60, TimeUnit.SECONDS)).isTrue();
        settle(m.mentor());

        stack.assertListIsRecomputedList(service, m.inB(), Role.MENTEE);
        stack.assertListIsRecomputedList(service, m.inC(), Role.MENTEE, m.mentor());
    }

    /**
     * A match of the mentor that, right before its first request that {@code waitsBefore}, counts {@code reached}
     * down and waits for {@code release}; and counts {@code listed} down once their listing is written.
     */
    private MatchService waitingMatch(String mentor, Predicate<DynamoDbRequest> waitsBefore, CountDownLatch reached,
                                      CountDownLatch release, CountDownLatch listed) {
        return stack.service(new ObservedDynamo(stack.runtime().dynamo(), new ObservedDynamo.Observer() {
            private boolean waited;

            @Override
            public void before(DynamoDbRequest request) {
                if (!waited && waitsBefore.test(request)) {
                    waited = true;
                    reached.countDown();
                    await(release);
                }
            }

            @Override
            public void after(DynamoDbRequest request) {
                if (putsListingOf(request, mentor)) {
                    listed.countDown();
                }
            }
        }), limits);
    }

    /** A mentee in B, one in C, and a mentor in A, all matched. */
    private Members members() {
        String inB = stack.member(service, "mia", Role.MENTEE, topicB, List.of("a"));
        String inC = stack.member(service, "mo", Role.MENTEE, topicC, List.of("a"));
        String mentor = stack.member(service, "ana", Role.MENTOR, topicA, List.of("a"));
        stack.runQueuedWork(service, null);
        return new Members(inB, inC, mentor);
    }

    private record Members(String inB, String inC, String mentor) {
    }

    private static Profile mentor(String id, String topic) {
        return DirectMatching.profile(id, Role.MENTOR, topic, List.of("a"));
    }

    /**
     * Runs the mentor's change that a refused finish queued (matching them once more), if any, and then the work
     * queued (which drops the other changes: each test runs its own).
     */
    private void settle(String mentor) {
        for (ProfileChanged again : stack.takeProfileChanges(mentor, 1)) {
            service.onProfileChanged(again);
        }
        stack.runQueuedWork(service, null);
    }

    private static boolean beginsMatchOf(DynamoDbRequest request, String userId) {
        return request instanceof UpdateItemRequest update
                && TableLayout.USER.of(userId).equals(update.key().get(TableLayout.PK).s())
                && TableLayout.MATCHED.equals(update.key().get(TableLayout.SK).s())
                && update.updateExpression().startsWith("ADD");
    }

    private static boolean putsIndexItemOf(DynamoDbRequest request, String userId) {
        return request instanceof BatchWriteItemRequest batch && batch.requestItems().values().stream()
                .flatMap(List::stream)
                .anyMatch(w -> w.putRequest() != null
                        && TableLayout.INDEX.in(w.putRequest().item().get(TableLayout.PK).s())
                        && userId.equals(w.putRequest().item().get(TableLayout.SK).s()));
    }

    /** A match's finishing write (refused when another match began since). */
    private static boolean finishesMatchOf(DynamoDbRequest request, String userId) {
        return request instanceof UpdateItemRequest update
                && TableLayout.USER.of(userId).equals(update.key().get(TableLayout.PK).s())
                && TableLayout.MATCHED.equals(update.key().get(TableLayout.SK).s())
                && update.conditionExpression() != null && update.conditionExpression().contains("#g = :g");
    }

    private static boolean putsListingOf(DynamoDbRequest request, String userId) {
        return request instanceof PutItemRequest put
                && TableLayout.USER.of(userId).equals(put.item().get(TableLayout.PK).s())
                && TableLayout.LISTING.equals(put.item().get(TableLayout.SK).s());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other match did not reach its step");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
