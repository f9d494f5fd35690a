package io.mentorship.cohorts;

import io.mentorship.cohorts.CohortMatcher.Mentee;
import io.mentorship.cohorts.CohortMatcher.Mentor;
import io.mentorship.cohorts.CohortMatcher.Outcome;
import io.mentorship.domain.DomainException;
import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.introductions.Introduction;
import io.mentorship.introductions.IntroductionService;
import io.mentorship.introductions.IntroductionServices;
import io.mentorship.introductions.IntroductionStatus;
import io.mentorship.json.Json;
import io.mentorship.matching.MatchCard;
import io.mentorship.matching.MatchContext;
import io.mentorship.matching.ScoringCard;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import io.mentorship.profile.Tags;
import io.mentorship.store.CohortRepository.Cohort;
import io.mentorship.store.CohortRepository.CohortIntroduction;
import io.mentorship.store.CohortRepository.Membership;
import io.mentorship.store.CohortRepository.Pair;
import io.mentorship.store.CohortRepository.Run;
import io.mentorship.store.CohortRepository;
import io.mentorship.store.FriendDirectory;
import io.mentorship.store.IntroductionRepository;
import io.mentorship.store.MemberRepository.Member;
import io.mentorship.store.MemberRepository;
import io.mentorship.store.RunState;
import io.mentorship.store.WeightsRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cohorts: an admin opens one on some topics; members join or leave it in a role until it closes; an assignment
 * run matches the whole cohort at once ({@link CohortMatcher}: optimal, proved, with the greedy outcome beside
 * it) and proposes it for review; publishing introduces every proposed pair through the usual introductions. A
 * declined pair frees the mentor's place: the next run leaves out only mentees whose cohort introduction is pending
 * or accepted, and counts a mentor's pending cohort introductions against their free capacity.
 *
 * <p>Runs and publications happen on the cohort queue ({@link CohortWork}); their state is readable throughout:
 * {@code queued -> running -> proposed -> publishing -> published} (or {@code failed}).
 */
public final class CohortService {
    public static final int MAX_TOPICS = 20;
    public static final int MAX_NAME = 100;
    private static final List<RunState> BUSY = List.of(RunState.RUNNING, RunState.PUBLISHING);

    private final CohortRepository cohorts;
    private final MemberRepository members;
    private final GuidelinesRepository guidelines;
    private final WeightsRepository weights;
    private final FriendDirectory directory;
    private final IntroductionRepository introductionRecords;
    private final IntroductionService introductions;
    private final CohortWork work;
    private final Clock clock;

    public CohortService(CohortRepository cohorts, MemberRepository members, GuidelinesRepository guidelines,
                         WeightsRepository weights, FriendDirectory directory,
                         IntroductionRepository introductionRecords, IntroductionService introductions,
                         CohortWork work, Clock clock) {
        this.cohorts = cohorts;
        this.members = members;
        this.guidelines = guidelines;
        this.weights = weights;
        this.directory = directory;
        this.introductionRecords = introductionRecords;
        this.introductions = introductions;
        this.work = work;
        this.clock = clock;
    }

    /** The service over one table, as the cohort functions build it. */
    public static CohortService create(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo, String table,
                                       io.mentorship.events.EventPublisher events,
                                       io.mentorship.events.ProfileChangePublisher changes, CohortWork work,
                                       Clock clock) {
        return new CohortService(new CohortRepository(dynamo, table), new MemberRepository(dynamo, table),
                new GuidelinesRepository(dynamo, table), new WeightsRepository(dynamo, table),
                new FriendDirectory(new io.mentorship.store.FriendRepository(dynamo, table),
                        new io.mentorship.store.ProfileRepository(dynamo, table)),
                new IntroductionRepository(dynamo, table),
                IntroductionServices.create(dynamo, table, events, changes, clock).introductions(), work, clock);
    }

