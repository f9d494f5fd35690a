package io.mentorship.introductions;

import io.mentorship.aws.InvocationMetrics;
import io.mentorship.domain.DomainException;
import io.mentorship.events.EventPublisher;
import io.mentorship.events.MentorshipEvent;
import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.matching.Commonality;
import io.mentorship.matching.MatchCard;
import io.mentorship.matching.MatchContext;
import io.mentorship.matching.MatchEngine;
import io.mentorship.matching.Suggestion;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import io.mentorship.store.FriendDirectory;
import io.mentorship.store.IntroductionRepository;
import io.mentorship.store.MemberRepository.Member;
import io.mentorship.store.MemberRepository;
import io.mentorship.store.MentorshipRepository;
import io.mentorship.store.PairState;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.StatsRepository;
import io.mentorship.store.WeightsRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Introductions: who may ask whom, and the decisions after (accept, decline, withdraw). Each step is a
 * conditional write on one item (the pending counter, the pair lock, the introduction's status, the mentor's
 * capacity), ordered so that a concurrent step fails cleanly and what was taken is given back.
 */
public final class IntroductionService {
    public static final int MAX_PENDING = 3;
    public static final Duration EXPIRES_AFTER = Duration.ofDays(14);
    public static final Duration APART_AFTER_DECLINE = Duration.ofDays(90);
    public static final int MAX_MESSAGE = 1000;
    public static final int MAX_REASON = 500;

    private final MemberRepository members;
    private final ProfileRepository profiles;
    private final FriendDirectory directory;
    private final GuidelinesRepository guidelines;
    private final WeightsRepository weights;
    private final IntroductionRepository introductions;
    private final MentorshipRepository mentorships;
    private final StatsRepository stats;
    private final EventPublisher events;
    private final IntroductionEffects effects;
    private final Clock clock;

    IntroductionService(IntroductionServices.Repositories repositories, EventPublisher events,
                        IntroductionEffects effects, Clock clock) {
        this.members = repositories.members();
        this.profiles = repositories.profiles();
        this.directory = new FriendDirectory(repositories.friends(), repositories.profiles());
        this.guidelines = repositories.guidelines();
        this.weights = repositories.weights();
        this.introductions = repositories.introductions();
        this.mentorships = repositories.mentorships();
        this.stats = repositories.stats();
        this.events = events;
        this.effects = effects;
        this.clock = clock;
    }

    /**
     * {@code requesterId} asks to be introduced to {@code recipientId}, as their mentee ({@code as = mentee}) or
     * their mentor. The pair must pass matching's hard filters; a blocked pair gets the same answer as any other
     * ineligible one.
     */
    public Introduction request(String requesterId, String recipientId, Role as, String message) {
        if (requesterId.equals(recipientId)) {
            throw DomainException.invalid("toUserId", "you cannot ask to be introduced to yourself");
        }
        Member requester = members.load(requesterId);
        Profile requesterProfile = requester.profile().orElseThrow(() -> DomainException.notFound(
                "no profile for " + requesterId + "; sign up with POST /users"));
        Member recipient = members.load(recipientId);
        Profile recipientProfile = recipient.profile().orElseThrow(() -> DomainException.notFound(
                "no member " + recipientId));
        Map<Role, Integer> current = guidelines.currentVersions();
        MatchCard mine = MatchCard.of(requesterProfile, as, requester.acknowledged(as), requester.activeMentees());
        if (mine == null) {
            throw DomainException.conflict("NO_ROLE", "add a " + as + " section to your profile first");
        }
        if (requester.acknowledged(as) < current.get(as)) {
            throw DomainException.conflict("GUIDELINES_NOT_ACKNOWLEDGED", "acknowledge the current " + as
                    + " guidelines (version " + current.get(as) + ") first");
        }
        MatchCard theirs = MatchCard.of(recipientProfile, as.counterpart(), recipient.acknowledged(as.counterpart()),
                recipient.activeMentees());
        Set<String> blocked = requester.blocked();
        List<Suggestion> fromRequester = theirs == null ? List.of() : engine().rank(mine, List.of(theirs),
                context(current, requester, blocked));
        if (fromRequester.isEmpty()) {
            throw notEligible();
        }
        List<Commonality> forRecipient = engine().rank(theirs, List.of(mine), context(current, recipient,
                recipient.blocked())).stream().findFirst().map(Suggestion::commonalities)
                .orElse(fromRequester.getFirst().commonalities());

        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        Introduction intro = new Introduction(id, requesterId, recipientId, as,
                as == Role.MENTOR ? requesterId : recipientId, as == Role.MENTEE ? requesterId : recipientId,
                message, IntroductionStatus.PENDING, forRecipient, now,
                now.plus(EXPIRES_AFTER), null, null, null);
        MentorshipEvent requested = effects.requested(intro, List.of(recipientId),
                requesterProfile.displayName() + " asks to be introduced as your " + as);
        events.around(requested, () -> effects.aroundPair(intro.requesterId(), intro.recipientId(), () -> {
            if (!introductions.reservePendingSlot(requesterId, MAX_PENDING)) {
                throw DomainException.limitReached("TOO_MANY_PENDING", "you already have " + MAX_PENDING
                        + " pending introductions; wait for answers or withdraw one");
            }
            if (!introductions.claimPair(requesterId, recipientId, id, now)) {
                introductions.releasePendingSlot(requesterId);
                throw DomainException.conflict("ALREADY_CONNECTED", "you already have an open introduction or a "
                        + "mentorship with this member, or they declined less than 90 days ago");
            }
            return open(intro);
        }));
        return intro;
    }

