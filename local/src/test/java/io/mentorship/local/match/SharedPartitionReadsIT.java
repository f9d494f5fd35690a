package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mentorship.events.MatchWork.GlobalRecompute;
import io.mentorship.events.MatchWork.Recompute;
import io.mentorship.local.testing.DirectMatching;
import io.mentorship.local.testing.ObservedDynamo;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.Waits;
import io.mentorship.match.MatchService;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import io.mentorship.store.MatchIndex;
import io.mentorship.store.RecomputeRepository;
import io.mentorship.store.RecomputeState;
import io.mentorship.store.TableLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The members of one recompute message rank against one read of each partition they share. A global recompute
 * groups a directory page by topic, so a hot partition is read once per message instead of once per member; and a
 * list computed from a copy read before the list itself still ends exact when a card changed in between.
 */
class SharedPartitionReadsIT {
    private final DirectMatching stack = new DirectMatching();
    private final String topic = Profiles.uniqueId("shared");

    @Test
    void aGlobalRecomputeGroupsAPageByTopicAndEndsWithTheListsAMemberAtATimeGives() {
        // Messages of 6 members; every member in one directory shard, so that one page holds them all.
        MatchService.Limits limits = new MatchService.Limits(3, 1, 100, 5, 25, 50, 1000, 6);
        MatchService service = stack.service(limits);
        String cold = Profiles.uniqueId("cold");
        List<String> hotMentees = new ArrayList<>();
        List<String> everyone = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            everyone.add(member("mentor", Role.MENTOR, topic, i % 4, i % 2 == 0, service));
            everyone.add(member("mentor", Role.MENTOR, cold, i % 4, i % 2 == 1, service));
        }
        for (int i = 0; i < 16; i++) {
            hotMentees.add(member("mentee", Role.MENTEE, topic, i % 4, i % 3 == 0, service));
            everyone.add(member("mentee", Role.MENTEE, cold, i % 4, i % 3 == 1, service));
        }
        everyone.addAll(hotMentees);
        stack.runQueuedWork(service, null);

        AtomicInteger hotMentorReads = new AtomicInteger();
        ObservedDynamo.Observer counter = new ObservedDynamo.Observer() {
            @Override
            public void before(DynamoDbRequest request) {
                AttributeValue pk = request instanceof QueryRequest q ? q.expressionAttributeValues().get(":pk")
                        : null;
                if (pk != null && pk.s().startsWith(TableLayout.indexPartitionsOf(Role.MENTOR))
                        && pk.s().endsWith("#" + topic)) {
                    hotMentorReads.incrementAndGet();
                }
            }
        };
        MatchService counted = stack.service(new ObservedDynamo(stack.runtime().dynamo(), counter), limits);
        RecomputeRepository recomputes = new RecomputeRepository(stack.runtime().dynamo(), stack.table());
        long generation = recomputes.start("test", Instant.now());
        counted.onGlobalRecompute(GlobalRecompute.of(generation, 0, null));
        stack.runQueuedWork(counted, null);