    /** What an admin sends to open a cohort: {@code closesAt} as sent, checked in {@link #create} (field named). */
    public record Draft(String name, List<String> topics, String closesAt) {
    }

    public Cohort create(String adminId, Draft draft) {
        if (draft.name() == null || draft.name().isBlank() || draft.name().strip().length() > MAX_NAME) {
            throw DomainException.invalid("name", "a name of 1 to " + MAX_NAME + " characters");
        }
        if (draft.topics() == null || draft.topics().isEmpty() || draft.topics().size() > MAX_TOPICS) {
            throw DomainException.invalid("topics", "1 to " + MAX_TOPICS + " topics");
        }
        Set<String> topics = new LinkedHashSet<>();
        for (String topic : draft.topics()) {
            if (topic == null || topic.isBlank() || topic.length() > 100) {
                throw DomainException.invalid("topics", "each topic is 1 to 100 characters");
            }
            topics.add(Tags.normalize(topic));
        }
        Instant closesAt = instant(draft.closesAt(), "closesAt");
        Instant now = clock.instant();
        if (!closesAt.isAfter(now)) {
            throw DomainException.invalid("closesAt", "must be in the future");
        }
        Cohort cohort = new Cohort(UUID.randomUUID().toString(), draft.name().strip(), List.copyOf(topics),
                closesAt, now, adminId);
        if (!cohorts.create(cohort)) {
            throw new IllegalStateException("cohort id collision");
        }
        return cohort;
    }

    public Cohort find(String cohortId) {
        return cohorts.find(cohortId).orElseThrow(() -> DomainException.notFound("no cohort " + cohortId));
    }