    /** Stores a claimed, pending introduction: the pair kept apart from other suggestions while pending, counts. */
    private boolean open(Introduction intro) {
        introductions.create(intro);
        introductions.exclude(intro.requesterId(), intro.recipientId(), PairState.PENDING, null);
        introductions.exclude(intro.recipientId(), intro.requesterId(), PairState.PENDING, null);
        stats.add(Map.of("introductions.pending", 1));
        InvocationMetrics.count("IntroductionsRequested");
        return true;
    }

    /**
     * A cohort's assignment introduces {@code menteeId} to {@code mentorId} on their behalf: an introduction from
     * the mentee that the mentor accepts or declines as usual, delivered to both. The pair must still pass
     * matching's hard filters (things may have changed since the assignment was proposed). Idempotent: the id
     * derives from {@code key}, so a retried publication finds the introduction it made.
     *
     * @return the introduction, or empty with the reason in {@code skipped} when the pair cannot be introduced
     */
    public Optional<Introduction> introduceForCohort(String key, String cohortName, String menteeId,
                                                     String mentorId, java.util.function.Consumer<String> skipped) {
        String id = UUID.nameUUIDFromBytes(("cohort:" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
        Optional<Introduction> existing = introductions.find(id);
        if (existing.isPresent()) {
            return existing;
        }
        Member mentee = members.load(menteeId);
        Member mentor = members.load(mentorId);
        if (mentee.profile().isEmpty() || mentor.profile().isEmpty()) {
            skipped.accept("ACCOUNT_GONE");
            return Optional.empty();
        }
        Map<Role, Integer> current = guidelines.currentVersions();
        MatchCard mine = MatchCard.of(mentee.profile().get(), Role.MENTEE, mentee.acknowledged(Role.MENTEE),
                mentee.activeMentees());
        MatchCard theirs = MatchCard.of(mentor.profile().get(), Role.MENTOR, mentor.acknowledged(Role.MENTOR),
                mentor.activeMentees());
        // The pair's own pending claim does not exclude it (a retry after the claim).
        String pending = introductions.pendingIntroductionBetween(menteeId, mentorId).orElse(null);
        Set<String> menteeExcluded = new java.util.HashSet<>(mentee.excluded(clock.instant()));
        Set<String> mentorExcluded = new java.util.HashSet<>(mentor.excluded(clock.instant()));
        if (id.equals(pending)) {
            menteeExcluded.remove(mentorId);
            mentorExcluded.remove(menteeId);
        }
        List<Suggestion> fromMentee = mine == null || theirs == null ? List.of()
                : engine().rank(mine, List.of(theirs), context(current, mentee, menteeExcluded));
        if (fromMentee.isEmpty()) {
            skipped.accept("NOT_ELIGIBLE");
            return Optional.empty();
        }
        List<Commonality> forMentor = engine().rank(theirs, List.of(mine), context(current, mentor, mentorExcluded))
                .stream().findFirst().map(Suggestion::commonalities).orElse(fromMentee.getFirst().commonalities());
        Instant now = clock.instant();
        Introduction intro = new Introduction(id, menteeId, mentorId, Role.MENTEE, mentorId, menteeId,
                "Matched in the " + cohortName + " cohort", IntroductionStatus.PENDING, forMentor, now,
                now.plus(EXPIRES_AFTER), null, null, null);
        MentorshipEvent requested = effects.requested(intro, List.of(mentorId, menteeId),
                "The " + cohortName + " cohort introduces " + mentee.profile().get().displayName() + " to "
                        + mentor.profile().get().displayName() + " as mentee and mentor");
        boolean opened = events.aroundIf(requested, () -> effects.aroundPair(menteeId, mentorId, () -> {
            if (!id.equals(pending)) {
                if (!introductions.claimPair(menteeId, mentorId, id, now)) {
                    return false;
                }
                // Counted like any pending introduction, which accepting or declining releases; no limit here.
                introductions.reservePendingSlot(menteeId, Integer.MAX_VALUE);
            }
            return open(intro);
        }));
        if (!opened) {
            skipped.accept("ALREADY_CONNECTED");
            return Optional.empty();
        }
        return Optional.of(intro);
    }

    /** Whether {@code other} is or was on the other side of one of {@code userId}'s introductions. */
    public boolean areCounterparts(String userId, String other) {
        return introductions.everIntroduced(userId, other);
    }

    public Introduction read(String callerId, String id) {
        return introductions.find(id).filter(i -> i.involves(callerId))
                .orElseThrow(() -> DomainException.notFound("no introduction " + id));
    }

    public List<Introduction> list(String callerId, boolean incoming, IntroductionStatus status, int limit) {
        return introductions.list(callerId, incoming, 100).stream()
                .filter(i -> status == null || i.status() == status).limit(limit).toList();
    }

    /** The recipient accepts: a mentorship starts and takes one unit of the mentor's capacity. */
    public Introduction accept(String callerId, String id) {
        Introduction intro = read(callerId, id);
        requireRecipient(callerId, intro, "accept");
        requirePending(intro);
        Profile mentor = profiles.find(intro.mentorId()).orElseThrow(() -> DomainException.conflict("NOT_PENDING",
                "the mentor's account no longer exists"));
        int capacity = mentor.mentor() == null ? 0 : mentor.mentor().capacity();
        Instant now = clock.instant();
        String mentorshipId = UUID.randomUUID().toString();
        MentorshipEvent accepted = effects.accepted(intro, mentorshipId,
                effects.name(intro.recipientId()) + " accepted your introduction: your mentorship has started");
        events.around(accepted, () -> effects.aroundPair(intro.mentorId(), intro.menteeId(), () -> {
            if (!mentorships.takeCapacity(intro.mentorId(), capacity)) {
                throw DomainException.conflict("CAPACITY_FULL", "the mentor has no room for another mentee now");
            }
            if (!introductions.decide(id, IntroductionStatus.ACCEPTED, now, null, mentorshipId)) {
                mentorships.releaseCapacity(intro.mentorId());
                throw notPending();
            }
            mentorships.create(new Mentorship(mentorshipId, intro.mentorId(), intro.menteeId(), id,
                    MentorshipStatus.ACTIVE, now, null, null, null, null));
            introductions.setPair(intro.mentorId(), intro.menteeId(), PairState.PAIRED, mentorshipId, null);
            introductions.exclude(intro.mentorId(), intro.menteeId(), PairState.PAIRED, null);
            introductions.exclude(intro.menteeId(), intro.mentorId(), PairState.PAIRED, null);
            introductions.releasePendingSlot(intro.requesterId());
            introductions.unschedule(intro);
            stats.add(Map.of("introductions.pending", -1, "introductions.accepted", 1, "mentorships.active", 1));
            InvocationMetrics.count("IntroductionsAccepted");
            return mentorshipId;
        }));
        if (mentorships.activeMentees(intro.mentorId()) >= capacity) {
            tellOtherRequestersTheMentorIsFull(intro.mentorId(), id);
        }
        return introductions.find(id).orElseThrow();
    }

    public Introduction decline(String callerId, String id, String reason) {
        Introduction intro = read(callerId, id);
        requireRecipient(callerId, intro, "decline");
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > MAX_REASON) {
            throw DomainException.invalid("reason", "a reason of 1 to " + MAX_REASON + " characters");
        }
        requirePending(intro);
        Instant now = clock.instant();
        MentorshipEvent declined = effects.declined(intro,
                effects.name(intro.recipientId()) + " declined your introduction", why);
        events.around(declined, () -> effects.aroundPair(intro.requesterId(), intro.recipientId(), () -> {
            if (!introductions.decide(id, IntroductionStatus.DECLINED, now, why, null)) {
                throw notPending();
            }
            Instant apartUntil = now.plus(APART_AFTER_DECLINE);
            introductions.setPair(intro.requesterId(), intro.recipientId(), PairState.DECLINED, id, apartUntil);
            introductions.exclude(intro.requesterId(), intro.recipientId(), PairState.DECLINED, apartUntil);
            introductions.exclude(intro.recipientId(), intro.requesterId(), PairState.DECLINED, apartUntil);
            introductions.releasePendingSlot(intro.requesterId());
            introductions.unschedule(intro);
            stats.add(Map.of("introductions.pending", -1, "introductions.declined", 1));
            InvocationMetrics.count("IntroductionsDeclined");
            return id;
        }));
        return introductions.find(id).orElseThrow();
    }

    public Introduction withdraw(String callerId, String id) {
        Introduction intro = read(callerId, id);
        if (!intro.requesterId().equals(callerId)) {
            throw DomainException.forbidden("only the member who asked can withdraw an introduction");
        }
        requirePending(intro);
        effects.close(intro, IntroductionStatus.WITHDRAWN,
                effects.withdrawn(intro, effects.name(intro.requesterId()) + " withdrew their introduction"));
        return introductions.find(id).orElseThrow();
    }

    private void tellOtherRequestersTheMentorIsFull(String mentorId, String acceptedId) {
        List<String> requesters = new ArrayList<>();
        for (Introduction other : introductions.list(mentorId, true, 100)) {
            if (!other.id().equals(acceptedId) && other.status() == IntroductionStatus.PENDING
                    && other.mentorId().equals(mentorId)) {
                requesters.add(other.requesterId());
            }
        }
        if (!requesters.isEmpty()) {
            // A courtesy: if it is lost, the requests themselves stay open and visible.
            events.publishCourtesy(MentorshipEvent.mentorAtCapacity(clock.instant(), requesters, mentorId,
                    effects.name(mentorId), effects.name(mentorId) + " has no room for new mentees right now; your "
                    + "request stays open in case a place frees up"));
        }
    }

    private MatchEngine engine() {
        return new MatchEngine(weights.current(), 1);
    }

    private MatchContext context(Map<Role, Integer> current, Member viewer, Set<String> excluded) {
        return new MatchContext(current, viewer.confirmedFriends(), excluded, directory::confirmedFriendsOf,
                directory::namesShownAsFriends);
    }

    private static void requireRecipient(String callerId, Introduction intro, String action) {
        if (!intro.recipientId().equals(callerId)) {
            throw DomainException.forbidden("only the member who received an introduction can " + action + " it");
        }
    }

    private static void requirePending(Introduction intro) {
        if (intro.status() != IntroductionStatus.PENDING) {
            throw notPending();
        }
    }

    private static DomainException notPending() {
        return DomainException.conflict("NOT_PENDING", "this introduction has already been answered, withdrawn or "
                + "has expired");
    }

    private static DomainException notEligible() {
        return DomainException.conflict("NOT_ELIGIBLE", "you cannot be introduced to this member right now");
    }
}
