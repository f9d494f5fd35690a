package io.mentorship.local.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.local.LocalRuntime;
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
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Stored lists in either format, on the emulator: written deflated (the default) or as text
 * ({@code SuggestionListFormat=text}, the first deploy of an upgrade), every list is read by either writer, and a
 * list rewritten in the other format keeps no trace of the old one.
 */
class SuggestionListFormatIT {

    @Test
    void listsWrittenInEitherFormatAreReadByBoth() {
        LocalRuntime runtime = TestStack.quiet();
        String table = runtime.stack().resource("MentorshipTable").ref();
        SuggestionRepository text = new SuggestionRepository(runtime.dynamo(), table, false);
        SuggestionRepository deflated = new SuggestionRepository(runtime.dynamo(), table, true);
        String viewer = "format-viewer-" + System.nanoTime();
        Stored first = stored(List.of(entry("mentor-a", 0.9), entry("mentor-b", 0.8)), 0);

        assertThat(text.store(viewer, Role.MENTEE, Stored.NONE, first)).isTrue();
        assertThat(raw(runtime, table, viewer)).containsKey("suggestions").doesNotContainKey("suggestionsDeflated");
        Stored read = deflated.find(viewer, Role.MENTEE).orElseThrow();
        assertThat(read.suggestions()).isEqualTo(first.suggestions());

        Stored second = stored(List.of(entry("mentor-c", 0.95), entry("mentor-a", 0.9)), read.version());
        assertThat(deflated.store(viewer, Role.MENTEE, read, second)).isTrue();
        Map<String, AttributeValue> item = raw(runtime, table, viewer);
        assertThat(item).containsKey("suggestionsDeflated").doesNotContainKey("suggestions");
        assertThat(text.find(viewer, Role.MENTEE).orElseThrow().suggestions()).isEqualTo(second.suggestions());
        // Reverse pointers follow the list whatever its format.
        assertThat(deflated.isSuggestedTo("mentor-c", viewer)).isTrue();
        assertThat(deflated.isSuggestedTo("mentor-b", viewer)).isFalse();
    }

    /**
     * A batch of patches reads its lists together and writes them together: each list under its own version check,
     * the pointers of those written brought up to date, a list another writer changed reported and left alone.
     */
    @Test
    void manyListsAreReadAndWrittenTogether() {
        LocalRuntime runtime = TestStack.quiet();
        String table = runtime.stack().resource("MentorshipTable").ref();
        SuggestionRepository lists = new SuggestionRepository(runtime.dynamo(), table, true);
        String a = "batch-viewer-a-" + System.nanoTime();
        String b = "batch-viewer-b-" + System.nanoTime();
        Stored aFirst = stored(List.of(entry("mentor-a", 0.9), entry("mentor-b", 0.8)), 0);
        Stored bFirst = stored(List.of(entry("mentor-c", 0.7)), 0);
        assertThat(lists.store(a, Role.MENTEE, Stored.NONE, aFirst)).isTrue();
        assertThat(lists.store(b, Role.MENTEE, Stored.NONE, bFirst)).isTrue();
        var keyA = new SuggestionRepository.ListKey(a, Role.MENTEE);
        var keyB = new SuggestionRepository.ListKey(b, Role.MENTEE);
        var missing = new SuggestionRepository.ListKey(a, Role.MENTOR);

        Map<SuggestionRepository.ListKey, Stored> read = lists.findAll(List.of(keyA, keyB, missing));

        assertThat(read).containsOnlyKeys(keyA, keyB);
        assertThat(read.get(keyA)).isEqualTo(lists.find(a, Role.MENTEE).orElseThrow());
        assertThat(read.get(keyB).suggestions()).isEqualTo(bFirst.suggestions());

        Stored aNext = stored(List.of(entry("mentor-d", 0.95), entry("mentor-a", 0.9)), read.get(keyA).version());
        // B's list as read before someone else rewrote it: that write must lose.
        Stored bRewritten = stored(List.of(entry("mentor-e", 0.75)), read.get(keyB).version());
        assertThat(lists.store(b, Role.MENTEE, read.get(keyB), bRewritten)).isTrue();
        var stale = new SuggestionRepository.Write(b, Role.MENTEE, read.get(keyB),
                stored(List.of(entry("mentor-f", 0.6)), read.get(keyB).version()));

        List<SuggestionRepository.Write> lost = lists.storeAll(List.of(
                new SuggestionRepository.Write(a, Role.MENTEE, read.get(keyA), aNext), stale));

        assertThat(lost).containsExactly(stale);
        assertThat(lists.find(a, Role.MENTEE).orElseThrow().suggestions()).isEqualTo(aNext.suggestions());
        assertThat(lists.find(b, Role.MENTEE).orElseThrow().suggestions()).isEqualTo(bRewritten.suggestions());
        assertThat(lists.isSuggestedTo("mentor-d", a)).isTrue();
        assertThat(lists.isSuggestedTo("mentor-b", a)).isFalse();
        assertThat(lists.isSuggestedTo("mentor-e", b)).isTrue();
    }

    private static Map<String, AttributeValue> raw(LocalRuntime runtime, String table, String viewer) {
        return runtime.dynamo().getItem(r -> r.tableName(table).key(TableLayout.suggestionsKey(viewer, Role.MENTEE))
                .consistentRead(true)).item();
    }

    private static Stored stored(List<StoredSuggestion> entries, long version) {
        return new Stored(entries, Instant.parse("2026-11-26T12:00:00Z"), version, true, 1, 1);
    }

    private static StoredSuggestion entry(String id, double score) {
        return new StoredSuggestion(id, (int) Math.round(score * 100), List.of(new Commonality(
                Commonality.Type.TOPICS, "You both care about java", Map.of("topics", List.of("java")))),
                Role.MENTOR, 1, score);
    }
}
