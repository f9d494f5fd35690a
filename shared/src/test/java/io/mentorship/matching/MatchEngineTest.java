package io.mentorship.matching;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.matching.Commonality.Type;
import io.mentorship.matching.MatchCard.Place;
import io.mentorship.matching.MatchCard.Privacy;
import io.mentorship.matching.MatchCard.School;
import io.mentorship.matching.MatchCard.Work;
import io.mentorship.profile.Role;
import io.mentorship.profile.Visibility;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MatchEngineTest {
    private final MatchEngine engine = new MatchEngine(Weights.defaults(), 20);
    private final Map<String, Set<String>> friendLists = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();
    private Set<String> viewerFriends = Set.of();
    private Set<String> excluded = Set.of();
    private Map<Role, Integer> guidelines = Map.of(Role.MENTOR, 1, Role.MENTEE, 1);

    static Card mentee(String id) {
        return new Card(id, Role.MENTEE).topics("java");
    }

    static Card mentor(String id) {
        return new Card(id, Role.MENTOR).topics("java");
    }

    private MatchContext context() {
        return new MatchContext(guidelines, viewerFriends, excluded,
                ids -> {
                    Map<String, Set<String>> out = new HashMap<>();
                    ids.forEach(id -> out.put(id, friendLists.getOrDefault(id, Set.of())));
                    return out;
                },
                ids -> {
                    Map<String, String> out = new HashMap<>();
                    ids.forEach(id -> {
                        if (names.containsKey(id)) {
                            out.put(id, names.get(id));
                        }
                    });
                    return out;
                });
    }

    private List<Suggestion> rank(Card viewer, Card... candidates) {
        return engine.rank(viewer.build(), List.of(candidates).stream().map(Card::build).toList(), context());
    }

    private List<String> ids(List<Suggestion> suggestions) {
        return suggestions.stream().map(Suggestion::userId).toList();
    }

    private static Commonality of(Suggestion s, Type type) {
        return s.commonalities().stream().filter(c -> c.type() == type).findFirst().orElse(null);
    }

    @Nested
    class HardFilters {
        @Test
        void aFittingMentorIsSuggested() {
            assertThat(ids(rank(mentee("m"), mentor("r")))).containsExactly("r");
        }

        @Test
        void noSharedLanguage() {
            assertThat(rank(mentee("m").languages("pt"), mentor("r").languages("de"))).isEmpty();
        }

        @Test
        void noTopicOverlap() {
            assertThat(rank(mentee("m").topics("go"), mentor("r").topics("java"))).isEmpty();
        }

        @Test
        void mentorNotAccepting() {
            assertThat(rank(mentee("m"), mentor("r").accepting(false))).isEmpty();
        }

        @Test
        void mentorAtCapacity() {
            assertThat(rank(mentee("m"), mentor("r").capacity(2).active(2))).isEmpty();
            assertThat(rank(mentee("m"), mentor("r").capacity(2).active(1))).hasSize(1);
        }

        @Test
        void self() {
            assertThat(rank(mentee("same"), mentor("same"))).isEmpty();
        }

        @Test
        void sameRole() {
            assertThat(rank(mentee("m"), mentee("other"))).isEmpty();
        }

        @Test
        void candidateWithoutCurrentAcknowledgement() {
            guidelines = Map.of(Role.MENTOR, 2, Role.MENTEE, 1);
            assertThat(rank(mentee("m"), mentor("old").ack(1), mentor("new").ack(2))).extracting(Suggestion::userId)
                    .containsExactly("new");
        }

        @Test
        void viewerWithoutCurrentAcknowledgementGetsNothing() {
            guidelines = Map.of(Role.MENTOR, 1, Role.MENTEE, 3);
            assertThat(rank(mentee("m").ack(2), mentor("r"))).isEmpty();
        }

        @Test
        void excludedMembers() {
            excluded = Set.of("blocked");
            assertThat(ids(rank(mentee("m"), mentor("blocked"), mentor("ok")))).containsExactly("ok");
        }

        @Test
        void outsideMyCircleLeavesDirectFriendsOut() {
            viewerFriends = Set.of("friend");
            assertThat(ids(rank(mentee("m").outsideMyCircle(), mentor("friend"), mentor("stranger"))))
                    .containsExactly("stranger");
            assertThat(ids(rank(mentee("m"), mentor("friend"), mentor("stranger"))))
                    .containsExactlyInAnyOrder("friend", "stranger");
        }

        @Test
        void inPersonOnlyNeedsToBeNear() {
            Card porto = mentee("m").place("Porto", "Norte", "PT", 41.15, -8.61).remoteOk(false);
            assertThat(ids(rank(porto, mentor("near").place("Matosinhos", "Norte", "PT", 41.18, -8.69),
                    mentor("far").place("Lisbon", "Lisboa", "PT", 38.72, -9.14))))
                    .containsExactly("near");
        }

        @Test
        void mentorsViewMenteesToo() {
            assertThat(ids(rank(mentor("r"), mentee("m1"), mentee("m2").topics("go"))))
                    .containsExactly("m1");
        }
    }

    @Nested
    class Criteria {
        @Test
        void moreOfTheWantedTopicsRanksHigher() {
            Card m = mentee("m").topics("java", "kafka");
            List<Suggestion> ranked = rank(m, mentor("one").topics("java"), mentor("both").topics("java", "kafka"));
            assertThat(ids(ranked)).containsExactly("both", "one");
            assertThat(ranked.get(0).score()).isGreaterThan(ranked.get(1).score());
            assertThat(of(ranked.get(0), Type.TOPICS).details()).isEqualTo(Map.of("topics", List.of("java", "kafka")));
        }

        @Test
        void sharedInterests() {
            List<Suggestion> ranked = rank(mentee("m").interests("jazz", "climbing", "chess"),
                    mentor("a").interests("jazz"), mentor("b").interests("jazz", "chess"));
            assertThat(ids(ranked)).containsExactly("b", "a");
            assertThat(of(ranked.get(0), Type.INTERESTS).summary()).isEqualTo("Both interested in chess and jazz");
        }

        @Test
        void profession() {
            Card m = mentee("m").work("Fintech", "Backend", "Acme", 2);
            List<Suggestion> ranked = rank(m, mentor("field").work("Retail", "backend", "Other", 10),
                    mentor("all").work("fintech", "Backend", "ACME", 12),
                    mentor("none").work("Retail", "Sales", "X", 9));
            assertThat(ids(ranked)).containsExactly("all", "field", "none");
            Commonality all = of(ranked.get(0), Type.PROFESSION);
            assertThat(all.details()).containsEntry("industry", "Fintech").containsEntry("employer", "Acme")
                    .containsEntry("mentorYearsMoreExperience", 10);
            assertThat(all.summary()).contains("10 more years of experience");
            assertThat(of(ranked.get(2), Type.PROFESSION)).isNull();
        }

        @Test
        void experienceGap() {
            assertThat(MatchEngine.experience(new Work(null, null, null, 10), new Work(null, null, null, 3)))
                    .isEqualTo(1.0);
            assertThat(MatchEngine.experience(new Work(null, null, null, 3), new Work(null, null, null, 3)))
                    .isZero();
            assertThat(MatchEngine.experience(new Work(null, null, null, 4), new Work(null, null, null, 3)))
                    .isEqualTo(0.5);
            assertThat(MatchEngine.experience(new Work(null, null, null, 45), new Work(null, null, null, 0)))
                    .isEqualTo(0.3);
        }

        @Test
        void education() {
            Card m = mentee("m").school("University of Porto", "Computer Science");
            List<Suggestion> ranked = rank(m, mentor("field").school("MIT", "computer science"),
                    mentor("both").school("university of porto", "Computer Science"),
                    mentor("school").school("University of Porto", "Law"));
            assertThat(ids(ranked)).containsExactly("both", "school", "field");
            assertThat(of(ranked.get(0), Type.EDUCATION).summary())
                    .isEqualTo("Both studied Computer Science at University of Porto");
            assertThat(of(ranked.get(1), Type.EDUCATION).summary()).isEqualTo("Both studied at University of Porto");
            assertThat(of(ranked.get(2), Type.EDUCATION).summary()).isEqualTo("Both studied Computer Science");
        }

        @Test
        void location() {
            Card m = mentee("m").place("Porto", "Norte", "PT", 41.1579, -8.6291);
            List<Suggestion> ranked = rank(m,
                    mentor("city").place("Porto", "Norte", "PT", 41.1496, -8.6110),
                    mentor("region").place("Braga", "Norte", "PT", null, null),
                    mentor("country").place("Faro", "Algarve", "PT", null, null),
                    mentor("abroad").place("Vigo", "Galicia", "ES", null, null));
            assertThat(ids(ranked)).containsExactly("city", "region", "country", "abroad");
            assertThat(of(ranked.get(0), Type.LOCATION).summary()).isEqualTo("Both in Porto (2 km apart)");
            assertThat(of(ranked.get(0), Type.LOCATION).details()).containsEntry("distanceKm", 2L);
            assertThat(of(ranked.get(1), Type.LOCATION).summary()).isEqualTo("Both in Norte");
            assertThat(of(ranked.get(2), Type.LOCATION).summary()).isEqualTo("Both in Portugal");
            assertThat(of(ranked.get(3), Type.LOCATION)).isNull();
        }

        @Test
        void languages() {
            List<Suggestion> ranked = rank(mentee("m").languages("pt", "en"), mentor("one").languages("en"),
                    mentor("two").languages("en", "pt"));
            assertThat(ids(ranked)).containsExactly("two", "one");
            assertThat(of(ranked.get(0), Type.LANGUAGES).summary()).isEqualTo("Both speak English and Portuguese");
        }

        @Test
        void mutualFriendsCountOnlyConfirmedFriendsAndNameUpToThree() {
            viewerFriends = Set.of("ana", "li", "joe", "zoe");
            friendLists.put("many", Set.of("ana", "li", "joe", "zoe", "x"));
            friendLists.put("one", Set.of("ana"));
            names.putAll(Map.of("ana", "Ana", "li", "Li", "joe", "Joe"));
            List<Suggestion> ranked = rank(mentee("m"), mentor("none"), mentor("one"), mentor("many"));
            assertThat(ids(ranked)).containsExactly("many", "one", "none");
            Commonality many = of(ranked.get(0), Type.FRIENDS);
            assertThat(many.summary()).isEqualTo("4 mutual friends, including Ana, Joe and Li");
            assertThat(many.details()).containsEntry("count", 4).containsEntry("names", List.of("Ana", "Joe", "Li"));
            assertThat(of(ranked.get(1), Type.FRIENDS).summary()).isEqualTo("1 mutual friend: Ana");
            assertThat(of(ranked.get(2), Type.FRIENDS)).isNull();
        }

        @Test
        void theBoundForSoManyMutualFriendsIsTheScoreWithThemAndNeverBelowIt() {
            viewerFriends = Set.of("ana", "li", "joe", "zoe");
            friendLists.put("none", Set.of());
            friendLists.put("one", Set.of("ana"));
            friendLists.put("two", Set.of("ana", "li"));
            friendLists.put("four", Set.of("ana", "li", "joe", "zoe"));
            MatchCard viewer = mentee("m").interests("jazz").build();
            Map<String, Integer> mutual = Map.of("none", 0, "one", 1, "two", 2, "four", 4);
            for (var entry : mutual.entrySet()) {
                MatchCard candidate = mentor(entry.getKey()).interests("jazz").build();
                double score = engine.rank(viewer, List.of(candidate), context()).getFirst().exactScore();
                ScoringCard v = ScoringCard.of(viewer);
                ScoringCard c = ScoringCard.of(candidate);
                assertThat(engine.bestPossibleScore(v, c, entry.getValue())).as(entry.getKey()).isEqualTo(score);
                assertThat(engine.bestPossibleScore(v, c, entry.getValue() + 1)).isGreaterThanOrEqualTo(score);
                assertThat(engine.bestPossibleScore(v, c, true)).isGreaterThanOrEqualTo(score);
                if (entry.getValue() > 0 && entry.getValue() <= 3) {
                    // Up to three mutual friends, each one counts (past that, the score is full).
                    assertThat(engine.bestPossibleScore(v, c, entry.getValue() - 1)).isLessThan(score);
                }
            }
        }

        @Test
        void weightsChangeTheOrder() {
            Card m = mentee("m").interests("jazz").place("Porto", "Norte", "PT", null, null);
            Card jazz = mentor("jazz").interests("jazz");
            Card local = mentor("local").place("Porto", "Norte", "PT", null, null);
            Map<Criterion, Integer> w = new EnumMap<>(Weights.defaults().values());
            w.put(Criterion.INTERESTS, 0);
            MatchEngine locationFirst = new MatchEngine(new Weights(w), 20);
            assertThat(ids(rank(m, jazz, local))).containsExactly("local", "jazz");
            w.put(Criterion.INTERESTS, 100);
            w.put(Criterion.LOCATION, 0);
            MatchEngine interestsFirst = new MatchEngine(new Weights(w), 20);
            assertThat(interestsFirst.rank(m.build(), List.of(jazz.build(), local.build()), context())
                    .getFirst().userId()).isEqualTo("jazz");
            assertThat(locationFirst.rank(m.build(), List.of(jazz.build(), local.build()), context())
                    .getFirst().userId()).isEqualTo("local");
        }

        @Test
        void scoresStayWithin0And100() {
            Card m = mentee("m").topics("java").interests("a", "b", "c").work("I", "F", "E", 1)
                    .school("S", "F").place("C", "R", "PT", 1.0, 1.0).languages("en", "pt");
            Card perfect = mentor("p").topics("java").interests("a", "b", "c").work("I", "F", "E", 10)
                    .school("S", "F").place("C", "R", "PT", 1.0, 1.0).languages("en", "pt");
            viewerFriends = Set.of("f1", "f2", "f3");
            friendLists.put("p", Set.of("f1", "f2", "f3"));
            assertThat(rank(m, perfect).getFirst().score()).isEqualTo(100);
            assertThat(rank(mentee("x").languages("en"), mentor("y").languages("en")).getFirst().score())
                    .isBetween(0, 100);
        }
    }

    @Nested
    class Privacy_ {
        @Test
        void aCategoryHiddenByEitherSideIsNeitherShownNorScored() {
            Card m = mentee("m").school("FEUP", "CS").place("Porto", "Norte", "PT", null, null);
            Card open = mentor("open").school("FEUP", "CS").place("Porto", "Norte", "PT", null, null);
            Card hidden = mentor("hidden").school("FEUP", "CS").place("Porto", "Norte", "PT", null, null)
                    .privacy(Visibility.SUGGESTIONS, Visibility.NOBODY, Visibility.SUGGESTIONS, Visibility.NOBODY);
            List<Suggestion> ranked = rank(m, open, hidden);
            assertThat(ids(ranked)).containsExactly("open", "hidden");
            assertThat(of(ranked.get(1), Type.EDUCATION)).isNull();
            assertThat(of(ranked.get(1), Type.LOCATION)).isNotNull();
            assertThat(ranked.get(0).score()).isGreaterThan(ranked.get(1).score());

            List<Suggestion> fromHiddenSide = engine.rank(m.privacy(Visibility.SUGGESTIONS, Visibility.SUGGESTIONS,
                    Visibility.NOBODY, Visibility.SUGGESTIONS).build(), List.of(open.build()), context());
            assertThat(of(fromHiddenSide.getFirst(), Type.LOCATION)).isNull();
        }

        @Test
        void friendsHiddenMeansNoMutualFriendsAndFriendsWhoHideAreCountedButNotNamed() {
            viewerFriends = Set.of("ana", "li");
            friendLists.put("r", Set.of("ana", "li"));
            names.put("ana", "Ana");
            Suggestion shown = rank(mentee("m"), mentor("r")).getFirst();
            assertThat(of(shown, Type.FRIENDS).summary()).isEqualTo("2 mutual friends, including Ana");
            Suggestion hidden = rank(mentee("m"), mentor("r").privacy(Visibility.NOBODY, Visibility.SUGGESTIONS,
                    Visibility.SUGGESTIONS, Visibility.SUGGESTIONS)).getFirst();
            assertThat(of(hidden, Type.FRIENDS)).isNull();
            assertThat(hidden.score()).isLessThan(shown.score());
        }
    }

    @Nested
    class Determinism {
        @Test
        void tiesBreakOnMemberId() {
            assertThat(ids(rank(mentee("m"), mentor("c"), mentor("a"), mentor("b")))).containsExactly("a", "b", "c");
        }

        @Test
        void theSameInputGivesTheSameOutputInAnyOrder() {
            List<Card> cards = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                cards.add(mentor("r" + i).interests(i % 3 == 0 ? "jazz" : "chess").work("I", i % 2 == 0 ? "F" : "G",
                        null, i % 20));
            }
            Card m = mentee("m").interests("jazz").work("I", "F", null, 1);
            List<Suggestion> forward = rank(m, cards.toArray(Card[]::new));
            List<Card> reversed = new ArrayList<>(cards);
            java.util.Collections.reverse(reversed);
            assertThat(rank(m, reversed.toArray(Card[]::new))).isEqualTo(forward);
            assertThat(forward).hasSize(20);
        }

        @Test
        void friendListsAreFetchedOnlyForCandidatesThatCanStillReachTheTop() {
            MatchEngine top2 = new MatchEngine(Weights.defaults(), 2);
            viewerFriends = Set.of("f");
            List<MatchCard> cards = new ArrayList<>();
            cards.add(strong(mentor("best")).build());
            cards.add(strong(mentor("second")).build());
            for (int i = 0; i < 200; i++) {
                cards.add(mentor("weak" + i).topics("java", "x").languages("en").build());
            }
            AtomicInteger asked = new AtomicInteger();
            MatchContext counting = new MatchContext(guidelines, viewerFriends, Set.of(), ids -> {
                asked.addAndGet(ids.size());
                return Map.of();
            }, ids -> Map.of());
            List<Suggestion> out = top2.rank(strong(mentee("m")).work("I", "F", "E", 1).build(), cards, counting);
            assertThat(ids(out)).containsExactly("best", "second");
            assertThat(asked.get()).isLessThanOrEqualTo(25 + 2);
        }
    }

    private static Card strong(Card card) {
        return card.interests("a", "b", "c").work("I", "F", "E", 9).school("S", "F").place("C", "R", "PT", null, null);
    }

    /** A test card with sensible defaults: English, accepting, capacity 3, acknowledged version 1. */
    static final class Card {
        private final String id;
        private final Role role;
        private Set<String> topics = Set.of("java");
        private Set<String> languages = Set.of("en");
        private Set<String> interests = Set.of();
        private Work work = Work.NONE;
        private List<School> schools = List.of();
        private Place place = Place.NONE;
        private Privacy privacy = Privacy.DEFAULT;
        private int capacity = 3;
        private int active;
        private boolean accepting = true;
        private boolean remoteOk = true;
        private boolean outsideMyCircle;
        private int ack = 1;

        Card(String id, Role role) {
            this.id = id;
            this.role = role;
        }

        Card topics(String... v) {
            topics = Set.of(v);
            return this;
        }

        Card languages(String... v) {
            languages = Set.of(v);
            return this;
        }

        Card interests(String... v) {
            interests = Set.of(v);
            return this;
        }

        Card work(String industry, String field, String employer, Integer years) {
            work = new Work(industry, field, employer, years);
            return this;
        }

        Card school(String school, String field) {
            schools = List.of(new School(school, field));
            return this;
        }

        Card place(String city, String region, String country, Double lat, Double lon) {
            place = new Place(city, region, country, lat, lon);
            return this;
        }

        Card privacy(Visibility friends, Visibility education, Visibility location, Visibility profession) {
            privacy = new Privacy(friends, education, location, profession);
            return this;
        }

        Card capacity(int v) {
            capacity = v;
            return this;
        }

        Card active(int v) {
            active = v;
            return this;
        }

        Card accepting(boolean v) {
            accepting = v;
            return this;
        }

        Card remoteOk(boolean v) {
            remoteOk = v;
            return this;
        }

        Card outsideMyCircle() {
            outsideMyCircle = true;
            return this;
        }

        Card ack(int v) {
            ack = v;
            return this;
        }

        MatchCard build() {
            return new MatchCard(id, id.toUpperCase(), role, topics, role == Role.MENTOR ? capacity : 0, active,
                    role == Role.MENTOR && accepting, languages, interests, work, schools, place, privacy, remoteOk,
                    outsideMyCircle, ack);
        }

        static Collection<MatchCard> all(Card... cards) {
            return List.of(cards).stream().map(Card::build).toList();
        }
    }
}
