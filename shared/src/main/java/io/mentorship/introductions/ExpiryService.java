package io.mentorship.introductions;

import io.mentorship.store.IntroductionRepository;
import java.time.Clock;

/** Introductions nobody answered: closed as expired once their 14 days are up. */
public final class ExpiryService {
    private final IntroductionRepository introductions;
    private final IntroductionEffects effects;
    private final Clock clock;

    ExpiryService(IntroductionRepository introductions, IntroductionEffects effects, Clock clock) {
        this.introductions = introductions;
        this.effects = effects;
        this.clock = clock;
    }

    /** Expires every pending introduction whose 14 days are up; returns how many. Run on a schedule. */
    public int expireDue() {
        int expired = 0;
        for (String id : introductions.dueForExpiry(clock.instant(), 3, 500)) {
            var intro = introductions.find(id);
            if (intro.isEmpty() || intro.get().status() != IntroductionStatus.PENDING) {
                intro.ifPresent(introductions::unschedule);
                continue;
            }
            if (effects.close(intro.get(), IntroductionStatus.EXPIRED,
                    effects.expired(intro.get(), "An introduction expired after 14 days without an answer"))) {
                expired++;
            }
        }
        return expired;
    }
}
