package io.mentorship.introductions;

import io.mentorship.events.EventPublisher;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.store.BlockRepository;
import io.mentorship.store.FriendRepository;
import io.mentorship.store.IntroductionRepository;
import io.mentorship.store.MemberRepository;
import io.mentorship.store.MentorshipRepository;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.StatsRepository;
import io.mentorship.store.WeightsRepository;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The services of introductions and what follows them, by capability, over one table: introductions (ask,
 * accept, decline, withdraw), mentorships (list, end), safety (blocks, leaving before erasure) and expiry.
 */
public record IntroductionServices(IntroductionService introductions, MentorshipService mentorships,
                                   SafetyService safety, ExpiryService expiry) {

    public static IntroductionServices create(DynamoDbClient dynamo, String table, EventPublisher events,
                                              ProfileChangePublisher changes, Clock clock) {
        Repositories r = new Repositories(new MemberRepository(dynamo, table), new ProfileRepository(dynamo, table),
                new FriendRepository(dynamo, table), new GuidelinesRepository(dynamo, table),
                new WeightsRepository(dynamo, table), new IntroductionRepository(dynamo, table),
                new MentorshipRepository(dynamo, table), new BlockRepository(dynamo, table),
                new StatsRepository(dynamo, table));
        IntroductionEffects effects = new IntroductionEffects(r.profiles(), r.introductions(), r.stats(), events,
                changes, clock);
        MentorshipService mentorships = new MentorshipService(r.mentorships(), r.introductions(), r.stats(), events,
                effects, clock);
        return new IntroductionServices(
                new IntroductionService(r, events, effects, clock),
                mentorships,
                new SafetyService(r.blocks(), r.introductions(), mentorships, changes, effects, clock),
                new ExpiryService(r.introductions(), effects, clock));
    }

    /** The repositories these services read and write, over one table. */
    record Repositories(MemberRepository members, ProfileRepository profiles, FriendRepository friends,
                        GuidelinesRepository guidelines, WeightsRepository weights,
                        IntroductionRepository introductions, MentorshipRepository mentorships,
                        BlockRepository blocks, StatsRepository stats) {
    }
}
