package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.ObservedDynamo;
import io.mentorship.local.testing.TestStack;
import io.mentorship.matching.Commonality;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Role;
import io.mentorship.store.SuggestionRepository;
import io.mentorship.store.SuggestionRepository.Stored;
import io.mentorship.store.TableLayout;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;

/**
 * The reverse pointers stay true under concurrent writers, on the emulator: whenever a counterpart is in a list,
 * their pointer to it exists, so a later change of theirs reaches that list ({@code ViewersOf}). The race staged
 * here: one writer drops a counterpart from a list; before its delete of their pointer lands, another writer reads
 * the new list, adds the counterpart back and puts their pointer.
 */
class PointerRaceIT {

    @Test
    void aPointerPutBackByALaterWriterSurvivesTheEarlierWritersLateDelete() {
        LocalRuntime runtime = TestStack.quiet();
        String table = runtime.stack().resource("MentorshipTable").ref();
        SuggestionRepository plain = new SuggestionRepository(runtime.dynamo(), table);
        String viewer = "pointer-viewer-" + System.nanoTime();
        String dropped = "pointer-mentor-s-" + System.nanoTime();
        assertThat(plain.store(viewer, Role.MENTEE, Stored.NONE,
                stored(List.of(entry("mentor-a", 0.9), entry(dropped, 0.8)), 0))).isTrue();

        // The second writer's whole write, run right before the first writer deletes the dropped pointer.
        AtomicReference<Runnable> laterWriter = new AtomicReference<>(() -> {
            Stored read = plain.find(viewer, Role.MENTEE).orElseThrow();
            assertThat(read.suggestions()).extracting(StoredSuggestion::userId).doesNotContain(dropped);
            List<StoredSuggestion> back = new java.util.ArrayList<>(read.suggestions());
            back.add(0, entry(dropped, 0.99));
            assertThat(plain.store(viewer, Role.MENTEE, read, stored(back, read.version()))).isTrue();
        });
        SuggestionRepository first = new SuggestionRepository(new ObservedDynamo(runtime.dynamo(),
                ObservedDynamo.stepBefore(request -> deletesPointerOf(request, dropped), laterWriter)), table);
        Stored read = first.find(viewer, Role.MENTEE).orElseThrow();

        assertThat(first.store(viewer, Role.MENTEE, read,
                stored(List.of(entry("mentor-x", 0.95), entry("mentor-a", 0.9)), read.version()))).isTrue();

        assertThat(laterWriter.get()).as("the second writer ran in the gap").isNull();
        Stored now = plain.find(viewer, Role.MENTEE).orElseThrow();
        assertThat(now.suggestions()).extracting(StoredSuggestion::userId)
                .containsExactly(dropped, "mentor-x", "mentor-a");
        assertThat(plain.viewersOf(dropped, null, 100).userIds()).containsExactly(viewer);
        assertThat(plain.isSuggestedTo(dropped, viewer)).isTrue();

        // Dropped again with no one in the way: the pointer goes.
        assertThat(plain.store(viewer, Role.MENTEE, now,
                stored(List.of(entry("mentor-x", 0.95), entry("mentor-a", 0.9)), now.version()))).isTrue();
        assertThat(plain.viewersOf(dropped, null, 100).userIds()).isEmpty();
        assertThat(plain.viewersOf("mentor-x", null, 100).userIds()).containsExactly(viewer);
    }

