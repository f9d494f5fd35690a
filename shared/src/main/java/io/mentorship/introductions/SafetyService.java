package io.mentorship.introductions;

import io.mentorship.domain.DomainException;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.events.ProfileChanged;
import io.mentorship.store.BlockRepository;
import io.mentorship.store.IntroductionRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Blocks between members, and what leaving the program undoes before an account is erased. */
public final class SafetyService {
    private final BlockRepository blocks;
    private final IntroductionRepository introductions;
    private final MentorshipService mentorships;
    private final ProfileChangePublisher changes;
    private final IntroductionEffects effects;
    private final Clock clock;

    SafetyService(BlockRepository blocks, IntroductionRepository introductions, MentorshipService mentorships,
                  ProfileChangePublisher changes, IntroductionEffects effects, Clock clock) {
        this.blocks = blocks;
        this.introductions = introductions;
        this.mentorships = mentorships;
        this.changes = changes;
        this.effects = effects;
        this.clock = clock;
    }

    /** Blocks: the pair never meets again; a pending introduction between them is cancelled without a word. */
    public void block(String blocker, String blocked) {
        if (blocker.equals(blocked)) {
            throw DomainException.invalid("userId", "you cannot block yourself");
        }
        effects.aroundPair(blocker, blocked, () -> {
            blocks.block(blocker, blocked, clock.instant());
            return blocked;
        });
        introductions.pendingIntroductionBetween(blocker, blocked)
                .flatMap(introductions::find)
                .ifPresent(intro -> effects.close(intro, IntroductionStatus.CANCELLED, null));
    }

    public void unblock(String blocker, String blocked) {
        // Only a block that exists changes what matching may show: nothing is sent for one that does not.
        if (blocks.blockedBy(blocker).contains(blocked)) {
            effects.aroundPair(blocker, blocked, () -> blocks.unblock(blocker, blocked));
        }
    }

    /** Before an account is erased: withdraw its pending introductions and end its mentorships. */
    public void leave(String userId) {
        for (boolean incoming : List.of(true, false)) {
            for (Introduction intro : introductions.list(userId, incoming, 100)) {
                if (intro.status() == IntroductionStatus.PENDING) {
                    effects.close(intro, incoming ? IntroductionStatus.CANCELLED : IntroductionStatus.WITHDRAWN,
                            incoming ? null : effects.withdrawn(intro, "An introduction was withdrawn"));
                }
            }
        }
        for (Mentorship m : mentorships.mentorshipsOf(userId)) {
            String other = m.mentorId().equals(userId) ? m.menteeId() : m.mentorId();
            if (m.status() == MentorshipStatus.ACTIVE) {
                changes.around(ProfileChanged.of(other, ProfileChanged.Change.UPDATED, 0, clock.instant()),
                        () -> mentorships.finish(m, userId, null, null));
            }
        }
        for (String other : blocks.blockedBy(userId)) {
            blocks.unblock(userId, other);
        }
    }
}
