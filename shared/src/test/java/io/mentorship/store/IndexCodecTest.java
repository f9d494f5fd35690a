package io.mentorship.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.json.Json;
import io.mentorship.matching.MatchCard;
import io.mentorship.matching.MatchCard.Place;
import io.mentorship.matching.MatchCard.Privacy;
import io.mentorship.matching.MatchCard.School;
import io.mentorship.matching.MatchCard.Work;
import io.mentorship.profile.Role;
import io.mentorship.profile.Visibility;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IndexCodecTest {
    private static final String[] WORDS = {"java", "career growth", "Lisboa", "São Paulo", "東京", "Technology",
            "University of a very long name that goes well past sixty-four bytes of UTF-8 text, so not shared",
            "Employer 454", "en", "pt", "running", "jazz", ""};

    @Test
    void everyCardComesBackAsItWasButForTheNameWhichTheIndexDoesNotKeep() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 5_000; i++) {
            Role role = r.nextBoolean() ? Role.MENTOR : Role.MENTEE;
            MatchCard card = random(r, "user-" + i, role);
            MatchCard read = IndexCodec.card(IndexCodec.card(card), card.userId(), role);
            assertThat(read).isEqualTo(new MatchCard(card.userId(), null, role, card.topics(), card.capacity(),
                    card.activeMentees(), card.accepting(), card.languages(), card.interests(), card.work(),
                    card.schools(), card.place(), card.privacy(), card.remoteOk(), card.outsideMyCircle(),
                    card.ackVersion()));
            assertThat(Double.doubleToRawLongBits(read.place().lat() == null ? 0 : read.place().lat()))
                    .isEqualTo(Double.doubleToRawLongBits(card.place().lat() == null ? 0 : card.place().lat()));
        }
    }

    @Test
    void aBarsLastScoreComesBackBitForBit() {
        SplittableRandom r = new SplittableRandom(6);
        List<Double> scores = new ArrayList<>(List.of(0.0, -0.0, 0.1 + 0.2, Double.MIN_VALUE, 100.0,
                Math.nextUp(42.0), 1e-300));
        for (int i = 0; i < 1_000; i++) {
            scores.add(r.nextDouble() * 100);
        }
        for (double score : scores) {
            MatchIndex.Bar bar = new MatchIndex.Bar(r.nextInt(31), score, "user-" + r.nextInt(), r.nextBoolean(),
                    r.nextInt(5), r.nextLong());
            MatchIndex.Bar read = IndexCodec.bar(IndexCodec.bar(bar));
            assertThat(read).isEqualTo(bar);
            assertThat(Double.doubleToRawLongBits(read.lastScore())).isEqualTo(Double.doubleToRawLongBits(score));
        }
        assertThat(IndexCodec.bar(IndexCodec.bar(MatchIndex.Bar.UNKNOWN))).isEqualTo(MatchIndex.Bar.UNKNOWN);
    }

    @Test
    void aCardsDigestIsWhatItSaysNotTheOrderItsSetsIterateInNorItsName() {
        SplittableRandom r = new SplittableRandom(7);
        Set<String> digests = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            Role role = r.nextBoolean() ? Role.MENTOR : Role.MENTEE;
            MatchCard card = random(r, "user-" + i, role);
            // The same card as another process builds it: sets in another iteration order, read back from the index.
            MatchCard listed = IndexCodec.card(IndexCodec.card(card), card.userId(), role);
            MatchCard reordered = new MatchCard(card.userId(), "Another name", role, reversed(card.topics()),
                    card.capacity(), card.activeMentees(), card.accepting(), reversed(card.languages()),
                    reversed(card.interests()), card.work(), card.schools(), card.place(), card.privacy(),
                    card.remoteOk(), card.outsideMyCircle(), card.ackVersion());
            assertThat(IndexCodec.digest(listed)).isEqualTo(IndexCodec.digest(card));
            assertThat(IndexCodec.digest(reordered)).isEqualTo(IndexCodec.digest(card));
            // A card that says anything else: another guidelines version, one more mentee.
            MatchCard acknowledgedAgain = new MatchCard(card.userId(), card.displayName(), role, card.topics(),
                    card.capacity(), card.activeMentees(), card.accepting(), card.languages(), card.interests(),
                    card.work(), card.schools(), card.place(), card.privacy(), card.remoteOk(),
                    card.outsideMyCircle(), card.ackVersion() + 1);
            MatchCard busier = new MatchCard(card.userId(), card.displayName(), role, card.topics(),
                    card.capacity(), card.activeMentees() + 1, card.accepting(), card.languages(), card.interests(),
                    card.work(), card.schools(), card.place(), card.privacy(), card.remoteOk(),
                    card.outsideMyCircle(), card.ackVersion());
            assertThat(IndexCodec.digest(acknowledgedAgain)).isNotEqualTo(IndexCodec.digest(card));
            assertThat(IndexCodec.digest(busier)).isNotEqualTo(IndexCodec.digest(card));
            digests.add(IndexCodec.digest(card));
        }
        assertThat(digests).as("random cards, hardly two alike").hasSizeGreaterThan(1_900);
    }

    private static Set<String> reversed(Set<String> set) {
        List<String> order = new ArrayList<>(set);
        java.util.Collections.reverse(order);
        return new java.util.LinkedHashSet<>(order);
    }

    @Test
    void aCardTakesFarFewerBytesThanItsJson() {
        MatchCard card = new MatchCard("u6", "Member 6", Role.MENTOR, Set.of("topic 48", "topic 36", "design"), 4, 0,
                true, Set.of("pt", "en"), Set.of("cycling", "interest 55", "interest 871", "hiking", "chess"),
                new Work("Finance", "Research", "Employer 454", 6), List.of(new School("University 245", "Marketing")),
                new Place("Lisbon", "Lisboa", "PT", 38.80677420489125, -9.049094086540366),
                new Privacy(Visibility.SUGGESTIONS, Visibility.EVERYONE, Visibility.SUGGESTIONS, Visibility.EVERYONE),
                true, false, 1);
        // Read capacity is billed by the byte; whole partitions are read per computation.
        assertThat(IndexCodec.card(card).b().asByteArrayUnsafe().length).isLessThan(Json.write(card).length() / 2);
    }

    private static MatchCard random(SplittableRandom r, String id, Role role) {
        Work work = r.nextInt(6) == 0 ? Work.NONE : new Work(maybe(r), maybe(r), maybe(r),
                r.nextInt(4) == 0 ? null : r.nextInt(60));
        List<School> schools = new ArrayList<>();
        for (int s = r.nextInt(3); s > 0; s--) {
            schools.add(new School(maybe(r), maybe(r)));
        }
        Place place = r.nextInt(6) == 0 ? Place.NONE : new Place(maybe(r), maybe(r), r.nextBoolean() ? "PT" : null,
                r.nextBoolean() ? null : (r.nextDouble() - 0.5) * 180, r.nextBoolean() ? null : r.nextDouble() * 360);
        Visibility[] v = Visibility.values();
        int capacity = r.nextInt(6);
        return new MatchCard(id, "Member " + id, role, words(r, 1 + r.nextInt(4)), capacity,
                capacity == 0 ? 0 : r.nextInt(capacity + 1), r.nextBoolean(), words(r, r.nextInt(3)),
                words(r, r.nextInt(6)), work, schools, place,
                new Privacy(v[r.nextInt(v.length)], v[r.nextInt(v.length)], v[r.nextInt(v.length)],
                        v[r.nextInt(v.length)]), r.nextBoolean(), r.nextBoolean(), r.nextInt(4));
    }

    private static String maybe(SplittableRandom r) {
        return r.nextInt(5) == 0 ? null : WORDS[r.nextInt(WORDS.length)];
    }

    private static Set<String> words(SplittableRandom r, int count) {
        Set<String> out = new HashSet<>();
        while (out.size() < count) {
            out.add(WORDS[r.nextInt(WORDS.length)]);
        }
        return Set.copyOf(out);
    }
}
