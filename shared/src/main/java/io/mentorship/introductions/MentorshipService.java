package io.mentorship.introductions;

import io.mentorship.domain.DomainException;
import io.mentorship.events.EventPublisher;
import io.mentorship.events.MentorshipEvent;
import io.mentorship.store.IntroductionRepository;
import io.mentorship.store.MentorshipRepository;
import io.mentorship.store.PairState;
import io.mentorship.store.StatsRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Mentorships after an accepted introduction: listing them, and ending one with an optional rating. */
public final class MentorshipService {
    private final MentorshipRepository mentorships;
    private final IntroductionRepository introductions;
    private final StatsRepository stats;
    private final EventPublisher events;
    private final IntroductionEffects effects;
    private final Clock clock;

    MentorshipService(MentorshipRepository mentorships, IntroductionRepository introductions, StatsRepository stats,
                      EventPublisher events, IntroductionEffects effects, Clock clock) {
        this.mentorships = mentorships;
        this.introductions = introductions;
        this.stats = stats;
        this.events = events;
        this.effects = effects;
        this.clock = clock;
    }

    public List<Mentorship> mentorshipsOf(String userId) {
        return mentorships.listFor(userId);
    }

    /** Either member ends the mentorship, optionally rating it; the mentor's unit of capacity is freed. */
    public Mentorship end(String callerId, String id, Integer rating, String feedback) {
        Mentorship m = mentorships.find(id).filter(x -> x.involves(callerId))
                .orElseThrow(() -> DomainException.notFound("no mentorship " + id));
        if (rating != null && (rating < 1 || rating > 5)) {
            throw DomainException.invalid("rating", "a rating from 1 to 5");
        }
        if (feedback != null && feedback.length() > 2000) {
            throw DomainException.invalid("feedback", "at most 2000 characters");
        }
        String other = m.mentorId().equals(callerId) ? m.menteeId() : m.mentorId();
        MentorshipEvent ended = MentorshipEvent.mentorshipEnded(clock.instant(), List.of(other), m.introductionId(),
                id, callerId, effects.name(callerId), effects.name(callerId) + " ended your mentorship");
        events.around(ended, () -> effects.aroundPair(m.mentorId(), m.menteeId(), () -> {
            if (!finish(m, callerId, rating, feedback)) {
                throw DomainException.conflict("ALREADY_ENDED", "this mentorship has already ended");
            }
            return id;
        }));
        return mentorships.find(id).orElseThrow();
    }

    /**
     * The writes of ending an active mentorship: its status, the mentor's freed unit of capacity, the pair open
     * again and kept apart no more, the counts. False if it had ended already. Also used when a member leaves.
     */
    boolean finish(Mentorship m, String by, Integer rating, String feedback) {
        if (!mentorships.end(m.id(), by, rating, feedback, clock.instant())) {
            return false;
        }
        mentorships.releaseCapacity(m.mentorId());
        introductions.setPair(m.mentorId(), m.menteeId(), PairState.OPEN, m.id(), null);
        introductions.unexclude(m.mentorId(), m.menteeId());
        introductions.unexclude(m.menteeId(), m.mentorId());
        stats.add(Map.of("mentorships.active", -1, "mentorships.ended", 1));
        return true;
    }
}
