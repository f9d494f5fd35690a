package io.mentorship.local.matching;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.json.Json;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.Api;
import io.mentorship.local.testing.Queues;
import io.mentorship.local.testing.TestStack;
import io.mentorship.matching.MatchCard;
import io.mentorship.matching.MatchContext;
import io.mentorship.matching.MatchEngine;
import io.mentorship.matching.ScoringCard;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.matching.Suggestion;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import io.mentorship.profile.Visibility;
import io.mentorship.store.FriendRepository;
import io.mentorship.store.MemberRepository;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.SuggestionRepository;
import io.mentorship.store.WeightsRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The product's core promise, end to end: once the queues drain, every member's stored suggestions in each role
 * equal the pure engine's ranking over the whole population, computed here from the table's state: same ids, order,
 * scores (to the last bit) and points in common.
 *
 * <p>A seeded population (one topic shared by most mentors, several countries, a power-law friend graph) signs up,
 * befriends and acknowledges through the HTTP API; then a random sequence of every kind of change runs through the
 * API while the match function works: profile edits, friend-list changes, guidelines publications and
 * re-acknowledgements, introductions requested, accepted and declined, mentorships ended, blocks and unblocks,
 * erasures, and weight changes (two in a row, the second superseding the first's recompute).
 *
 * <p>Sizes: {@code -Doracle.members} (default 150), {@code -Doracle.events} (default 60) and
 * {@code -Doracle.seeds} (default 11,12,13); {@code make bench} runs it at 1,500 members and 300 events.
 * {@code -Doracle.clients} (default 4) sign members up at once; {@code -Doracle.links} (default 3) bounds the
 * friendships each newcomer makes ({@code make onboarding} runs bulk onboarding this way).
 */
class ExactSuggestionsIT {
    private static final int MEMBERS = Integer.getInteger("oracle.members", 150);
    private static final int EVENTS = Integer.getInteger("oracle.events", 60);
    /** Clients signing members up at once, and new friendships a member makes (1 to this, uniformly). */
    private static final int CLIENTS = Integer.getInteger("oracle.clients", 4);
    private static final int LINKS = Integer.getInteger("oracle.links", 3);
    private static final String[] TOPICS = {"career", "leadership", "java", "design", "sales", "data", "writing",
            "finance"};
    private static final String[] INTERESTS = {"jazz", "chess", "running", "hiking", "cooking", "yoga", "film",
            "travel", "gardening", "climbing"};
    private static final Object[][] CITIES = {{"Porto", "Norte", "PT", 41.15, -8.61}, {"Braga", "Norte", "PT", 41.55,
            -8.42}, {"Lisbon", "Lisboa", "PT", 38.72, -9.14}, {"Madrid", "Madrid", "ES", 40.42, -3.70},
            {"Vigo", "Galicia", "ES", null, null}, {"Paris", "Ile-de-France", "FR", 48.86, 2.35},
            {"Berlin", "Berlin", "DE", 52.52, 13.40}, {"Austin", "Texas", "US", 30.27, -97.74}};
    private static final String[] EMPLOYERS = {"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne"};
    private static final String[] SCHOOLS = {"FEUP", "IST", "UPM", "Sorbonne", "TU Berlin", "UT Austin"};
    private static final String[] FIELDS = {"Backend", "Data", "Product", "Design", "Sales", "Research"};

    static java.util.stream.LongStream seeds() {
        return java.util.Arrays.stream(System.getProperty("oracle.seeds", "11,12,13").split(","))
                .mapToLong(Long::parseLong);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyStoredListEqualsTheExhaustiveRanking(long seed) throws Exception {
        try (LocalRuntime runtime = TestStack.own()) {
            World world = new World(runtime, new SplittableRandom(seed));
            long started = System.nanoTime();
            world.signUpEveryone();
            long signedUp = System.nanoTime();
            world.runEvents(EVENTS);
            long changed = System.nanoTime();
            world.awaitDrained();
            long drained = System.nanoTime();
            Comparison result = world.compare();
            var match = runtime.function("MatchFunction").usage();
            System.out.printf("oracle seed %d: %d members, %d lists compared (%d suggestions), %d differences; "
                    + "sign-up %.0f s, %d changes %.0f s, drained %.0f s later; match function: %d messages, %.0f s%n",
                    seed, result.members(), result.lists(), result.suggestions(), result.differences().size(),
                    (signedUp - started) / 1e9, EVENTS, (changed - signedUp) / 1e9, (drained - changed) / 1e9,
                    match.messages(), match.handlerMillis() / 1e3);
            System.out.println("match messages by type: " + io.mentorship.match.MatchHandler.timings());
            io.mentorship.local.LocalMetrics.INSTANCE.summary().forEach((function, metrics) -> {
                if (function.contains("MatchFunction")) {
                    System.out.println("match metrics: " + metrics);
                }
            });
            System.out.printf("onboarding: %d members by %d clients, %d friendships, %.1f joins/s (sign-up, "
                    + "acknowledgements and friend list each); changes skipped as already matched: %.0f%n",
                    MEMBERS, CLIENTS, world.friendships(), MEMBERS / ((signedUp - started) / 1e9),
                    io.mentorship.local.LocalMetrics.INSTANCE.summary().values().stream()
                            .map(m -> m.get("ProfileChangesCoalesced")).filter(java.util.Objects::nonNull)
                            .mapToDouble(io.mentorship.local.LocalMetrics.Stat::sum).sum());
            assertThat(result.differences()).as("lists that differ from the exhaustive ranking").isEmpty();
            assertThat(result.suggestions()).as("suggestions compared").isGreaterThan(MEMBERS);
        }
    }

    record Comparison(int members, int lists, int suggestions, List<String> differences) {
    }

    /** The population, what the test did to it, and the oracle. */
    private static final class World {
        private final LocalRuntime runtime;
        private final SplittableRandom random;
        private final String table;
        private final List<String> ids = new ArrayList<>();
        private final Map<String, Set<String>> friendLists = new HashMap<>();
        private final List<String[]> mentorships = new ArrayList<>();
        private final List<String[]> blocks = new ArrayList<>();
        private final Set<String> erased = new TreeSet<>();

        World(LocalRuntime runtime, SplittableRandom random) {
            this.runtime = runtime;
            this.random = random;
            this.table = runtime.stack().resource("MentorshipTable").ref();
        }

        int friendships() {
            return friendLists.values().stream().mapToInt(Set::size).sum() / 2;
        }

        void signUpEveryone() throws Exception {
            List<Map<String, Object>> bodies = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                String id = String.format("u%05d", i);
                ids.add(id);
                friendLists.put(id, new TreeSet<>());
                bodies.add(profile(id));
            }
            // Preferential attachment: a few members gather many friends, most have a handful.
            List<String> ends = new ArrayList<>();
            for (int i = 1; i < MEMBERS; i++) {
                int links = 1 + random.nextInt(LINKS);
                for (int l = 0; l < links; l++) {
                    String other = ends.isEmpty() || random.nextInt(4) == 0 ? ids.get(random.nextInt(i))
                            : ends.get(random.nextInt(ends.size()));
                    if (!other.equals(ids.get(i)) && friendLists.get(ids.get(i)).add(other)) {
                        friendLists.get(other).add(ids.get(i));
                        ends.add(other);
                        ends.add(ids.get(i));
                    }
                }
            }
            parallel(ids, id -> {
                Api api = Api.as(runtime, id);
                Map<String, Object> body = bodies.get(ids.indexOf(id));
                expect(api.post("/users", body), 201);
                for (String role : List.of("mentor", "mentee")) {
                    if (body.containsKey(role)) {
                        acknowledge(id, role);
                    }
                }
            });
            parallel(ids, id -> expect(Api.as(runtime, id).put("/users/" + id + "/friends",
                    Map.of("friendIds", List.copyOf(friendLists.get(id)))), 200));
        }

        private Map<String, Object> profile(String id) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("displayName", "Member " + id);
            int kind = random.nextInt(20);
            boolean mentor = kind < 11;
            boolean mentee = kind >= 9;
            if (mentor) {
                List<String> topics = new ArrayList<>(List.of("career"));
                topics.addAll(zipfSome(TOPICS, 0, 2));
                body.put("mentor", Map.of("topics", new TreeSet<>(topics), "capacity", 1 + random.nextInt(3),
                        "accepting", random.nextInt(10) != 0));
            }
            if (mentee) {
                List<String> topics = new ArrayList<>(zipfSome(TOPICS, 1, 2));
                body.put("mentee", Map.of("topics", new TreeSet<>(topics), "goal", "grow"));
            }
            Object[] city = CITIES[zipf(CITIES.length)];
            Map<String, Object> location = new LinkedHashMap<>();
            location.put("city", city[0]);
            location.put("region", city[1]);
            location.put("country", city[2]);
            if (city[3] != null) {
                location.put("lat", (Double) city[3] + random.nextDouble() * 0.2);
                location.put("lon", (Double) city[4] + random.nextDouble() * 0.2);
            }
            body.put("location", location);
            String country = (String) city[2];
            List<String> languages = new ArrayList<>(List.of(switch (country) {
                case "PT" -> "pt";
                case "ES" -> "es";
                case "FR" -> "fr";
                case "DE" -> "de";
                default -> "en";
            }));
            if (random.nextInt(10) < 8 && !languages.contains("en")) {
                languages.add("en");
            }
            body.put("languages", languages);
            body.put("interests", zipfSome(INTERESTS, 0, 4));
            body.put("profession", Map.of("industry", random.nextBoolean() ? "Technology" : "Finance",
                    "field", FIELDS[zipf(FIELDS.length)], "employer", EMPLOYERS[zipf(EMPLOYERS.length)],
                    "yearsExperience", mentor ? 3 + random.nextInt(25) : random.nextInt(8)));
            body.put("education", List.of(Map.of("school", SCHOOLS[zipf(SCHOOLS.length)],
                    "field", FIELDS[zipf(FIELDS.length)])));
            Map<String, Object> preferences = new LinkedHashMap<>();
            preferences.put("remoteOk", random.nextInt(20) != 0);
            preferences.put("outsideMyCircle", random.nextInt(20) == 0);
            body.put("preferences", preferences);
            if (random.nextInt(8) == 0) {
                body.put("visibility", Map.of("friends", random.nextBoolean() ? "nobody" : "everyone",
                        "education", "suggestions", "location", random.nextBoolean() ? "nobody" : "suggestions",
                        "profession", "everyone"));
            }
            return body;
        }

        void runEvents(int count) {
            Api admin = Api.asAdmin(runtime, "admin-oracle");
            for (int e = 0; e < count; e++) {
                if (e == count / 3) {
                    expect(admin.put("/admin/guidelines/mentor", Map.of("title", "Mentor guidelines v2",
                            "rules", List.of("Be kind.", "Reply within a week."))), 201);
                    // Most mentors acknowledge again soon; the rest stay unmatched.
                    for (String id : ids) {
                        if (!erased.contains(id) && random.nextInt(10) < 8) {
                            acknowledge(id, "mentor");
                        }
                    }
                    continue;
                }
                if (e == count / 2 || e == count / 2 + 1) {
                    Map<String, Object> weights = new LinkedHashMap<>();
                    weights.put("friends", 5 + random.nextInt(40));
                    weights.put("interests", random.nextInt(30));
                    weights.put("location", random.nextInt(30));
                    expect(admin.put("/admin/matching/weights", weights), 200);
                    continue;
                }
                String id = someone();
                switch (random.nextInt(10)) {
                    case 0, 1 -> editProfile(id);
                    case 2, 3 -> changeFriends(id);
                    case 4 -> acknowledge(id, "mentor");
                    case 5 -> introduce(id, true);
                    case 6 -> introduce(id, false);
                    case 7 -> endMentorship();
                    case 8 -> block(id);
                    default -> {
                        if (random.nextInt(3) == 0) {
                            erase(id);
                        } else {
                            editProfile(id);
                        }
                    }
                }
            }
        }

        private String someone() {
            String id;
            do {
                id = ids.get(random.nextInt(ids.size()));
            } while (erased.contains(id));
            return id;
        }

        private void editProfile(String id) {
            Api api = Api.as(runtime, id);
            ObjectNode profile = (ObjectNode) api.get("/users/" + id).json();
            long version = profile.path("version").asLong();
            Map<String, Object> body = Json.mapper().convertValue(profile, Map.class);
            for (String readOnly : List.of("userId", "createdAt", "updatedAt")) {
                body.remove(readOnly);
            }
            body.put("version", version);
            switch (random.nextInt(6)) {
                case 0 -> body.put("interests", zipfSome(INTERESTS, 0, 4));
                case 1 -> body.put("displayName", "Renamed " + id + " " + random.nextInt(100));
                case 2 -> {
                    Object[] city = CITIES[random.nextInt(CITIES.length)];
                    body.put("location", Map.of("city", city[0], "country", city[2]));
                }
                case 3 -> {
                    if (body.containsKey("mentor")) {
                        body.put("mentor", Map.of("topics", new TreeSet<>(List.of("career", TOPICS[zipf(4)])),
                                "capacity", 1 + random.nextInt(3), "accepting", random.nextInt(5) != 0));
                    } else {
                        body.put("mentee", Map.of("topics", new TreeSet<>(zipfSome(TOPICS, 1, 2))));
                    }
                }
                case 4 -> body.put("visibility", Map.of("friends", random.nextBoolean() ? "nobody" : "everyone",
                        "education", random.nextBoolean() ? "nobody" : "suggestions", "location", "suggestions",
                        "profession", "suggestions"));
                default -> body.put("profession", Map.of("industry", "Technology", "field",
                        FIELDS[random.nextInt(FIELDS.length)], "employer", EMPLOYERS[random.nextInt(EMPLOYERS.length)],
                        "yearsExperience", random.nextInt(30)));
            }
            expect(api.put("/users/" + id, body), 200);
        }

        private void changeFriends(String id) {
            Set<String> mine = friendLists.get(id);
            if (!mine.isEmpty() && random.nextBoolean()) {
                String gone = List.copyOf(mine).get(random.nextInt(mine.size()));
                mine.remove(gone);
            } else {
                String other = someone();
                if (!other.equals(id)) {
                    mine.add(other);
                    friendLists.get(other).add(id);
                    putFriends(other);
                }
            }
            putFriends(id);
        }

        private void putFriends(String id) {
            List<String> alive = friendLists.get(id).stream().filter(f -> !erased.contains(f)).toList();
            expect(Api.as(runtime, id).put("/users/" + id + "/friends", Map.of("friendIds", alive)), 200);
        }

        private void acknowledge(String id, String role) {
            Api api = Api.as(runtime, id);
            JsonNode profile = api.get("/users/" + id).json();
            if (profile.path(role).isMissingNode() || profile.path(role).isNull()) {
                return;
            }
            int version = api.get("/guidelines/" + role).json().path("version").asInt();
            expect(api.post("/users/" + id + "/acknowledgements", Map.of("role", role, "version", version)), 201);
        }

        /** A mentee asks a mentor from their suggestions; the mentor accepts or declines. */
        private void introduce(String id, boolean accept) {
            Api mentee = Api.as(runtime, id);
            JsonNode list = mentee.get("/users/" + id + "/suggestions?as=mentee").json().path("suggestions");
            if (list.isEmpty()) {
                return;
            }
            String mentor = list.get(random.nextInt(list.size())).path("userId").asText();
            Api.Response asked = mentee.post("/introductions", Map.of("toUserId", mentor, "as", "mentee",
                    "message", "Hello"));
            if (asked.status() != 201) {
                return;
            }
            String intro = asked.json().path("id").asText();
            if (random.nextInt(4) == 0) {
                return;
            }
            Api them = Api.as(runtime, mentor);
            if (accept) {
                Api.Response accepted = them.post("/introductions/" + intro + "/accept", null);
                if (accepted.status() == 200) {
                    mentorships.add(new String[] {mentor, accepted.json().path("mentorshipId").asText()});
                }
            } else {
                them.post("/introductions/" + intro + "/decline", Map.of("reason", "busy"));
            }
        }

        private void endMentorship() {
            if (mentorships.isEmpty()) {
                return;
            }
            String[] m = mentorships.remove(random.nextInt(mentorships.size()));
            if (!erased.contains(m[0])) {
                Api.as(runtime, m[0]).post("/mentorships/" + m[1] + "/end", Map.of("rating", 5));
            }
        }

        private void block(String id) {
            if (!blocks.isEmpty() && random.nextInt(3) == 0) {
                String[] b = blocks.remove(random.nextInt(blocks.size()));
                if (!erased.contains(b[0])) {
                    Api.as(runtime, b[0]).delete("/users/" + b[0] + "/blocks/" + b[1]);
                }
                return;
            }
            String other = someone();
            if (!other.equals(id) && Api.as(runtime, id).post("/users/" + id + "/blocks",
                    Map.of("userId", other)).status() / 100 == 2) {
                blocks.add(new String[] {id, other});
            }
        }

        private void erase(String id) {
            expect(Api.as(runtime, id).delete("/users/" + id), 204);
            erased.add(id);
            friendLists.values().forEach(f -> f.remove(id));
        }

        /** Drained: nothing visible or in flight on the work queues, several times in a row. */
        void awaitDrained() throws InterruptedException {
            List<String> urls = List.of(Queues.url(runtime, "ProfileChangesQueue"),
                    Queues.url(runtime, "ListPatchesQueue"));
            long deadline = System.nanoTime() + Duration.ofMinutes(Integer.getInteger("oracle.drainMinutes", 15))
                    .toNanos();
            int quiet = 0;
            while (quiet < 4) {
                assertThat(System.nanoTime()).as("queues drained in time").isLessThan(deadline);
                boolean idle = true;
                for (String url : urls) {
                    Map<QueueAttributeName, String> a = runtime.sqs().getQueueAttributes(r -> r.queueUrl(url)
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
                    idle &= a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES).equals("0")
                            && a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE).equals("0");
                }
                quiet = idle ? quiet + 1 : 0;
                Thread.sleep(750);
            }
        }

        /** Every member's stored lists against the engine run over everyone, from the table's current state. */
        Comparison compare() {
            var dynamo = runtime.dynamo();
            ProfileRepository profiles = new ProfileRepository(dynamo, table);
            MemberRepository memberRepository = new MemberRepository(dynamo, table);
            FriendRepository friends = new FriendRepository(dynamo, table);
            SuggestionRepository suggestions = new SuggestionRepository(dynamo, table);
            Map<Role, Integer> current = new GuidelinesRepository(dynamo, table).currentVersions();
            MatchEngine engine = new MatchEngine(new WeightsRepository(dynamo, table).current(), 30);
            Map<String, MemberRepository.Member> members = new LinkedHashMap<>();
            for (String id : ids) {
                MemberRepository.Member m = memberRepository.load(id);
                if (m.profile().isPresent()) {
                    members.put(id, m);
                }
            }
            Map<String, Set<String>> confirmed = new HashMap<>();
            friends.findAll(members.keySet()).forEach((id, list) -> confirmed.put(id, list.confirmed()));
            Map<String, String> shownNames = new HashMap<>();
            members.forEach((id, m) -> {
                Profile p = m.profile().get();
                if (p.visibility() == null || p.visibility().friends() != Visibility.NOBODY) {
                    shownNames.put(id, p.displayName());
                }
            });
            List<ScoringCard> everyone = new ArrayList<>();
            members.forEach((id, m) -> {
                for (Role role : Role.values()) {
                    MatchCard card = MatchCard.of(m.profile().get(), role, m.acknowledged(role), m.activeMentees());
                    if (card != null) {
                        everyone.add(ScoringCard.of(card));
                    }
                }
            });
            List<String> differences = new ArrayList<>();
            int lists = 0;
            int compared = 0;
            Instant now = Instant.now();
            for (MemberRepository.Member m : members.values()) {
                for (Role role : Role.values()) {
                    MatchCard card = MatchCard.of(m.profile().get(), role, m.acknowledged(role), m.activeMentees());
                    List<StoredSuggestion> stored = suggestions.find(m.userId(), role)
                            .map(SuggestionRepository.Stored::suggestions).orElse(List.of());
                    if (card == null || m.acknowledged(role) < current.get(role)) {
                        if (!stored.isEmpty()) {
                            differences.add(m.userId() + " as " + role + ": a list but cannot be matched");
                        }
                        continue;
                    }
                    MatchContext context = new MatchContext(current, confirmed.getOrDefault(m.userId(), Set.of()),
                            m.excluded(now), idsAsked -> {
                                Map<String, Set<String>> out = new HashMap<>();
                                idsAsked.forEach(x -> out.put(x, confirmed.getOrDefault(x, Set.of())));
                                return out;
                            }, idsAsked -> {
                                Map<String, String> out = new HashMap<>();
                                idsAsked.forEach(x -> {
                                    if (shownNames.containsKey(x)) {
                                        out.put(x, shownNames.get(x));
                                    }
                                });
                                return out;
                            });
                    List<Suggestion> expected = engine.rank(ScoringCard.of(card), everyone, context);
                    lists++;
                    int k = Math.min(20, expected.size());
                    String got = render(stored.stream().limit(Math.max(k, stored.size())).toList());
                    String want = render(expected.stream().limit(Math.max(k, stored.size()))
                            .map(s -> new StoredSuggestion(s.userId(), s.score(), s.commonalities(), null, 0,
                                    s.exactScore())).toList());
                    if (stored.size() < k || !got.equals(want)) {
                        differences.add(m.userId() + " as " + role + ":\n  stored   " + got + "\n  expected " + want);
                    }
                    compared += k;
                }
            }
            differences.stream().limit(5).forEach(System.out::println);
            return new Comparison(members.size(), lists, compared, differences);
        }

        private static String render(List<StoredSuggestion> list) {
            List<String> out = new ArrayList<>();
            for (StoredSuggestion s : list) {
                out.add(s.userId() + "=" + s.score() + "/" + s.exactScore() + Json.write(s.commonalities()));
            }
            return String.join(" ", out);
        }

        private int zipf(int n) {
            double u = random.nextDouble();
            return Math.min(n - 1, (int) Math.floor(Math.pow(n + 1, u)) - 1);
        }

        private List<String> zipfSome(String[] pool, int min, int max) {
            Set<String> out = new TreeSet<>();
            int n = min + random.nextInt(max - min + 1);
            while (out.size() < n) {
                out.add(pool[zipf(pool.length)]);
            }
            return List.copyOf(out);
        }

        private void parallel(List<String> items, Consumer<String> work) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> done = new ArrayList<>();
                items.forEach(item -> done.add(pool.submit(() -> work.accept(item))));
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
        }

        private static void expect(Api.Response response, int status) {
            assertThat(response.status()).as(response.body()).isEqualTo(status);
        }
    }
}
