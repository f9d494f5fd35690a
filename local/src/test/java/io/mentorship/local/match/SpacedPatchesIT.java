package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.events.MatchWork.Patch;
import io.mentorship.json.Json;
import io.mentorship.local.testing.DirectMatching;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.Queues;
import io.mentorship.match.MatchService;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Role;
import io.mentorship.store.SuggestionRepository;
import io.mentorship.store.SuggestionRepository.Stored;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Under load (a batch naming at least {@code busyViewers} viewers), a list that this instance wrote less than the
 * spacing ago is not written again at once: its patches are queued again, delayed until the spacing has passed
 * since the write, and then applied together, once. Nothing is lost: the list ends as a recomputation from scratch.
 * A list this instance did not write, a patch put off once, and every patch of a quiet batch apply at once.
 */
class SpacedPatchesIT {
    private static final Duration SPACING = Duration.ofSeconds(15);
    private static final String QUEUE = "ProfileChangesQueue";
    private final DirectMatching stack = new DirectMatching();
    private final String topic = Profiles.uniqueId("spaced");
    private final MatchService.Limits limits = MatchService.Limits.DEFAULT.spacingPatches(SPACING, 2);
    private final MatchService service = stack.service(limits);
    /** Another container: it remembers none of the writes {@code service} made. */
    private final MatchService other = stack.service(limits);
    private String mia;
    private String lea;
    private String ana;
    private String rui;
    private String sam;
    private Instant written;

    /**
     * mia's list holds ana, written by {@code service} moments ago; lea's, written by the other instance, too; rui
     * and sam (better for both) joined, their patches not yet run.
     */
    @BeforeEach
    void freshListsAndTwoNewcomers() {
        mia = stack.member(service, "mia", Role.MENTEE, topic, true);
        ana = stack.member(other, "ana", Role.MENTOR, topic, List.of("jazz"));
        written = Instant.now();
        stack.runQueuedWork(service, null);
        lea = stack.member(other, "lea", Role.MENTEE, topic, true);
        rui = stack.member(other, "rui", Role.MENTOR, topic, true);
        sam = stack.member(other, "sam", Role.MENTOR, topic, true);
        stack.dropQueuedWork();
        assertThat(stored(mia).suggestions()).extracting(StoredSuggestion::userId).containsExactly(ana);
        assertThat(stored(lea).suggestions()).extracting(StoredSuggestion::userId).containsExactly(ana);
        assertThat(written).as("mia's list was written moments ago")
                .isAfter(Instant.now().minus(SPACING).plusSeconds(5));
    }

    @Test
    void aBusyBatchPutsOffAListItWroteMomentsAgoAndItsPatchesComeBackTogetherAfterTheSpacing() {
        Stored before = stored(mia);
        service.onPatches(List.of(Patch.of(List.of(mia, lea), List.of(rui), false),
                Patch.of(List.of(mia, lea), List.of(sam), false)));
        assertThat(stored(mia).version()).as("mia's list is not written now").isEqualTo(before.version());
        assertThat(stored(lea).suggestions()).extracting(StoredSuggestion::userId).as("lea's (another's write) is")
                .containsExactlyInAnyOrder(rui, sam, ana);
        assertThat(Queues.take(stack.runtime(), QUEUE, SpacedPatchesIT::isPatch, 1, Duration.ofSeconds(2)))
                .as("delayed: not there yet").isEmpty();

        Patch deferred = due(1).getFirst();
        assertThat(deferred.wasDeferred()).isTrue();
        assertThat(deferred.held()).isFalse();
        assertThat(deferred.viewers()).containsExactly(mia);
        assertThat(deferred.sources()).containsExactlyInAnyOrder(rui, sam);
        assertThat(Instant.now()).as("not before the spacing").isAfter(written.plus(SPACING));

        // Applied when it comes, in one write.
        service.onPatches(List.of(deferred));
        assertThat(stored(mia).version()).isEqualTo(before.version() + 1);
        assertThat(stored(mia).suggestions()).extracting(StoredSuggestion::userId)
                .containsExactlyInAnyOrder(rui, sam, ana);
        assertIsRecomputedList(mia);
    }

    @Test
    void aPatchPutOffOnceOrInAQuietBatchIsAppliedAtOnceAndHeldPairsComeBackHeld() {
        Stored before = stored(mia);
        service.onPatches(List.of(Patch.deferred(List.of(mia), List.of(rui), false),
                Patch.of(List.of(mia, lea), List.of(sam), false)));
        assertThat(stored(mia).suggestions()).extracting(StoredSuggestion::userId).as("a patch put off once")
                .containsExactlyInAnyOrder(rui, sam, ana);

        String tom = stack.member(other, "tom", Role.MENTOR, topic, true);
        stack.dropQueuedWork();
        service.onPatches(List.of(Patch.of(List.of(mia), List.of(tom), false)));
        assertThat(stored(mia).suggestions()).extracting(StoredSuggestion::userId).as("a quiet batch")
                .containsExactlyInAnyOrder(rui, sam, tom, ana);
        assertThat(stored(mia).version()).isEqualTo(before.version() + 2);
        assertIsRecomputedList(mia);

        // ana leaves the topic: the walk of her places patches mia's list as a held pair (with a place a lost write
        // left, of a viewer never listed); mia's, written just now by this instance, is put off and comes back held.
        other.onProfileChanged(stack.replace(ana, DirectMatching.profile(ana, Role.MENTOR,
                Profiles.uniqueId("elsewhere"), true)));
        stack.dropQueuedWork();
        service.onPatches(List.of(Patch.of(List.of(mia, Profiles.uniqueId("nobody")), List.of(ana), true)));
        assertThat(stored(mia).suggestions()).extracting(StoredSuggestion::userId).contains(ana);
        Patch deferred = due(1).getFirst();
        assertThat(deferred.held()).isTrue();
        assertThat(deferred.viewers()).containsExactly(mia);
        service.onPatches(List.of(deferred));
        assertThat(stored(mia).suggestions()).extracting(StoredSuggestion::userId)
                .containsExactlyInAnyOrder(rui, sam, tom);
        assertIsRecomputedList(mia);
    }

    /** The patches put off, once they come back (at most the spacing and a step of twenty seconds later). */
    private List<Patch> due(int count) {
        List<JsonNode> due = Queues.take(stack.runtime(), QUEUE, SpacedPatchesIT::isPatch, count,
                SPACING.plusSeconds(30));
        assertThat(due).as("back once the spacing has passed since the write").hasSize(count);
        return due.stream().map(m -> Json.mapper().convertValue(m, Patch.class)).toList();
    }

    private void assertIsRecomputedList(String userId) {
        stack.assertListIsRecomputedList(service, userId, Role.MENTEE, stored(userId).suggestions().stream()
                .map(StoredSuggestion::userId).toArray(String[]::new));
    }

    private Stored stored(String userId) {
        return new SuggestionRepository(stack.runtime().dynamo(), stack.table()).find(userId, Role.MENTEE)
                .orElseThrow();
    }

    private static boolean isPatch(JsonNode message) {
        return Patch.TYPE.equals(message.path("type").asText());
    }
}
