package io.mentorship.match;

import io.mentorship.aws.CapacityMeter;
import io.mentorship.events.MatchWork.FanOut;
import io.mentorship.events.MatchWork.Recompute;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.events.ProfileChanged;
import io.mentorship.matching.MatchCard;
import io.mentorship.matching.MatchContext;
import io.mentorship.matching.MatchEngine;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.matching.Suggestion;
import io.mentorship.matching.Weights;
import io.mentorship.profile.Profile;
import io.mentorship.profile.PublicCard;
import io.mentorship.profile.Role;
import io.mentorship.store.FriendDirectory;
import io.mentorship.store.FriendRepository;
import io.mentorship.store.MatchIndex;
import io.mentorship.store.MemberRepository;
import io.mentorship.store.MemberRepository.Member;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.StatsRepository;
import io.mentorship.store.SuggestionRepository;
import io.mentorship.store.WeightsRepository;
import io.mentorship.guidelines.GuidelinesRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keeps suggestions true as members change. A change to one member recomputes their own suggestions and listing
 * in the candidate index, then queues the rest in pages: the members whose suggestions hold them (who may lose
 * them or see them change), and, when what matching reads about them changed, the counterparts interested in
 * their topics who could now gain them (only those for whom they could enter the top K).
 */
public final class MatchService {
    /** How one computation went, for logs and the benchmark. */
    public record Computation(String userId, Role role, int candidatesRead, int suggestions,
                              CapacityMeter.Reading reading) {
    }

    /** Tuning: how many suggestions to keep, how many index items one computation may read, fan-out page size. */
    public record Limits(int topK, int candidateBudget, int fanOutPage, int recomputeBatch) {
        public static final Limits DEFAULT = new Limits(20, 400, 100, 5);
    }

    private final MemberRepository members;
    private final ProfileRepository profiles;
    private final FriendDirectory directory;
    private final GuidelinesRepository guidelines;
    private final WeightsRepository weights;
    private final MatchIndex index;
    private final SuggestionRepository suggestions;
    private final StatsRepository stats;
    private final ProfileChangePublisher work;
    private final Clock clock;
    private final Limits limits;
    private Consumer<Computation> onComputation = c -> { };

    public MatchService(MemberRepository members, ProfileRepository profiles, FriendRepository friends,
                        GuidelinesRepository guidelines, WeightsRepository weights, MatchIndex index,
                        SuggestionRepository suggestions, StatsRepository stats, ProfileChangePublisher work,
                        Clock clock, Limits limits) {
        this.members = members;
        this.profiles = profiles;
        this.directory = new FriendDirectory(friends, profiles);
        this.guidelines = guidelines;
        this.weights = weights;
        this.index = index;
        this.suggestions = suggestions;
        this.stats = stats;
        this.work = work;
        this.clock = clock;
        this.limits = limits;
    }

    public MatchService onComputation(Consumer<Computation> listener) {
        this.onComputation = listener;
        return this;
    }

    public void onProfileChanged(ProfileChanged change) {
        Member member = members.load(change.userId());
        if (change.isFollowUp() && member.matchedThrough().compareTo(change.occurredAt()) >= 0) {
            return;
        }
        List<Object> next = new ArrayList<>();
        next.add(FanOut.viewers(change.userId(), null));
        if (member.profile().isEmpty()) {
            erase(change.userId());
            work.publishAll(next);
            return;
        }
        Map<Role, Integer> current = guidelines.currentVersions();
        List<MatchCard> listed = new ArrayList<>();
        boolean changed = recompute(member, current, weights.current(), listed);
        if (changed || change.change() != ProfileChanged.Change.UPDATED) {
            for (MatchCard card : listed) {
                Role counterpart = card.role().counterpart();
                for (String topic : card.topics().stream().sorted().toList()) {
                    next.add(FanOut.index(MatchIndex.partition(counterpart, current.get(counterpart), topic), card,
                            null));
                }
            }
        }
        work.publishAll(next);
        members.markMatched(change.userId(), change.occurredAt());
    }

    public void onRecompute(Recompute recompute) {
        Map<Role, Integer> current = guidelines.currentVersions();
        Weights w = weights.current();
        for (String userId : recompute.userIds()) {
            Member member = members.load(userId);
            if (member.profile().isPresent()) {
                recompute(member, current, w, new ArrayList<>());
            }
        }
    }