    /**
     * A list written before pointers named the version that added each suggestion (no {@code pointers} attribute;
     * each pointer keyed by the list alone) is patched as any other: a suggestion it drops loses that pointer, one it
     * adds gets a pointer of the new kind, and the suggestions it keeps keep theirs.
     */
    @Test
    void aListWrittenBeforePointersNamedVersionsIsPatchedAsAnyOther() {
        LocalRuntime runtime = TestStack.quiet();
        String table = runtime.stack().resource("MentorshipTable").ref();
        SuggestionRepository lists = new SuggestionRepository(runtime.dynamo(), table);
        String viewer = "legacy-viewer-" + System.nanoTime();
        String kept = "legacy-kept-" + System.nanoTime();
        String dropped = "legacy-dropped-" + System.nanoTime();
        assertThat(lists.store(viewer, Role.MENTEE, Stored.NONE,
                stored(List.of(entry(kept, 0.9), entry(dropped, 0.8)), 0))).isTrue();
        // As the earlier version left it: pointers keyed by the list alone, and no versions on the list.
        var dynamo = runtime.dynamo();
        String lifetime = lists.find(viewer, Role.MENTEE).orElseThrow().lifetime();
        for (String id : List.of(kept, dropped)) {
            dynamo.deleteItem(r -> r.tableName(table).key(TableLayout.key(TableLayout.SUGGESTED.of(id),
                    TableLayout.suggestedEntry(viewer, Role.MENTEE, lifetime, 1))));
            dynamo.putItem(r -> r.tableName(table).item(Map.of(
                    TableLayout.PK, TableLayout.s(TableLayout.SUGGESTED.of(id)),
                    TableLayout.SK, TableLayout.s(viewer + "#" + Role.MENTEE),
                    "userId", TableLayout.s(viewer))));
        }
        dynamo.updateItem(r -> r.tableName(table).key(TableLayout.suggestionsKey(viewer, Role.MENTEE))
                .updateExpression("REMOVE pointers, lifetime"));
        Stored read = lists.find(viewer, Role.MENTEE).orElseThrow();
        assertThat(read.pointers()).containsExactly(0L, 0L);
        assertThat(read.lifetime()).isNull();

        assertThat(lists.store(viewer, Role.MENTEE, read,
                stored(List.of(entry("legacy-new", 0.95), entry(kept, 0.9)), read.version()))).isTrue();

        assertThat(lists.viewersOf(dropped, null, 100).userIds()).isEmpty();
        assertThat(lists.viewersOf(kept, null, 100).userIds()).containsExactly(viewer);
        assertThat(lists.viewersOf("legacy-new", null, 100).userIds()).containsExactly(viewer);
        Stored now = lists.find(viewer, Role.MENTEE).orElseThrow();
        assertThat(now.pointers()).containsExactly(2L, 0L);
        // And when the kept one goes too, so does its pointer of the old kind.
        assertThat(lists.store(viewer, Role.MENTEE, now,
                stored(List.of(entry("legacy-new", 0.95)), now.version()))).isTrue();
        assertThat(lists.viewersOf(kept, null, 100).userIds()).isEmpty();
    }

    /**
     * A list deleted (its viewer left the role) and made again starts its versions over: the new list's pointers
     * must not share keys with the old one's, whose deletes may land late. Staged: while the deleted list's pointers
     * are being deleted, the list is made again with the same counterpart at version 1.
     */
    @Test
    void aListMadeAgainKeepsItsPointersWhileTheOldOnesAreDeleted() {
        LocalRuntime runtime = TestStack.quiet();
        String table = runtime.stack().resource("MentorshipTable").ref();
        SuggestionRepository plain = new SuggestionRepository(runtime.dynamo(), table);
        String viewer = "lifetime-viewer-" + System.nanoTime();
        String counterpart = "lifetime-mentor-" + System.nanoTime();
        assertThat(plain.store(viewer, Role.MENTEE, Stored.NONE, stored(List.of(entry(counterpart, 0.9)), 0)))
                .isTrue();
        AtomicReference<Runnable> madeAgain = new AtomicReference<>(() -> assertThat(plain.store(viewer,
                Role.MENTEE, Stored.NONE, stored(List.of(entry(counterpart, 0.8)), 0))).isTrue());
        SuggestionRepository deleting = new SuggestionRepository(new ObservedDynamo(runtime.dynamo(),
                ObservedDynamo.stepBefore(request -> deletesPointerOf(request, counterpart), madeAgain)), table);

        assertThat(deleting.delete(viewer, Role.MENTEE)).isEqualTo(1);

        assertThat(madeAgain.get()).as("the list was made again in the gap").isNull();
        Stored again = plain.find(viewer, Role.MENTEE).orElseThrow();
        assertThat(again.version()).isEqualTo(1);
        assertThat(again.suggestions()).extracting(StoredSuggestion::userId).containsExactly(counterpart);
        assertThat(plain.viewersOf(counterpart, null, 100).userIds()).containsExactly(viewer);
    }

    /** Whether a request deletes a pointer of {@code counterpartId} (alone, or among a batch of writes). */
    private static boolean deletesPointerOf(DynamoDbRequest request, String counterpartId) {
        String pk = TableLayout.SUGGESTED.of(counterpartId);
        if (request instanceof DeleteItemRequest delete) {
            return pk.equals(delete.key().get(TableLayout.PK).s());
        }
        return request instanceof BatchWriteItemRequest batch && batch.requestItems().values().stream()
                .flatMap(List::stream)
                .anyMatch(w -> w.deleteRequest() != null
                        && pk.equals(w.deleteRequest().key().get(TableLayout.PK).s()));
    }

    private static Stored stored(List<StoredSuggestion> entries, long version) {
        return new Stored(entries, Instant.parse("2026-11-27T12:00:00Z"), version, true, 1, 1);
    }

    private static StoredSuggestion entry(String id, double score) {
        return new StoredSuggestion(id, (int) Math.round(score * 100), List.of(new Commonality(
                Commonality.Type.TOPICS, "You both care about java", Map.of("topics", List.of("java")))),
                Role.MENTOR, 1, score);
    }
}
