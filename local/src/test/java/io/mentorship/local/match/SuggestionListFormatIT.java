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
