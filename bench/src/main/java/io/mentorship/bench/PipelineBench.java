package io.mentorship.bench;

import io.mentorship.aws.CapacityMeter;
import io.mentorship.events.MatchWork.Recompute;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.events.ProfileChanged;
import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.local.LocalRuntime;
import io.mentorship.match.MatchHandler;
import io.mentorship.match.MatchService;
import io.mentorship.matching.MatchCard;
import io.mentorship.profile.Profile;
import io.mentorship.profile.PublicCard;
import io.mentorship.profile.Role;
import io.mentorship.store.FriendRepository;
import io.mentorship.store.MatchIndex;
import io.mentorship.store.ProfileRepository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * What one match computation costs in DynamoDB on the local stack, for growing member bases: consumed read
 * capacity and items read per computation by the match function, beside a naive computation that scans the table.
 *
 * <p>Members are written through the repositories the functions use (profile, confirmed friends from a power-law
 * graph, acknowledgements, candidate-index listing); then the match function's service recomputes a sample of
 * mentees, each measured by {@link CapacityMeter}.
 */
public final class PipelineBench {
    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {2_500, 5_000, 10_000};
        int sample = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
        System.out.printf("%8s %14s %14s %14s %14s %10s%n", "members", "match RCU", "match items", "scan RCU",
                "scan items", "scan/match");
        for (int size : sizes) {
            try (LocalRuntime runtime = LocalRuntime.start(new LocalRuntime.Options(root,
                    "bench" + UUID.randomUUID().toString().substring(0, 6), "127.0.0.1", 0, null, 0, 0, null, false,
                    Map.of()))) {
                report(size, sample, runtime);
            }
        }
    }

    private static void report(int size, int sample, LocalRuntime runtime) throws Exception {
        DynamoDbClient dynamo = runtime.dynamo();
        String table = runtime.stack().resource("MentorshipTable").ref();
        Population population = Population.generate(size, 0.3, 7);
        ProfileRepository profiles = new ProfileRepository(dynamo, table);
        FriendRepository friends = new FriendRepository(dynamo, table);
        GuidelinesRepository guidelines = new GuidelinesRepository(dynamo, table);
        MatchIndex index = new MatchIndex(dynamo, table);
        guidelines.currentVersions();

        MatchService loader = MatchHandler.service(dynamo, table, new ProfileChangePublisher(runtime.sqs(),
                runtime.stack().resource("ProfileChangesQueue").ref()), MatchService.Limits.DEFAULT);
        long started = System.nanoTime();
        parallel(population.profiles(), p -> {
            profiles.create(p);
            guidelines.acknowledge(p.userId(), p.isMentor() ? Role.MENTOR : Role.MENTEE, 1, p.createdAt());
        });
        parallel(population.profiles(), p -> friends.replace(p.userId(),
                population.friends().getOrDefault(p.userId(), java.util.Set.of())));
        parallel(population.profiles(), p -> loader.onProfileChanged(
                ProfileChanged.of(p.userId(), ProfileChanged.Change.CREATED, 1, p.createdAt())));
        System.err.printf("loaded %d members in %.0f s%n", size, (System.nanoTime() - started) / 1e9);

        List<MatchService.Computation> computations = new ArrayList<>();
        MatchService service = MatchHandler.service(dynamo, table, new ProfileChangePublisher(runtime.sqs(),
                runtime.stack().resource("ProfileChangesQueue").ref()), MatchService.Limits.DEFAULT)
                .onComputation(c -> {
                    synchronized (computations) {
                        computations.add(c);
                    }
                });
        List<String> mentees = population.profiles().stream().filter(Profile::isMentee).map(Profile::userId)
                .limit(sample).toList();
        for (String mentee : mentees) {
            service.onRecompute(Recompute.of(List.of(mentee), null));
        }
        double[] rcu = computations.stream().mapToDouble(c -> c.reading().readUnits()).sorted().toArray();
        double[] items = computations.stream().mapToDouble(c -> c.reading().itemsRead()).sorted().toArray();

        CapacityMeter.start();
        ScanResponse page = null;
        do {
            ScanResponse previous = page;
            page = dynamo.scan(ScanRequest.builder().tableName(table)
                    .exclusiveStartKey(previous == null ? null : previous.lastEvaluatedKey()).build());
        } while (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty());
        CapacityMeter.Reading scan = CapacityMeter.stop();

        double medianRcu = median(rcu);
        System.out.printf("%8d %14s %14s %14.0f %14d %9.0fx%n", size,
                String.format("%.1f (p90 %.1f)", medianRcu, percentile(rcu, 0.9)),
                String.format("%.0f (p90 %.0f)", median(items), percentile(items, 0.9)),
                scan.readUnits(), scan.itemsRead(), scan.readUnits() / medianRcu);
    }

    private static void parallel(List<Profile> people, java.util.function.Consumer<Profile> work)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (Profile p : people) {
            pool.submit(() -> work.accept(p));
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
    }

    private static double median(double[] sorted) {
        return percentile(sorted, 0.5);
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * (sorted.length - 1) + 0.5))];
    }
}