        assertThat(recomputes.current().orElseThrow().state()).isEqualTo(RecomputeState.DONE);
        assertThat(recomputes.current().orElseThrow().done()).isEqualTo(everyone.size());
        // The 16 hot mentees sit together, in at most 4 messages of 6, and each message reads the hot mentor
        // partition once. A page in id order would spread them over all 7 messages; a read per member would be 16.
        assertThat(hotMentorReads.get()).isPositive().isLessThanOrEqualTo(4);
        Map<String, List<StoredSuggestion>> shared = new HashMap<>();
        hotMentees.forEach(id -> shared.put(id, stack.listOf(id, Role.MENTEE)));
        for (String id : hotMentees) {
            service.onRecompute(Recompute.of(List.of(id), null));
            assertThat(shared.get(id)).as(id).isEqualTo(stack.listOf(id, Role.MENTEE));
        }
    }

    @Test
    void aListComputedFromACopyOlderThanItselfDoesNotKeepACardThatChangedInBetween() {
        race(other -> profile(other, Role.MENTOR, 0, false), false);
    }

    @Test
    void aListComputedFromACopyOlderThanItselfDoesNotKeepAMemberWhoLeftThePartitionInBetween() {
        String elsewhere = Profiles.uniqueId("elsewhere");
        race(other -> profile(other, Role.MENTOR, elsewhere, 3, false), false);
    }

    /**
     * As above, but the message stops right after the second list is written (before its check is sent), and is
     * delivered again: the second list now counts as fresh and is not recomputed, so it is checked then.
     */
    @Test
    void aMessageThatStopsAfterWritingAListFromAnOlderCopyChecksItWhenDeliveredAgain() {
        race(other -> profile(other, Role.MENTOR, 0, false), true);
    }

    /**
     * Two mentees recomputed in one message of a global recompute, the mentor partition read once, for the first.
     * Right after that read, {@code change} makes the mentor who heads the second list no longer belong there, and
     * the second list is brought up to date. The second list is then read as it is now, but ranked against the copy
     * from before the change, which puts that mentor back at their old score; the list's bar does not drop, so only
     * the copy's age tells that the list must be checked against the cards changed since.
     */
    private void race(java.util.function.Function<String, Profile> change, boolean stopAfterSecondList) {
        // K = 1 and a buffer of 1: a change is patched into a list, not recomputed, so the list stays as old as it
        // was (a fresh recomputation would make the message skip it).
        MatchService.Limits limits = new MatchService.Limits(1, 1, 100, 5, 25, 50);
        MatchService service = stack.service(limits);
        AtomicReference<Runnable> afterCardsRead = new AtomicReference<>();
        AtomicReference<String> stopAtBarOf = new AtomicReference<>();
        ObservedDynamo.Observer step = ObservedDynamo.stepAfterQuery(TableLayout.indexPartitionsOf(Role.MENTOR),
                afterCardsRead);
        MatchService racing = stack.service(new ObservedDynamo(stack.runtime().dynamo(), new ObservedDynamo.Observer() {
            @Override
            public void before(DynamoDbRequest request) {
                // The write of a list's bar in the index comes right after the list itself.
                String mentees = TableLayout.indexPartitionsOf(Role.MENTEE);
                if (request instanceof UpdateItemRequest update
                        && update.key().get(TableLayout.SK).s().equals(stopAtBarOf.get())
                        && update.key().get(TableLayout.PK).s().startsWith(mentees)) {
                    stopAtBarOf.set(null);
                    throw new IllegalStateException("the function stops here");
                }
            }

            @Override
            public void after(DynamoDbRequest request) {
                step.after(request);
            }
        }), limits);
        // The first mentee shares place, school and work with the strong mentor and a third one, and one interest
        // with the other mentor; the second shares only interests: all three with the other mentor, one with the
        // strong one.
        String first = member("ana", Role.MENTEE, 1, true, service);
        String second = member("bea", Role.MENTEE, 3, false, service);
        String strong = member("rui", Role.MENTOR, 1, true, service);
        String other = member("zed", Role.MENTOR, 3, false, service);
        String third = member("kim", Role.MENTOR, 0, true, service);
        stack.runQueuedWork(service, null);
        assertThat(stack.listOf(first, Role.MENTEE)).extracting(StoredSuggestion::userId)
                .containsExactly(strong, third);
        assertThat(stack.listOf(second, Role.MENTEE)).extracting(StoredSuggestion::userId)
                .containsExactly(other, strong);

        afterCardsRead.set(() -> {
            service.onProfileChanged(stack.replace(other, change.apply(other)));
            stack.runQueuedWork(service, null);
            assertThat(stack.listOf(second, Role.MENTEE)).extracting(StoredSuggestion::userId)
                    .containsExactly(strong);
        });
        if (stopAfterSecondList) {
            // Lists computed after this count as fresh for the message (beyond the match function's clock margin).
            Instant since = Instant.now();
            Waits.sleep(Duration.ofMillis(1_500));
            stopAtBarOf.set(second);
            Recompute message = Recompute.of(List.of(first, second), since, 1L);
            assertThatThrownBy(() -> racing.onRecompute(message)).hasMessageContaining("stops here");
            assertThat(stopAtBarOf.get()).as("the stop was staged").isNull();
            racing.onRecompute(message);
        } else {
            racing.onRecompute(Recompute.of(List.of(first, second), null, 1L));
        }
        assertThat(afterCardsRead.get()).as("the race was staged").isNull();
        stack.runQueuedWork(service, null);

        assertThat(stack.listOf(first, Role.MENTEE).getFirst().userId()).isEqualTo(strong);
        assertThat(stack.listOf(second, Role.MENTEE).getFirst().userId()).isEqualTo(strong);
    }

    private String member(String name, Role role, int interests, boolean strong, MatchService service) {
        return member(name, role, topic, interests, strong, service);
    }

    /** A member signed up on {@code topic}, with an id in the member directory's first shard. */
    private String member(String name, Role role, String topic, int interests, boolean strong,
                          MatchService service) {
        String id;
        do {
            id = Profiles.uniqueId(name);
        } while (MatchIndex.directoryShardOf(id) != 0);
        stack.signUp(service, id, role, profile(id, role, topic, interests, strong));
        return id;
    }

    private Profile profile(String id, Role role, int interests, boolean strong) {
        return profile(id, role, topic, interests, strong);
    }

    private Profile profile(String id, Role role, String topic, int interests, boolean strong) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", id);
        body.put(role.toString(), role == Role.MENTOR
                ? Map.of("topics", List.of(topic), "capacity", 3, "accepting", true)
                : Map.of("topics", List.of(topic)));
        body.put("languages", List.of("en"));
        body.put("interests", List.of("jazz", "chess", "go").subList(0, interests));
        if (strong) {
            body.put("location", Map.of("city", "Porto", "country", "PT"));
            body.put("education", List.of(Map.of("school", "FEUP", "field", "Informatics")));
            body.put("profession", Map.of("industry", "Tech", "field", "Backend", "employer", "Acme",
                    "yearsExperience", role == Role.MENTOR ? 10 : 2));
        }
        return DirectMatching.profile(body);
    }
}
