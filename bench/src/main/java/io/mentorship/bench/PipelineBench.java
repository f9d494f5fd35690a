package io.mentorship.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.aws.CapacityMeter;
import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.json.Json;
import io.mentorship.local.LocalFunction;
import io.mentorship.local.LocalRuntime;
import io.mentorship.matching.MatchCard;
import io.mentorship.matching.MatchContext;
import io.mentorship.matching.MatchEngine;
import io.mentorship.matching.ScoringCard;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.matching.Suggestion;
import io.mentorship.matching.Weights;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import io.mentorship.store.FriendRepository;
import io.mentorship.store.MatchIndex;
import io.mentorship.store.MemberRepository;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.SuggestionRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What each kind of change costs in all, on the local stack: the whole chain of work it causes (the API call, every
 * match and delivery message it leads to, until the queues drain), summed over every invocation: read and write
 * capacity, queue messages handled, and time in the handlers.
 *
 * <p>The member base is written through the repositories the functions use (profiles, acknowledgements, friends
 * from a power-law graph), with every member's exact lists, index items and listing computed by the pure engine,
 * so the measured state is what the match function would have left. Then each change goes through the HTTP API.
 */
public final class PipelineBench {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1_000, 10_000};
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
        System.out.printf("%-26s %8s %10s %10s %10s %10s %12s %s%n", "change", "members", "RCU", "WCU", "messages",
                "calls", "handler ms", "(medians of " + samples + ")");
        for (int size : sizes) {
            try (LocalRuntime runtime = LocalRuntime.start(new LocalRuntime.Options(root,
                    "bench" + UUID.randomUUID().toString().substring(0, 6), "127.0.0.1", 0, null, 0, 0,
                    Duration.ofSeconds(1), true, Map.of()))) {
                new Run(runtime, size, samples).all();
            }
        }
    }

    /** One member base and the changes measured on it. */
    private static final class Run {
        private final LocalRuntime runtime;
        private final int size;
        private final int samples;
        private final String table;
        private final Population population;
        private final SplittableRandom random = new SplittableRandom(99);
        private final List<String> mentors = new ArrayList<>();
        private final List<String> mentees = new ArrayList<>();
        private final String topTopic;
        private int joined;

        Run(LocalRuntime runtime, int size, int samples) {
            this.runtime = runtime;
            this.size = size;
            this.samples = samples;
            this.table = runtime.stack().resource("MentorshipTable").ref();
            this.population = Population.generate(size, 0.3, 7);
            population.profiles().forEach(p -> (p.isMentor() ? mentors : mentees).add(p.userId()));
            this.topTopic = Population.topic(0);
        }

        void all() throws Exception {
            long started = System.nanoTime();
            load();
            long inTopic = population.profiles().stream().filter(p -> p.isMentor()
                    && p.mentor().topics().contains(topTopic)).count();
            System.err.printf("loaded %d members (%d mentors on \"%s\") in %.0f s%n", size, inTopic, topTopic,
                    (System.nanoTime() - started) / 1e9);
            measure("mentee joins (top topic)", i -> menteeJoins());
            measure("mentor edits topics", i -> mentorEditsTopics(mentors.get(i)));
            measure("friendship begins", i -> friendshipBegins(mentees.get(i)));
            measure("introduction accepted", i -> accept(mentees.get(mentees.size() - 1 - i)));
            if (size <= Integer.getInteger("bench.weightsUpTo", 2_000)) {
                // Every list is recomputed: members times partition size, so by default only for small bases.
                measure("weight change (global)", i -> weightChange(i));
            }
            String reacknowledges = "guidelines re-acknowledged";
            if (wanted(reacknowledges)) {
                // A new mentor guideline version, not measured: every mentor's acknowledgement is now stale, so no
                // mentor is matched until theirs is renewed. Measured: one mentor's renewal, which computes their
                // own list again and enters them in the mentees' lists they belong to.
                int version = publishMentorGuidelines();
                awaitDrained();
                measure(reacknowledges, i -> call(mentors.get(i), "POST", "/users/" + mentors.get(i)
                        + "/acknowledgements", Map.of("role", "mentor", "version", version), 201));
            }
        }

        /** Publishes the next version of the mentor guidelines; returns its number. */
        private int publishMentorGuidelines() {
            JsonNode published = Json.mapper().valueToTree(Json.read(call("admin", "PUT", "/admin/guidelines/mentor",
                    Map.of("title", "Mentor guidelines", "rules", List.of("Be kind.", "Keep confidences.")), 201),
                    Object.class));
            return published.path("version").asInt();
        }

        /** The member base with every list exact, written as the functions would have written it. */
        private void load() throws Exception {
            var dynamo = runtime.dynamo();
            ProfileRepository profiles = new ProfileRepository(dynamo, table);
            GuidelinesRepository guidelines = new GuidelinesRepository(dynamo, table);
            FriendRepository friends = new FriendRepository(dynamo, table);
            MemberRepository members = new MemberRepository(dynamo, table);
            MatchIndex index = new MatchIndex(dynamo, table);
            SuggestionRepository suggestions = new SuggestionRepository(dynamo, table);
            Map<Role, Integer> current = guidelines.currentVersions();
            parallel(population.profiles(), p -> {
                profiles.create(p);
                guidelines.acknowledge(p.userId(), p.isMentor() ? Role.MENTOR : Role.MENTEE, 1, p.createdAt());
            });
            Map<String, Set<String>> graph = population.friends();
            parallel(population.profiles(), p -> {
                friends.replace(p.userId(), graph.getOrDefault(p.userId(), Set.of()));
                members.recordMatchedFriends(p.userId(), graph.getOrDefault(p.userId(), Set.of()));
            });
            Map<String, MatchCard> cards = new HashMap<>();
            // The index's partitions: a member is ranked against the counterparts of their own topics, as the
            // match function does (the engine would leave everyone else out anyway).
            Map<Role, Map<String, List<ScoringCard>>> byTopic = new EnumMap<>(Role.class);
            Map<String, String> names = new HashMap<>();
            for (Profile p : population.profiles()) {
                Role role = p.isMentor() ? Role.MENTOR : Role.MENTEE;
                MatchCard card = MatchCard.of(p, role, 1, 0);
                cards.put(p.userId(), card);
                ScoringCard scoring = ScoringCard.of(card);
                card.topics().forEach(topic -> byTopic.computeIfAbsent(role, r -> new HashMap<>())
                        .computeIfAbsent(topic, t -> new ArrayList<>()).add(scoring));
                names.put(p.userId(), p.displayName());
            }
            MatchEngine engine = new MatchEngine(Weights.defaults(), 30);
            parallel(population.profiles(), p -> {
                MatchCard card = cards.get(p.userId());
                Set<String> mine = graph.getOrDefault(p.userId(), Set.of());
                MatchContext context = new MatchContext(current, mine, Set.of(), ids -> {
                    Map<String, Set<String>> out = new HashMap<>();
                    ids.forEach(id -> out.put(id, graph.getOrDefault(id, Set.of())));
                    return out;
                }, ids -> {
                    Map<String, String> out = new HashMap<>();
                    ids.forEach(id -> out.put(id, names.get(id)));
                    return out;
                });
                Map<String, ScoringCard> candidates = new LinkedHashMap<>();
                Map<String, List<ScoringCard>> partitions = byTopic.getOrDefault(card.role().counterpart(), Map.of());
                card.topics().forEach(topic -> partitions.getOrDefault(topic, List.of())
                        .forEach(c -> candidates.putIfAbsent(c.userId(), c)));
                List<Suggestion> ranked = engine.rank(ScoringCard.of(card), List.copyOf(candidates.values()), context);
                List<StoredSuggestion> entries = new ArrayList<>();
                for (Suggestion s : ranked) {
                    entries.add(new StoredSuggestion(s.userId(), s.score(), s.commonalities(),
                            card.role().counterpart(), 1, s.exactScore()));
                }
                // With the basis a computation stores (this population has no exclusions), so that patches meet the
                // lists as they meet lists the match function computed.
                SuggestionRepository.Stored stored = new SuggestionRepository.Stored(entries,
                        Instant.parse("2026-11-25T00:00:00Z"), 0, ranked.size() < 30, 0, 1,
                        SuggestionRepository.Basis.of(card, Map.of()));
                suggestions.store(p.userId(), card.role(), SuggestionRepository.Stored.NONE, stored);
                StoredSuggestion last = entries.isEmpty() ? null : entries.getLast();
                MatchIndex.Bar bar = new MatchIndex.Bar(entries.size(), last == null ? 0 : last.exactScore(),
                        last == null ? "" : last.userId(), stored.complete(), 1, 0);
                MatchIndex.Listing listing = new MatchIndex.Listing(Map.of(card.role(), card), Set.of(),
                        p.displayName(), true);
                index.replace(p.userId(), MatchIndex.Listing.NONE, MatchIndex.entriesFor(card, 1, bar, 1), listing);
            });
        }

        private void menteeJoins() {
            String id = "joiner" + joined++;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("displayName", "Joiner " + id);
            body.put("mentee", Map.of("topics", List.of(topTopic), "goal", "grow"));
            body.put("languages", List.of("en"));
            body.put("interests", List.of("running", "jazz"));
            body.put("location", Map.of("city", "Lisbon", "country", "PT"));
            call(id, "POST", "/users", body, 201);
            call(id, "POST", "/users/" + id + "/acknowledgements", Map.of("role", "mentee", "version", 1), 201);
        }

        private void mentorEditsTopics(String id) {
            JsonNode profile = Json.mapper().valueToTree(
                    Json.read(call(id, "GET", "/users/" + id, null, 200), Object.class));
            Map<String, Object> body = Json.mapper().convertValue(profile, Map.class);
            body.remove("userId");
            body.remove("createdAt");
            body.remove("updatedAt");
            Map<String, Object> mentor = new LinkedHashMap<>(Json.mapper().convertValue(profile.path("mentor"),
                    Map.class));
            List<String> topics = new ArrayList<>(Json.mapper().convertValue(profile.path("mentor").path("topics"),
                    List.class));
            topics.add(topics.contains(topTopic) ? Population.topic(1) : topTopic);
            mentor.put("topics", topics.stream().distinct().limit(10).toList());
            body.put("mentor", mentor);
            call(id, "PUT", "/users/" + id, body, 200);
        }

        /** A mentee and a random member who already lists them become friends: one new confirmed edge. */
        private void friendshipBegins(String id) {
            String other = mentors.get(random.nextInt(mentors.size()));
            Set<String> theirs = new java.util.TreeSet<>(population.friends().getOrDefault(other, Set.of()));
            theirs.add(id);
            call(other, "PUT", "/users/" + other + "/friends", Map.of("friendIds", List.copyOf(theirs)), 200);
            awaitDrained();
            reset();
            Set<String> mine = new java.util.TreeSet<>(population.friends().getOrDefault(id, Set.of()));
            mine.add(other);
            call(id, "PUT", "/users/" + id + "/friends", Map.of("friendIds", List.copyOf(mine)), 200);
        }

        /** A mentee asks the first of their suggestions; the change measured is the mentor's accept. */
        private void accept(String id) {
            JsonNode list = Json.mapper().valueToTree(Json.read(call(id, "GET", "/users/" + id
                    + "/suggestions?as=mentee", null, 200), Object.class)).path("suggestions");
            if (list.isEmpty()) {
                return;
            }
            String mentor = list.get(0).path("userId").asText();
            String intro = Json.mapper().valueToTree(Json.read(call(id, "POST", "/introductions",
                    Map.of("toUserId", mentor, "as", "mentee", "message", "Hi"), 201), Object.class))
                    .path("id").asText();
            awaitDrained();
            reset();
            call(mentor, "POST", "/introductions/" + intro + "/accept", null, 200);
        }

        private void weightChange(int i) {
            call("admin", "PUT", "/admin/matching/weights", Map.of("friends", 15 + i, "interests", 10 + i), 200);
        }

        /** Whether this run measures that kind of change ({@code bench.only}: a part of the kinds' names). */
        private static boolean wanted(String kind) {
            return kind.contains(System.getProperty("bench.only", ""));
        }

        private void measure(String kind, Consumer<Integer> change) {
            if (!wanted(kind)) {
                return;
            }
            List<double[]> results = new ArrayList<>();
            int n = kind.startsWith("weight") ? Math.min(samples, 2) : samples;
            for (int i = 0; i < n; i++) {
                awaitDrained();
                reset();
                change.accept(i);
                awaitDrained();
                CapacityMeter.Reading total = CapacityMeter.processTotal();
                long messages = 0;
                double millis = 0;
                for (LocalFunction f : runtime.functions().values()) {
                    messages += f.usage().messages();
                    millis += f.usage().handlerMillis();
                }
                results.add(new double[] {total.readUnits(), total.writeUnits(), messages, total.calls(), millis});
            }
            System.out.printf("%-26s %8d %10.0f %10.0f %10.0f %10.0f %12.0f%n", kind, size, median(results, 0),
                    median(results, 1), median(results, 2), median(results, 3), median(results, 4));
        }

        private void reset() {
            CapacityMeter.resetProcessTotal();
            runtime.functions().values().forEach(LocalFunction::resetUsage);
        }

        private void awaitDrained() {
            String url = runtime.stack().resource("ProfileChangesQueue").ref();
            String patches = runtime.stack().resource("ListPatchesQueue").ref();
            String delivery = runtime.stack().resource("DeliveryQueue").ref();
            int quiet = 0;
            while (quiet < 3) {
                boolean idle = idle(url) && idle(patches) && idle(delivery);
                quiet = idle ? quiet + 1 : 0;
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private boolean idle(String url) {
            Map<QueueAttributeName, String> a = runtime.sqs().getQueueAttributes(r -> r.queueUrl(url)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES).equals("0")
                    && a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE).equals("0");
        }

        private String call(String user, String method, String path, Object body, int expected) {
            String token = runtime.tokens().issue(user, user.equals("admin") ? List.of("admin") : List.of(),
                    Duration.ofHours(1));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(runtime.baseUrl() + path))
                    .header("Authorization", "Bearer " + token)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(Json.write(body)));
            try {
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != expected) {
                    throw new IllegalStateException(method + " " + path + " answered " + response.statusCode()
                            + ": " + response.body());
                }
                return response.body();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static double median(List<double[]> rows, int column) {
            double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
            return values.length == 0 ? 0 : values[values.length / 2];
        }

        private static void parallel(List<Profile> people, Consumer<Profile> work) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                people.forEach(p -> done.add(pool.submit(() -> work.accept(p))));
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
        }
    }
}