    public void onFanOut(FanOut fanOut) {
        List<Object> next = new ArrayList<>();
        List<String> affected = new ArrayList<>();
        if (fanOut.viewersOf() != null) {
            SuggestionRepository.ViewerPage page = suggestions.viewersOf(fanOut.viewersOf(), fanOut.start(),
                    limits.fanOutPage());
            affected.addAll(page.userIds());
            if (page.next() != null) {
                next.add(FanOut.viewers(fanOut.viewersOf(), page.next()));
            }
        } else {
            MatchIndex.Page page = index.page(fanOut.partition(), fanOut.start(), limits.fanOutPage());
            MatchEngine engine = new MatchEngine(weights.current(), limits.topK());
            Map<Role, Integer> current = guidelines.currentVersions();
            MatchContext context = new MatchContext(current, Set.of(), Set.of(), ids -> Map.of(), ids -> Map.of());
            MatchCard source = fanOut.source();
            for (MatchIndex.Listed member : page.members()) {
                MatchCard viewer = member.card();
                boolean couldEnter = member.topK().couldTake(engine.bestPossibleScore(viewer, source),
                        limits.topK(), current.get(source.role()));
                if (couldEnter && MatchEngine.passesHardFilters(viewer, source, context)) {
                    affected.add(viewer.userId());
                }
            }
            if (page.next() != null) {
                next.add(FanOut.index(fanOut.partition(), source, page.next()));
            }
        }
        for (int from = 0; from < affected.size(); from += limits.recomputeBatch()) {
            next.add(Recompute.of(affected.subList(from, Math.min(affected.size(), from + limits.recomputeBatch()))));
        }
        work.publishAll(next);
    }

    /**
     * Recomputes a member's suggestions in each role they take and their listing in the index. Returns whether
     * what matching reads about them changed; {@code listed} receives the cards now in the index.
     */
    boolean recompute(Member member, Map<Role, Integer> current, Weights w, List<MatchCard> listed) {
        Profile profile = member.profile().orElseThrow();
        PublicCard publicCard = PublicCard.of(profile);
        MatchEngine engine = new MatchEngine(w, limits.topK());
        List<MatchIndex.Entry> entries = new ArrayList<>();
        int suggestionDelta = 0;
        for (Role role : Role.values()) {
            MatchCard card = MatchCard.of(profile, role, member.acknowledged(role), member.activeMentees());
            if (card == null || member.acknowledged(role) < current.get(role)) {
                suggestionDelta -= suggestions.delete(member.userId(), role);
                continue;
            }
            CapacityMeter.start();
            Role counterpart = role.counterpart();
            List<MatchIndex.Listed> candidates = index.candidates(counterpart, current.get(counterpart),
                    card.topics().stream().sorted().toList(), card.place().country(), limits.candidateBudget());
            Map<String, MatchIndex.Listed> byId = new HashMap<>();
            candidates.forEach(c -> byId.put(c.card().userId(), c));
            MatchContext context = new MatchContext(current, member.confirmedFriends(),
                    member.excluded(clock.instant()), directory::confirmedFriendsOf, directory::namesShownAsFriends);
            List<Suggestion> ranked = engine.rank(card, candidates.stream().map(MatchIndex.Listed::card).toList(),
                    context);
            List<StoredSuggestion> stored = ranked.stream().map(s -> {
                MatchIndex.Listed c = byId.get(s.userId());
                return new StoredSuggestion(s.userId(), s.score(), s.commonalities(), c.publicCard(), counterpart,
                        c.card().ackVersion());
            }).toList();
            suggestionDelta += stored.size() - suggestions.store(member.userId(), role, stored,
                    clock.instant().toString());
            onComputation.accept(new Computation(member.userId(), role, candidates.size(), stored.size(),
                    CapacityMeter.stop()));
            if (role == Role.MENTEE || card.hasRoomForAMentee()) {
                int threshold = ranked.size() < limits.topK() ? 0 : ranked.getLast().score();
                entries.addAll(MatchIndex.entriesFor(card, publicCard, current.get(role),
                        new MatchIndex.TopK(threshold, ranked.size(), current.get(counterpart))));
                listed.add(card);
            }
        }
        stats.add(Map.of("suggestions.stored", suggestionDelta));
        return index.replace(member.userId(), entries);
    }

    private void erase(String userId) {
        int removed = 0;
        for (Role role : Role.values()) {
            removed += suggestions.delete(userId, role);
        }
        stats.add(Map.of("suggestions.stored", -removed));
        index.replace(userId, List.of());
    }
}
