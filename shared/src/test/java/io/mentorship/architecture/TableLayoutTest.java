package io.mentorship.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.store.TableLayout;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The table's layout lives in {@code TableLayout} alone: no other main class spells a key (a fixed sort key such
 * as {@code "PROFILE"} or a prefix such as {@code "ACK#"}), and the README's table of item types is the one
 * {@code TableLayout} renders.
 */
class TableLayoutTest {
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Path LAYOUT = Path.of("shared/src/main/java/io/mentorship/store/TableLayout.java");

    @Test
    void noClassButTheLayoutSpellsAKey() throws Exception {
        Map<Path, String> sources = LayeringTest.mainSources();
        sources.remove(LAYOUT);
        assertThat(sources).hasSizeGreaterThan(50);
        assertThat(keyLiterals(sources, keyParts())).isEmpty();
    }

    @Test
    void theRuleCatchesAKeySpelledOutsideTheLayout() throws Exception {
        Map<Path, String> violating = Map.of(
                Path.of("shared/src/main/java/io/mentorship/store/Example.java"),
                "class Example { String sk(String role) { return \"ACK#\" + role; } "
                        + "String profile() { return \"PROFILE\"; } String fine() { return \"acknowledged\"; } }");
        assertThat(keyLiterals(violating, keyParts())).hasSize(2);
    }

    @Test
    void theReadmeTableIsTheLayouts() throws IOException {
        String readme = Files.readString(LayeringTest.ROOT.resolve("README.md"));
        String begin = "<!-- item types: rendered from TableLayout.ItemType, checked by TableLayoutTest -->\n";
        assertThat(readme).contains(begin);
        int from = readme.indexOf(begin) + begin.length();
        int to = readme.indexOf("\n\n", from);
        assertThat(readme.substring(from, to + 1)).isEqualTo(TableLayout.markdownTable());
    }

    /** Times in keys sort as time does, which Instant.toString() does not (it drops a zero fraction). */
    @Test
    void timesInKeysSortAsTimeDoes() {
        java.time.Instant second = java.time.Instant.parse("2026-11-26T03:00:00Z");
        java.time.Instant later = second.plusMillis(500);
        assertThat(second.toString().compareTo(later.toString())).as("Instant.toString()").isPositive();
        assertThat(TableLayout.time(second).compareTo(TableLayout.time(later))).isNegative();
        java.util.Random random = new java.util.Random(7);
        List<java.time.Instant> instants = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            long nanos = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000) * 1000L;
            instants.add(second.plusSeconds(random.nextInt(5)).plusNanos(nanos));
        }
        List<java.time.Instant> byKey = new ArrayList<>(instants);
        byKey.sort(java.util.Comparator.comparing(TableLayout::time));
        List<java.time.Instant> byTime = new ArrayList<>(instants);
        byTime.sort(null);
        assertThat(byKey).isEqualTo(byTime);
    }

    /** A listing's reference to an index entry survives a topic with the separator in it. */
    @Test
    void anIndexEntryReferenceSurvivesATopicWithABar() {
        String partition = TableLayout.indexPartition(io.mentorship.profile.Role.MENTOR, 3, "c|c++ | rust");
        String ref = TableLayout.indexEntryRef(partition, "rita");
        assertThat(TableLayout.indexEntryPartition(ref)).isEqualTo(partition);
        assertThat(TableLayout.indexEntryKey(ref)).isEqualTo(TableLayout.key(partition, "rita"));
    }

    /** Every fixed key part TableLayout declares: sort keys, partition names and prefixes. */
    static Set<String> keyParts() throws IllegalAccessException {
        Set<String> parts = new TreeSet<>();
        for (Field field : TableLayout.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || Set.of("PK", "SK", "TTL").contains(field.getName())) {
                continue;
            }
            Object value = field.get(null);
            if (value instanceof String text) {
                parts.add(text);
            } else if (value instanceof TableLayout.Prefix prefix) {
                parts.add(prefix.text());
            }
        }
        return parts;
    }

    static List<String> keyLiterals(Map<Path, String> sources, Set<String> parts) {
        List<String> found = new ArrayList<>();
        sources.forEach((path, text) -> {
            for (String line : text.split("\n")) {
                String code = line.strip();
                if (code.startsWith("*") || code.startsWith("//") || code.startsWith("/*") || code.startsWith("@")) {
                    continue;
                }
                Matcher m = LITERAL.matcher(line);
                while (m.find()) {
                    String literal = m.group(1);
                    boolean key = parts.stream().anyMatch(p -> p.endsWith("#") ? literal.startsWith(p)
                            : literal.equals(p));
                    if (key) {
                        found.add(path + ": \"" + literal + "\"");
                    }
                }
            }
        });
        return found;
    }
}