    /** The cohort with its members, for admins. */
    public Map<String, Object> describe(String cohortId) {
        Cohort cohort = find(cohortId);
        List<Membership> all = cohorts.members(cohortId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cohort", cohort);
        out.put("open", isOpen(cohort));
        out.put("mentees", all.stream().filter(m -> m.role() == Role.MENTEE).count());
        out.put("mentors", all.stream().filter(m -> m.role() == Role.MENTOR).count());
        out.put("members", all.stream().map(m -> Map.of("userId", m.userId(), "role", m.role().name().toLowerCase(),
                "joinedAt", m.joinedAt())).toList());
        return out;
    }

    /** {@code userId} joins in {@code role}: the cohort must be open and share a topic with their role. */
    public Membership join(String cohortId, String userId, Role role) {
        Cohort cohort = find(cohortId);
        if (!isOpen(cohort)) {
            throw DomainException.conflict("COHORT_CLOSED", "the cohort closed at " + cohort.closesAt());
        }
        Profile profile = members.load(userId).profile().orElseThrow(() -> DomainException.notFound(
                "no profile for " + userId + "; sign up with POST /users"));
        if (!profile.hasRole(role)) {
            throw DomainException.conflict("NO_ROLE", "add a " + role.name().toLowerCase() + " section to your profile "
                    + "first");
        }
        List<String> own = role == Role.MENTOR ? profile.mentor().topics() : profile.mentee().topics();
        if (own.stream().noneMatch(cohort.topics()::contains)) {
            throw DomainException.conflict("NO_COHORT_TOPIC", "the cohort is about " + String.join(", ",
                    cohort.topics()) + "; add one of them to your " + role.name().toLowerCase() + " topics");
        }
        Instant now = clock.instant();
        cohorts.join(cohort, userId, role, now);
        return new Membership(cohortId, userId, role, now, cohort.name());
    }

    public void leave(String cohortId, String userId) {
        Cohort cohort = find(cohortId);
        if (!isOpen(cohort)) {
            throw DomainException.conflict("COHORT_CLOSED", "the cohort closed at " + cohort.closesAt());
        }
        if (!cohorts.leave(cohortId, userId)) {
            throw DomainException.notFound(userId + " is not a member of cohort " + cohortId);
        }
    }

    public List<Membership> cohortsOf(String userId) {
        return cohorts.cohortsOf(userId);
    }

    /** Queues an assignment run; refused while one is running or publishing. */
    public Run requestAssignment(String cohortId) {
        find(cohortId);
        String runId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        if (!cohorts.startRun(cohortId, runId, now, BUSY)) {
            throw DomainException.conflict("COHORT_BUSY", "an assignment is running or being published; wait for it");
        }
        work.send(CohortWork.Assign.of(cohortId, runId));
        return new Run(runId, RunState.QUEUED, now, null, null, null, 0, null, null, null, null);
    }

    /** The latest run: state, summary and one page of pairs. */
    public Map<String, Object> readAssignment(String cohortId, int page) {
        find(cohortId);
        Run run = cohorts.run(cohortId).orElseThrow(() -> DomainException.notFound("no assignment for cohort "
                + cohortId + " yet; POST to start one"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runId", run.runId());
        out.put("state", run.state());
        out.put("requestedAt", run.requestedAt());
        out.put("startedAt", run.startedAt());
        out.put("finishedAt", run.finishedAt());
        if (run.error() != null) {
            out.put("error", run.error());
        }
        if (run.publishedAt() != null) {
            out.put("publishedAt", run.publishedAt());
            out.put("introduced", run.introduced());
            out.put("skipped", run.skipped());
        }
        if (run.summary() != null) {
            out.put("summary", Json.read(run.summary(), Map.class));
            out.put("page", page);
            out.put("pages", run.pages());
            out.put("pairs", page < run.pages() ? cohorts.page(cohortId, run.runId(), page) : List.of());
        }
        return out;
    }

    /** Queues the publication of the proposed assignment. */
    public Run publish(String cohortId) {
        find(cohortId);
        Run run = cohorts.run(cohortId).orElseThrow(() -> DomainException.conflict("NOTHING_TO_PUBLISH",
                "no assignment to publish; POST /admin/cohorts/" + cohortId + "/assignment first"));
        // Publishing again while publishing is safe (each introduction is made once) and unsticks a lost message.
        if (!cohorts.moveRun(cohortId, run.runId(), List.of(RunState.PROPOSED, RunState.PUBLISHING),
                RunState.PUBLISHING, clock.instant(), Map.of())) {
            throw DomainException.conflict("NOT_PROPOSED", "the assignment is " + run.state()
                    + "; only a proposed assignment can be published");
        }
        work.send(CohortWork.Publish.of(cohortId, run.runId()));
        return new Run(run.runId(), RunState.PUBLISHING, run.requestedAt(), run.startedAt(), run.finishedAt(), null,
                run.pages(), null, null, null, null);
    }

    /** Runs the assignment (from the queue); a superseded or finished run is skipped. */
    public void runAssignment(String cohortId, String runId) {
        Instant now = clock.instant();
        if (!cohorts.moveRun(cohortId, runId, List.of(RunState.QUEUED, RunState.RUNNING), RunState.RUNNING, now,
                Map.of())) {
            return;
        }
        Cohort cohort = cohorts.find(cohortId).orElse(null);
        if (cohort == null) {
            return;
        }
        Map<Role, Integer> current = guidelines.currentVersions();
        Instant at = clock.instant();
        // Who this cohort already served: mentees with a pending or accepted cohort introduction.
        Set<String> served = new java.util.HashSet<>();
        Map<String, Integer> pendingForMentor = new HashMap<>();
        for (CohortIntroduction intro : cohorts.introductions(cohortId)) {
            IntroductionStatus status = introductionRecords.find(intro.introductionId())
                    .map(Introduction::status).orElse(null);
            if (status == IntroductionStatus.PENDING || status == IntroductionStatus.ACCEPTED) {
                served.add(intro.menteeId());
            }
            if (status == IntroductionStatus.PENDING) {
                pendingForMentor.merge(intro.mentorId(), 1, Integer::sum);
            }
        }
        List<Mentee> mentees = new ArrayList<>();
        List<Mentor> mentors = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        List<Membership> memberships = cohorts.members(cohortId);
        List<Member> loaded = loadAll(memberships);
        // Friend lists are asked for per mentee's best candidates; many mentees share candidates.
        Map<String, Set<String>> friendLists = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.function.Function<java.util.Collection<String>, Map<String, Set<String>>> friendsOf = ids -> {
            List<String> missing = ids.stream().filter(id -> !friendLists.containsKey(id)).toList();
            if (!missing.isEmpty()) {
                friendLists.putAll(directory.confirmedFriendsOf(missing));
                missing.forEach(id -> friendLists.putIfAbsent(id, Set.of()));
            }
            Map<String, Set<String>> out = new HashMap<>();
            ids.forEach(id -> out.put(id, friendLists.getOrDefault(id, Set.of())));
            return out;
        };
        for (int k = 0; k < memberships.size(); k++) {
            Membership membership = memberships.get(k);
            Member member = loaded.get(k);
            Profile profile = member.profile().orElse(null);
            if (profile == null || !profile.hasRole(membership.role())) {
                continue;
            }
            names.put(member.userId(), profile.displayName());
            MatchCard card = withinCohort(MatchCard.of(profile, membership.role(),
                    member.acknowledged(membership.role()), member.activeMentees()), cohort);
            if (membership.role() == Role.MENTOR) {
                int free = card.hasRoomForAMentee() ? card.capacity() - card.activeMentees()
                        - pendingForMentor.getOrDefault(member.userId(), 0) : 0;
                mentors.add(new Mentor(ScoringCard.of(card), Math.max(0, free)));
            } else if (!served.contains(member.userId())) {
                MatchContext context = new MatchContext(current, member.confirmedFriends(), member.excluded(at),
                        friendsOf, directory::namesShownAsFriends);
                mentees.add(new Mentee(ScoringCard.of(card), context));
            }
        }
        CohortMatcher.Result result = new CohortMatcher(weights.current(),
                CohortMatcher.DEFAULT_CANDIDATES_PER_MENTEE).assign(mentees, mentors);
        List<Pair> pairs = new ArrayList<>();
        for (CohortMatcher.Pair p : result.optimal().pairs()) {
            pairs.add(new Pair(p.menteeId(), names.get(p.menteeId()), p.mentorId(), names.get(p.mentorId()),
                    p.suggestion().score(), p.suggestion().commonalities(), null, null));
        }
        int pages = cohorts.writePairs(cohortId, runId, pairs);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("mentees", mentees.size());
        summary.put("mentors", mentors.size());
        summary.put("alreadyServed", served.size());
        summary.put("freePlaces", mentors.stream().mapToInt(Mentor::freeCapacity).sum());
        summary.put("optimal", figures(result.optimal()));
        summary.put("greedy", figures(result.greedy()));
        summary.put("proof", result.proof());
        cohorts.moveRun(cohortId, runId, List.of(RunState.RUNNING), RunState.PROPOSED,
                clock.instant(),
                Map.of(":summary", AttributeValue.fromS(Json.write(summary)),
                        ":pages", AttributeValue.fromN(Integer.toString(pages))));
    }

    /** Each member's state, read 16 at a time (one query each). */
    private List<Member> loadAll(List<Membership> memberships) {
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<Member>> futures = new ArrayList<>();
            for (Membership m : memberships) {
                futures.add(readers.submit(() -> members.load(m.userId())));
            }
            List<Member> out = new ArrayList<>(futures.size());
            for (var future : futures) {
                out.add(future.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the cohort's members", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            readers.shutdownNow();
        }
    }

    /** For SnapStart: a read of a cohort that cannot exist, and a flow over a made-up pair (JGraphT loaded). */
    public void prime() {
        String none = "00000000-0000-0000-0000-000000000000";
        cohorts.find(none);
        // The conditional update a run starts with, on a run that cannot exist: refused, nothing written.
        cohorts.moveRun(none, none, List.of(RunState.QUEUED), RunState.RUNNING, clock.instant(),
                Map.of());
        FlowAssignment.solve(1, new int[] {1}, List.of(new FlowAssignment.Candidate(0, 0, 50)));
    }

    /** Introduces every proposed pair (from the queue); safe to repeat. */
    public void runPublication(String cohortId, String runId) {
        Run run = cohorts.run(cohortId).orElse(null);
        Cohort cohort = cohorts.find(cohortId).orElse(null);
        if (run == null || cohort == null || !run.runId().equals(runId) || run.state() != RunState.PUBLISHING) {
            return;
        }
        int introduced = 0;
        int skipped = 0;
        for (int page = 0; page < run.pages(); page++) {
            List<Pair> pairs = cohorts.page(cohortId, runId, page);
            List<Pair> done = new ArrayList<>();
            boolean changed = false;
            for (Pair pair : pairs) {
                if (pair.outcome() != null) {
                    done.add(pair);
                    if (pair.introductionId() != null) {
                        introduced++;
                    } else {
                        skipped++;
                    }
                    continue;
                }
                String[] reason = {null};
                Consumer<String> skip = r -> reason[0] = r;
                Optional<Introduction> intro = introductions.introduceForCohort(
                        cohortId + ":" + runId + ":" + pair.menteeId() + ":" + pair.mentorId(), cohort.name(),
                        pair.menteeId(), pair.mentorId(), skip);
                if (intro.isPresent()) {
                    cohorts.recordIntroduction(cohortId, new CohortIntroduction(pair.menteeId(), pair.mentorId(),
                            intro.get().id(), runId));
                    done.add(pair.published(intro.get().id(), "introduced"));
                    introduced++;
                } else {
                    done.add(pair.published(null, reason[0]));
                    skipped++;
                }
                changed = true;
            }
            if (changed) {
                cohorts.writePage(cohortId, runId, page, done);
            }
        }
        cohorts.moveRun(cohortId, runId, List.of(RunState.PUBLISHING), RunState.PUBLISHED,
                clock.instant(),
                Map.of(":introduced", AttributeValue.fromN(Integer.toString(introduced)),
                        ":skipped", AttributeValue.fromN(Integer.toString(skipped))));
    }

    /** The run failed for good (its message reached the dead-letter queue's last try). */
    public void markFailed(String cohortId, String runId, String error) {
        cohorts.moveRun(cohortId, runId, List.of(RunState.QUEUED, RunState.RUNNING), RunState.FAILED,
                clock.instant(), Map.of(":error", AttributeValue.fromS(error)));
    }

    private boolean isOpen(Cohort cohort) {
        return clock.instant().isBefore(cohort.closesAt());
    }

    /** The card with only the cohort's topics, so that pairs meet on what the cohort is about. */
    private static MatchCard withinCohort(MatchCard card, Cohort cohort) {
        Set<String> topics = new LinkedHashSet<>(card.topics());
        topics.retainAll(cohort.topics());
        return new MatchCard(card.userId(), card.displayName(), card.role(), Set.copyOf(topics), card.capacity(),
                card.activeMentees(), card.accepting(), card.languages(), card.interests(), card.work(),
                card.schools(), card.place(), card.privacy(), card.remoteOk(), card.outsideMyCircle(),
                card.ackVersion());
    }

    private static Map<String, Object> figures(Outcome outcome) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("matched", outcome.matched());
        out.put("matchedShare", outcome.matchedShare());
        out.put("meanScore", outcome.meanScore());
        out.put("lowestScore", outcome.lowestScore());
        out.put("totalScore", outcome.totalScore());
        return out;
    }

    private static Instant instant(String value, String field) {
        if (value == null) {
            throw DomainException.invalid(field, "an ISO-8601 instant, e.g. 2027-03-01T00:00:00Z");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw DomainException.invalid(field, "an ISO-8601 instant, e.g. 2027-03-01T00:00:00Z");
        }
    }
}
