package io.mentorship.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.json.Json;
import io.mentorship.matching.Commonality;
import io.mentorship.matching.Commonality.Type;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.profile.Role;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A stored list is deflated JSON: the same list comes back, lists stored as text still read, and it is smaller. */
class SuggestionPackingTest {

    @Test
    void aListComesBackAsItWasAndTakesAFractionOfItsText() {
        List<StoredSuggestion> list = list(new SplittableRandom(3));

        AttributeValue packed = SuggestionRepository.pack(list);

        assertThat(SuggestionRepository.unpack(Map.of(SuggestionRepository.PACKED, packed))).isEqualTo(list);
        int text = Json.write(list).getBytes(StandardCharsets.UTF_8).length;
        int stored = packed.b().asByteArray().length;
        System.out.printf("a list of %d: %,d bytes as JSON, %,d deflated%n", list.size(), text, stored);
        assertThat(stored).isLessThan(text / 3);
    }

    @Test
    void aListStoredAsTextBeforeIsReadTheSameWay() {
        List<StoredSuggestion> list = list(new SplittableRandom(4));

        assertThat(SuggestionRepository.unpack(Map.of("suggestions", AttributeValue.fromS(Json.write(list)))))
                .isEqualTo(list);
    }

    @Test
    void aParsedListIsReusedOnlyForTheVeryBytesItWasStoredAs() {
        List<StoredSuggestion> one = list(new SplittableRandom(5));
        List<StoredSuggestion> other = list(new SplittableRandom(6));
        SuggestionRepository.ListKey key = new SuggestionRepository.ListKey("viewer", Role.MENTEE);
        SuggestionRepository.ParsedLists parsed = new SuggestionRepository.ParsedLists(2);
        AttributeValue packed = SuggestionRepository.pack(one);
        parsed.put(key, packed.b(), one);

        // The same bytes, read again (another buffer): the parsed list, as it was.
        AttributeValue again = AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromByteArray(
                packed.b().asByteArray()));
        assertThat(parsed.find(key, again.b())).contains(one);
        // Another list stored under the same key, or the same bytes under another key: not the parsed one.
        assertThat(parsed.find(key, SuggestionRepository.pack(other).b())).isEmpty();
        assertThat(parsed.find(new SuggestionRepository.ListKey("viewer", Role.MENTOR), packed.b())).isEmpty();
        // Bounded: past its size, the least recently used list is forgotten.
        parsed.put(new SuggestionRepository.ListKey("b", Role.MENTEE), packed.b(), one);
        parsed.put(new SuggestionRepository.ListKey("c", Role.MENTEE), packed.b(), one);
        assertThat(parsed.find(key, packed.b())).isEmpty();
    }

    @Test
    void aPatchedListWritesTheSuggestionsItKeptAsTheyWereReadAndTheRestAfresh() throws Exception {
        List<StoredSuggestion> list = list(new SplittableRandom(7));
        // Packed afresh: exactly the text Jackson writes for the whole list.
        AttributeValue packed = SuggestionRepository.pack(list);
        assertThat(inflated(packed)).isEqualTo(Json.write(list));

        // Read back: each suggestion with the very JSON it was read from.
        SuggestionRepository.Unpacked read = SuggestionRepository.unpackWithJson(packed.b());
        assertThat(read.suggestions()).isEqualTo(list);
        for (StoredSuggestion s : read.suggestions()) {
            assertThat(Json.mapper().readValue(read.json().get(s), StoredSuggestion.class)).isEqualTo(s);
        }

        // A patch: the first suggestion dropped, one added. The kept ones are written from the JSON they were read
        // as (shown with a spaced form of one of them, which serializing again would not give), the new one afresh.
        List<StoredSuggestion> patched = new ArrayList<>(read.suggestions().subList(1, 20));
        StoredSuggestion added = list(new SplittableRandom(8)).getFirst();
        patched.add(added);
        StoredSuggestion kept = patched.getFirst();
        Map<StoredSuggestion, byte[]> known = new java.util.IdentityHashMap<>(read.json());
        String spaced = "{ " + Json.write(kept).substring(1);
        known.put(kept, spaced.getBytes(StandardCharsets.UTF_8));
        SuggestionRepository.Packed repacked = SuggestionRepository.pack(patched, known);

        assertThat(inflated(repacked.attribute())).startsWith("[" + spaced + ",")
                .endsWith("," + Json.write(added) + "]");
        assertThat(SuggestionRepository.unpack(Map.of(SuggestionRepository.PACKED, repacked.attribute())))
                .isEqualTo(patched);
        // An equal suggestion that is not the very object kept is serialized afresh: reuse is by identity.
        StoredSuggestion copy = new StoredSuggestion(kept.userId(), kept.score(), kept.commonalities(),
                kept.counterpartRole(), kept.counterpartAckVersion(), kept.exactScore());
        assertThat(new String(SuggestionRepository.pack(List.of(copy), known).json().get(copy),
                StandardCharsets.UTF_8)).isEqualTo(Json.write(kept));
    }

    @Test
    void theListsKeptRememberTheJsonOfTheirSuggestions() {
        List<StoredSuggestion> list = list(new SplittableRandom(9));
        SuggestionRepository.ListKey key = new SuggestionRepository.ListKey("viewer", Role.MENTOR);
        SuggestionRepository.ParsedLists parsed = new SuggestionRepository.ParsedLists(2);
        SuggestionRepository.Packed packed = SuggestionRepository.pack(list, Map.of());

        assertThat(parsed.json(key)).isEmpty();
        List<StoredSuggestion> kept = parsed.put(key, packed.attribute().b(), list, packed.json());
        assertThat(kept).hasSize(20);
        for (StoredSuggestion s : kept) {
            assertThat(new String(parsed.json(key).get(s), StandardCharsets.UTF_8)).isEqualTo(Json.write(s));
        }
    }

    private static String inflated(AttributeValue packed) throws java.io.IOException {
        try (var in = new java.util.zip.InflaterInputStream(packed.b().asInputStream())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Twenty suggestions with the commonalities matching writes: topics, school, city, work, interests, friends. */
    private static List<StoredSuggestion> list(SplittableRandom r) {
        List<StoredSuggestion> list = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "7c1e%04d-5f3a-4e8b-a6c4-%012d".formatted(r.nextInt(10_000), r.nextLong(1_000_000_000L));
            List<Commonality> commonalities = List.of(
                    new Commonality(Type.TOPICS, "You both care about distributed systems and career growth",
                            Map.of("topics", List.of("distributed systems", "career growth"))),
                    new Commonality(Type.EDUCATION, "Both studied Computer Science at University of Porto",
                            Map.of("school", "University of Porto", "field", "Computer Science")),
                    new Commonality(Type.LOCATION, "Both in Porto", Map.of("city", "Porto", "country", "PT")),
                    new Commonality(Type.PROFESSION, "Both work in Technology",
                            Map.of("industry", "Technology", "employer", "Employer " + r.nextInt(500))),
                    new Commonality(Type.INTERESTS, "You both like climbing and jazz",
                            Map.of("interests", List.of("climbing", "jazz"))),
                    new Commonality(Type.LANGUAGES, "Both speak Portuguese and English",
                            Map.of("languages", List.of("pt", "en"))),
                    new Commonality(Type.FRIENDS, "3 mutual friends", Map.of("count", 3, "friends", List.of(
                            Map.of("userId", "friend-" + r.nextInt(5_000), "name", "Ana Sousa"),
                            Map.of("userId", "friend-" + r.nextInt(5_000), "name", "Rui Costa"),
                            Map.of("userId", "friend-" + r.nextInt(5_000), "name", "Mia Tanaka")))));
            list.add(new StoredSuggestion(id, 90 - i, commonalities, Role.MENTOR, 1, 0.9 - i / 100.0));
        }
        return list;
    }
}
