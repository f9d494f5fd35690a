package io.mentorship.introductions;

import io.mentorship.aws.InvocationMetrics;
import io.mentorship.events.EventPublisher;
import io.mentorship.events.MentorshipEvent;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.events.ProfileChanged;
import io.mentorship.profile.Profile;
import io.mentorship.store.IntroductionRepository;
import io.mentorship.store.PairState;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.StatsRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every decision on an introduction does besides its own write: closing one (status, pair lock, exclusions,
 * pending slot, expiry schedule, counts, the event), building events, and telling matching that a pair changed.
 * Shared by the introduction, mentorship, safety and expiry services.
 */
final class IntroductionEffects {
    private final ProfileRepository profiles;
    private final IntroductionRepository introductions;
    private final StatsRepository stats;
    private final EventPublisher events;
    private final ProfileChangePublisher changes;
    private final Clock clock;

    IntroductionEffects(ProfileRepository profiles, IntroductionRepository introductions, StatsRepository stats,
                        EventPublisher events, ProfileChangePublisher changes, Clock clock) {
        this.profiles = profiles;
        this.introductions = introductions;
        this.stats = stats;
        this.events = events;
        this.changes = changes;
        this.clock = clock;
    }

    /** Closes a pending introduction as {@code to}, telling {@code closed} (null: nobody is told); false if taken. */
    boolean close(Introduction intro, IntroductionStatus to, MentorshipEvent closed) {
        Supplier<Boolean> decided = () -> aroundPair(intro.requesterId(), intro.recipientId(),
                () -> decide(intro, to));
        return closed == null ? decided.get() : events.aroundIf(closed, decided::get);
    }

    /** The writes of closing a pending introduction; false if another step decided it first. */
    private boolean decide(Introduction intro, IntroductionStatus to) {
        if (!introductions.decide(intro.id(), to, clock.instant(), null, null)) {
            return false;
        }
        introductions.setPair(intro.requesterId(), intro.recipientId(), PairState.OPEN, intro.id(), null);
        introductions.unexclude(intro.requesterId(), intro.recipientId());
        introductions.unexclude(intro.recipientId(), intro.requesterId());
        introductions.releasePendingSlot(intro.requesterId());
        introductions.unschedule(intro);
        stats.add(Map.of("introductions.pending", -1, "introductions." + to, 1));
        InvocationMetrics.count("Introductions" + Character.toUpperCase(to.toString().charAt(0))
                + to.toString().substring(1).toLowerCase(java.util.Locale.ROOT));
        return true;
    }

    MentorshipEvent requested(Introduction intro, List<String> recipients, String summary) {
        return MentorshipEvent.introductionRequested(clock.instant(), recipients, intro.id(), intro.requesterId(),
                name(intro.requesterId()), summary, intro.commonalities());
    }

    MentorshipEvent accepted(Introduction intro, String mentorshipId, String summary) {
        return MentorshipEvent.introductionAccepted(clock.instant(), List.of(intro.requesterId()), intro.id(),
                mentorshipId, intro.requesterId(), name(intro.requesterId()), summary);
    }

    MentorshipEvent declined(Introduction intro, String summary, String reason) {
        return MentorshipEvent.introductionDeclined(clock.instant(), List.of(intro.requesterId()), intro.id(),
                intro.requesterId(), name(intro.requesterId()), summary, reason);
    }

    MentorshipEvent withdrawn(Introduction intro, String summary) {
        return MentorshipEvent.introductionWithdrawn(clock.instant(), List.of(intro.recipientId()), intro.id(),
                intro.requesterId(), name(intro.requesterId()), summary);
    }

    MentorshipEvent expired(Introduction intro, String summary) {
        return MentorshipEvent.introductionExpired(clock.instant(), List.of(intro.requesterId(),
                intro.recipientId()), intro.id(), intro.requesterId(), name(intro.requesterId()), summary);
    }

    /**
     * Makes {@code write}, which changes what matching may show {@code a} and {@code b} of each other, and tells
     * matching about both, through the follow-up mechanism ({@link io.mentorship.events.FollowUps}).
     */
    <T> T aroundPair(String a, String b, Supplier<T> write) {
        Instant now = clock.instant();
        return changes.around(List.of(ProfileChanged.of(a, ProfileChanged.Change.UPDATED, 0, now),
                ProfileChanged.of(b, ProfileChanged.Change.UPDATED, 0, now)), write);
    }

    String name(String userId) {
        return profiles.find(userId).map(Profile::displayName).orElse("A member");
    }
}
