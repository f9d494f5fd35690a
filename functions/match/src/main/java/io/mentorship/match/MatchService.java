package io.mentorship.match;

import io.mentorship.aws.CapacityMeter;
import io.mentorship.events.MatchWork.FriendsChanged;
import io.mentorship.events.MatchWork.GlobalRecompute;
import io.mentorship.events.MatchWork.Patch;
import io.mentorship.events.MatchWork.Recompute;
import io.mentorship.events.MatchWork.ViewersOf;
import io.mentorship.events.ProfileChangePublisher;
import io.mentorship.events.ProfileChanged;
import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.matching.MatchCard;
import io.mentorship.matching.MatchContext;
import io.mentorship.matching.MatchEngine;
import io.mentorship.matching.ScoringCard;
import io.mentorship.matching.StoredSuggestion;
import io.mentorship.matching.Suggestion;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import io.mentorship.profile.Visibility;
import io.mentorship.store.ChangeLog;
import io.mentorship.store.FriendDirectory;
import io.mentorship.store.FriendRepository;
import io.mentorship.store.MatchIndex.Bar;
import io.mentorship.store.MatchIndex.Listed;
import io.mentorship.store.MatchIndex.Listing;
import io.mentorship.store.MatchIndex;
import io.mentorship.store.MemberRepository.Member;
import io.mentorship.store.MemberRepository;
import io.mentorship.store.ProfileRepository;
import io.mentorship.store.RecomputeRepository;
import io.mentorship.store.StatsRepository;
import io.mentorship.store.SuggestionRepository.Stored;
import io.mentorship.store.SuggestionRepository;
import io.mentorship.store.TableLayout;
import io.mentorship.store.WeightsRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Keeps every stored list exactly the top of the whole population. A list is computed from every card of the
 * viewer's topic partitions (no read budget), stored with a buffer beyond K, and from then on patched in place: a
 * change to one member re-evaluates only the pairs it touches (the lists that hold the member, and the lists whose
 * last entry the member could now beat), and a friendship change only the pairs across the changed edge. A list is
 * recomputed from scratch only when a patch cannot be exact (its buffer ran out, or it was computed under other
 * weights or guidelines), and every weight change or guidelines publication recomputes all of them.
 */
public final class MatchService {
    /** How one full computation went, for logs and the benchmark. */
    public record Computation(String userId, Role role, int candidatesRead, int suggestions,
                              CapacityMeter.Reading reading) {
    }

    /**
     * Tuning: K shown, the buffer stored beyond it, and how much work one message carries. None of these can drop
     * a candidate: they only split work.
     */
    public record Limits(int topK, int buffer, int fanOutPage, int recomputeBatch, int patchBatch, int friendsPage,
                         int globalPage, int globalBatch) {
        public static final Limits DEFAULT = new Limits(20, 10, 100, 5, 100, 50, 1000, 20);

        /** These limits with a global recompute's directory page and message size at their defaults. */
        public Limits(int topK, int buffer, int fanOutPage, int recomputeBatch, int patchBatch, int friendsPage) {
            this(topK, buffer, fanOutPage, recomputeBatch, patchBatch, friendsPage, 1000, 20);
        }

        int capacity() {
            return topK + buffer;
        }
    }

    /** Clocks of different functions may differ this much; a list counts as fresh only beyond it. */
    private static final Duration CLOCK_MARGIN = Duration.ofSeconds(1);
    private static final int WRITE_ATTEMPTS = 8;

    private final MemberRepository members;
    private final ProfileRepository profiles;
    private final FriendRepository friends;
    private final FriendDirectory directory;
    private final GuidelinesRepository guidelines;
    private final WeightsRepository weights;
    private final MatchIndex index;
    private final SuggestionRepository suggestions;
    private final StatsRepository stats;
    private final RecomputeRepository recomputes;
    private final ChangeLog changeLog;
    private final ProfileChangePublisher work;
    private final Clock clock;
    private final Limits limits;
    private final PartitionCache partitions;
    private Consumer<Computation> onComputation = c -> { };

    public MatchService(MemberRepository members, ProfileRepository profiles, FriendRepository friends,
                        GuidelinesRepository guidelines, WeightsRepository weights, MatchIndex index,
                        SuggestionRepository suggestions, StatsRepository stats, RecomputeRepository recomputes,
                        ChangeLog changeLog, ProfileChangePublisher work, Clock clock, Limits limits) {
        this.members = members;
        this.profiles = profiles;
        this.friends = friends;
        this.directory = new FriendDirectory(friends, profiles);
        this.guidelines = guidelines;
        this.weights = weights;
        this.index = index;
        this.suggestions = suggestions;
        this.stats = stats;
        this.recomputes = recomputes;
        this.changeLog = changeLog;
        this.work = work;
        this.clock = clock;
        this.limits = limits;
        this.partitions = new PartitionCache(index, changeLog, clock);
    }

    public MatchService onComputation(Consumer<Computation> listener) {
        this.onComputation = listener;
        return this;
    }

    /** What every computation of one message is measured against, read once before anything else. */
    private record State(Instant startedAt, Map<Role, Integer> guidelines, WeightsRepository.Versioned weights,
                         MatchEngine ranking, MatchEngine pair, MatchContext plain) {
        int version(Role role) {
            return guidelines.get(role);
        }
    }

    /**
     * For SnapStart: reads a member who does not exist and ranks two made-up cards, which loads and warms the
     * DynamoDB client, Jackson and the engine; writes nothing.
     */
    public void prime() {
        members.load("snapstart-priming");
        State state = state();
        io.mentorship.matching.MatchCard mentee = new io.mentorship.matching.MatchCard("priming-mentee", "A",
                Role.MENTEE, java.util.Set.of("java"), 0, 0, false, java.util.Set.of("en"), java.util.Set.of("chess"),
                io.mentorship.matching.MatchCard.Work.NONE, List.of(), io.mentorship.matching.MatchCard.Place.NONE,
                io.mentorship.matching.MatchCard.Privacy.DEFAULT, true, false, 1);
        io.mentorship.matching.MatchCard mentor = new io.mentorship.matching.MatchCard("priming-mentor", "B",
                Role.MENTOR, java.util.Set.of("java"), 2, 0, true, java.util.Set.of("en"), java.util.Set.of("chess"),
                io.mentorship.matching.MatchCard.Work.NONE, List.of(), io.mentorship.matching.MatchCard.Place.NONE,
                io.mentorship.matching.MatchCard.Privacy.DEFAULT, true, false, 1);
        state.ranking().rank(mentee, List.of(mentor), new io.mentorship.matching.MatchContext(
                Map.of(Role.MENTOR, 1, Role.MENTEE, 1), java.util.Set.of(), java.util.Set.of(),
                ids -> Map.of(), ids -> Map.of()));
    }

    private State state() {
        Instant startedAt = clock.instant();
        // The weights and the current versions of the guidelines, in one read.
        Map<Role, Integer> versions = new EnumMap<>(Role.class);
        WeightsRepository.Versioned w = weights.versionedWith(guidelines.currentKeys(),
                items -> versions.putAll(guidelines.currentVersions(items)));
        // The context of a pair judged without friends or exclusions (couldEnter): built once a message.
        MatchContext plain = new MatchContext(versions, Set.of(), Set.of(), ids -> Map.of(), ids -> Map.of());
        return new State(startedAt, versions, w, new MatchEngine(w.weights(), limits.capacity()),
                new MatchEngine(w.weights(), 1), plain);
    }

    // ---- messages ------------------------------------------------------------------------------------------

    /** As {@link #onProfileChanged(ProfileChanged, Instant)} for a message whose sending time is not known. */
    public boolean onProfileChanged(ProfileChanged change) {
        return onProfileChanged(change, null);
    }

    /**
     * A member changed: recompute their own lists and listing, then patch the lists the change can reach. Returns
     * false when the message was skipped because a finished match already saw the change.
     *
     * <p>Everything here is computed from the member's current state, read at the start, so one match covers
     * every change written before it read. A message is sent only after its change is written; so when the queue
     * accepted it ({@code sentAt}, SQS's {@code SentTimestamp}) before a finished match began reading (less the
     * clock margin), that match saw its change and this one is skipped: a burst of changes to one member costs
     * one match, not one each. A follow-up copy, sent before its change was written, is skipped only when a
     * change stamped at or after it was matched. Only a match that no other match of the member overlapped counts
     * as having seen: when two overlap, the older read may be written last, so the member is matched again.
     */
    public boolean onProfileChanged(ProfileChanged change, Instant sentAt) {
        return onProfileChanged(change, sentAt, new HashMap<>());
    }

    /**
     * As {@link #onProfileChanged(ProfileChanged, Instant)}, within a batch of changes: {@code batch} holds marks
     * read after every change of the batch was sent (read together by {@link #marksOf}). The member's entry, if
     * any, decides instead of a read of its own: any read made after the message was sent may skip it, since a
     * match that began after the send and finished before the read finished before now too. Before matching, the
     * marks are read again, since a match may have finished since. A skip puts the marks back, with its own write,
     * for the member's next change in the batch; a match leaves none, so that change reads them.
     */
    public boolean onProfileChanged(ProfileChanged change, Instant sentAt,
                                    Map<String, MemberRepository.Marks> batch) {
        Instant readFrom = clock.instant().minus(CLOCK_MARGIN);
        // Most changes in a busy program were already seen by a match (see above): decided from two small items.
        MemberRepository.Marks known = batch.remove(change.userId());
        MemberRepository.Marks marks = known != null ? known : members.marks(change.userId());
        if (known != null && !skips(change, sentAt, marks)) {
            marks = members.marks(change.userId());
        }
        if (skips(change, sentAt, marks)) {
            if (!matched(change, marks)) {
                members.markMatched(change.userId(), change.occurredAt());
                marks = new MemberRepository.Marks(change.occurredAt(), marks.seenThrough(), marks.hasProfile());
            }
            batch.put(change.userId(), marks);
            return false;
        }
        Member member = members.load(change.userId());
        State state = state();
        if (member.profile().isEmpty()) {
            return erased(member, change.isFollowUp());
        }
        // What this match starts from: the member's listing as read, unless an earlier match of theirs wrote a
        // listing and stopped before what follows from it was sent (the fan-out to others' lists, the change log,
        // friends' lists quoting their name): then the listing that match began from, so that all of it is sent now
        // (StoppedMatchIT).
        Listing current = member.listing();
        Map<Role, MatchCard> cards = cardsOf(member);
        Set<String> ownKeys = indexKeys(cards, state);
        MemberRepository.Begun begun = members.beginMatch(member.userId(), MatchIndex.asAttribute(current), ownKeys);
        Listing before = MatchIndex.fromAttribute(begun.unfinishedFrom());
        // The index items replaced (those this match does not write are removed): the listing's, the one this match
        // starts from, and any other that a match of the member begun since the last one finished, or refused since,
        // may have written (OverlappingMatchesIT).
        Listing replaced = withKeys(withKeys(current, before.keys()), begun.indexKeys());
        Profile profile = member.profile().get();
        Map<Role, PartitionReads.Cards> read = new EnumMap<>(Role.class);
        Map<Role, Computed> computed = new EnumMap<>(Role.class);
        List<Object> next = new ArrayList<>();
        boolean cardsChanged = !before.cards().equals(cards);
        // Until the listing is written, a patch judges this member by their old cards: one for a friendship begun or
        // ended between a friend of theirs and someone they now share a topic with is skipped, and this match may
        // have ranked that someone with the friend lists of before. So their friends' friend lists are read before
        // ranking and again after the listing is written, and a change in between matches the member once more
        // (FriendshipDuringMatchIT).
        Map<String, Set<String>> friendsOfFriendsBefore = cardsChanged && !member.confirmedFriends().isEmpty()
                ? directory.confirmedFriendsOf(member.confirmedFriends()) : null;
        List<MatchIndex.Entry> entries = new ArrayList<>();
        for (Map.Entry<Role, MatchCard> roleCard : cards.entrySet()) {
            Role role = roleCard.getKey();
            MatchCard card = roleCard.getValue();
            Computed c = recomputeList(member, card, state, read, new PartitionReads(partitions, clock), null, false);
            if (c != null && (role == Role.MENTEE || card.hasRoomForAMentee())) {
                computed.put(role, c);
                entries.addAll(MatchIndex.entriesFor(card, state.version(role), bar(c.list(), state, role),
                        c.written()));
            }
        }
        Listing after = index.replace(member.userId(), replaced, current == Listing.NONE, entries,
                new Listing(cards, Set.of(), profile.displayName(), profile.visibility() == null
                        || profile.visibility().friends() != Visibility.NOBODY));
        laterBars(member.userId(), computed, after, state);
        // A lowered bar is logged now. The cards changed since each list's read are looked for further on, in one
        // query of the change log with the bars lowered since, once this member's own change is logged too.
        Map<Role, Boolean> cardsWanted = new EnumMap<>(Role.class);
        computed.forEach((role, c) -> cardsWanted.put(role, barWritten(member.userId(), c,
                bar(c.list(), state, role),
                entries.stream().filter(e -> e.card().role() == role).map(MatchIndex.Entry::partition).toList())));

        Set<String> viewers = new java.util.TreeSet<>();
        if (cardsChanged) {
            next.add(ViewersOf.of(member.userId(), null));
            // Only a friend of a friend can have a mutual friend with this member: for everyone else the bound
            // is the exact partial score, which keeps the fan-out to the lists the member can really enter.
            Set<String> friendsOfFriends = new HashSet<>();
            if (friendsOfFriendsBefore != null) {
                Map<String, Set<String>> now = directory.confirmedFriendsOf(member.confirmedFriends());
                now.values().forEach(friendsOfFriends::addAll);
                if (!now.equals(friendsOfFriendsBefore)) {
                    io.mentorship.aws.InvocationMetrics.count("FriendshipsChangedDuringMatch");
                    next.add(ProfileChanged.of(change.userId(), ProfileChanged.Change.UPDATED, 0, clock.instant()));
                }
            }
            // The member's card in each role they are listed in (one entry a topic, the same card) against every
            // counterpart read, each card prepared for scoring once.
            for (Role role : computed.keySet()) {
                ScoringCard source = ScoringCard.of(cards.get(role));
                PartitionReads.Cards counterparts = read.get(role);
                for (int i = 0; i < counterparts.listed().size(); i++) {
                    Listed counterpart = counterparts.listed().get(i);
                    if (couldEnter(counterpart, counterparts.prepared().get(i), source, state,
                            friendsOfFriends.contains(counterpart.card().userId()) ? Integer.MAX_VALUE : 0)) {
                        viewers.add(counterpart.card().userId());
                    }
                }
            }
            // Lists whose bar dropped while this member's card changed were not seen above: look for them after
            // logging the change (see ChangeLog). The partitions the member left log it too, for computations
            // that ranked against an older copy of them (see PartitionReads).
            Set<String> logged = new java.util.TreeSet<>();
            entries.forEach(e -> logged.add(e.partition()));
            replaced.keys().forEach(k -> logged.add(TableLayout.indexEntryPartition(k)));
            changeLog.cardChanged(logged, member.userId(), clock.instant());
        }
        computed.forEach((role, c) -> {
            if (cardsWanted.get(role) || cardsChanged) {
                ChangeLog.Since since = changeLog.since(c.read(), c.readAt());
                if (cardsWanted.get(role)) {
                    patchChanged(member.userId(), since.cards(), c.older(), next);
                }
                if (cardsChanged) {
                    viewers.addAll(since.bars());
                }
            }
        });
        if (cardsChanged) {
            viewers.remove(member.userId());
            chunks(List.copyOf(viewers), limits.patchBatch(),
                    chunk -> next.add(Patch.of(chunk, List.of(member.userId()), false)));
        }
        Set<String> touched = new java.util.TreeSet<>(member.confirmedFriends());
        touched.removeAll(member.friendsMatched());
        Set<String> lost = new java.util.TreeSet<>(member.friendsMatched());
        lost.removeAll(member.confirmedFriends());
        touched.addAll(lost);
        if (!touched.isEmpty()) {
            // In pages: a list replaced wholesale can touch thousands of friendships, past a message's size.
            chunks(List.copyOf(touched), limits.friendsPage(),
                    chunk -> next.add(FriendsChanged.of(member.userId(), chunk)));
        }
        boolean neverEdited = profile.version() != null && profile.version() == 1;
        if (!neverEdited
                && (!before.name().equals(after.name()) || before.friendsShown() != after.friendsShown())) {
            // Friends name each other as mutual friends: their lists quote this member's name. Not while the profile
            // was never edited (a first match, say): a list can quote the member only once their profile exists
            // (names are read from it), so every list that quotes them quotes the name and visibility they signed up
            // with. (An erasure removes their friendships, so no list quotes an earlier profile of the same id.)
            chunks(List.copyOf(member.confirmedFriends()), limits.recomputeBatch(),
                    chunk -> next.add(Recompute.of(chunk, state.startedAt())));
        }
        work.publishAll(next);
        if (!touched.isEmpty()) {
            members.recordMatchedFriends(member.userId(), member.confirmedFriends());
            for (String other : touched) {
                members.recordMatchedFriendship(other, member.userId(), member.confirmedFriends().contains(other));
            }
        }
        if (!members.finishMatch(change.userId(), change.occurredAt(), readFrom, begun, after.keys())) {
            // Another match of this member overlapped this one: whichever wrote last may have written older
            // state. Match once more, from now on.
            work.publish(ProfileChanged.of(change.userId(), ProfileChanged.Change.UPDATED, 0, clock.instant()));
        }
        return true;
    }

    /** Whether a finished match already saw the change (see {@link #onProfileChanged(ProfileChanged, Instant)}). */
    private static boolean skips(ProfileChanged change, Instant sentAt, MemberRepository.Marks marks) {
        boolean seen = change.isFollowUp() ? matched(change, marks)
                : sentAt != null && marks.seenThrough() != null && !marks.seenThrough().isBefore(sentAt);
        return seen && marks.hasProfile();
    }

    private static boolean matched(ProfileChanged change, MemberRepository.Marks marks) {
        return marks.matchedThrough() != null && !marks.matchedThrough().isBefore(change.occurredAt());
    }

    /** The marks of the members of a batch of changes, read together (see {@link #onProfileChanged}). */
    public Map<String, MemberRepository.Marks> marksOf(Collection<String> userIds) {
        return userIds.isEmpty() ? Map.of() : members.marks(userIds);
    }

    /**
     * Recomputes members' own lists from scratch, unless they are already newer than the change that asks. The
     * members of one message share their reads of the index (see {@link PartitionReads}).
     */
    public void onRecompute(Recompute recompute) {
        State state = state();
        List<Object> next = new ArrayList<>();
        Instant since = recompute.since();
        // Only a global recompute's members share partition reads: they are grouped by partition, and their lists
        // are rarely fresh. Elsewhere (a handful of friends, say) each reads afresh, so no list needs the checks.
        boolean global = recompute.generation() != null;
        PartitionReads shared = new PartitionReads(partitions, clock);
        // The lists first, then each member: a list is then recomputed from member state no older than the one the
        // list it replaces rests on (see recomputeList).
        List<SuggestionRepository.ListKey> keys = new ArrayList<>();
        recompute.userIds().forEach(id -> keys.add(new SuggestionRepository.ListKey(id, Role.MENTEE)));
        recompute.userIds().forEach(id -> keys.add(new SuggestionRepository.ListKey(id, Role.MENTOR)));
        Map<SuggestionRepository.ListKey, Stored> lists = suggestions.findAll(keys);
        for (String userId : recompute.userIds()) {
            Member member = members.load(userId);
            if (member.profile().isEmpty()) {
                continue;
            }
            for (Role role : Role.values()) {
                MatchCard card = MatchCard.of(member.profile().get(), role, member.acknowledged(role),
                        member.activeMentees());
                if (card == null) {
                    continue;
                }
                Stored list = lists.getOrDefault(new SuggestionRepository.ListKey(userId, role), Stored.NONE);
                if (since == null || !fresh(list, role, since, state)) {
                    recomputeAndBar(member, card, member.listing(), state, next,
                            global ? shared : new PartitionReads(partitions, clock), list);
                } else if (global) {
                    // Fresh, perhaps from an earlier delivery of this message that stopped after writing the list
                    // from a shared copy but before the patches that check it were sent: check it again.
                    patchChangedSince(userId, card.topics().stream().map(t -> MatchIndex.partition(role.counterpart(),
                            state.version(role.counterpart()), t)).toList(), list.computedAt(), true, next);
                }
                // Now, not at the end: a list written from an older copy counts as fresh if the message is
                // delivered again, so the patches that check it must not wait on the rest of the message.
                work.publishAll(next);
                next.clear();
            }
        }
        if (recompute.generation() != null) {
            recomputes.finished(recompute.generation(), recompute.userIds().size(), clock.instant());
        }
    }

    /** One page of the lists that hold a member: each is patched for that member. */
    public void onViewersOf(ViewersOf viewersOf) {
        SuggestionRepository.ViewerPage page = suggestions.viewersOf(viewersOf.userId(), viewersOf.start(),
                limits.fanOutPage());
        List<Object> next = new ArrayList<>();
        chunks(page.userIds(), limits.patchBatch(),
                chunk -> next.add(Patch.of(chunk, List.of(viewersOf.userId()), true)));
        if (page.next() != null) {
            next.add(viewersOf.next(page.next()));
        }
        work.publishAll(next);
        if (viewersOf.clears()) {
            suggestions.deletePointers(viewersOf.userId(), page.pointers());
        }
    }

    /**
     * A page of friendship changes between A and each B. Exactly these pairs changed: (B, A) and (B, each friend of
     * A), whose mutual friends gained or lost A; (each friend of A, B); and (each friend of B, A). All are patched,
     * but B's list is recomputed instead when A has more friends than a page (one read of the partitions is then
     * cheaper than that many pairs).
     */
    public void onFriendsChanged(FriendsChanged change) {
        List<Object> next = new ArrayList<>();
        List<String> page = change.touched().subList(0, Math.min(change.touched().size(), limits.friendsPage()));
        if (page.size() < change.touched().size()) {
            next.add(FriendsChanged.of(change.userId(),
                    change.touched().subList(page.size(), change.touched().size())));
        }
        Set<String> friendsOfA = new LinkedHashSet<>(friends.find(change.userId()).confirmed());
        if (friendsOfA.size() < limits.fanOutPage()) {
            // For each B, only the pairs (B, A) and (B, a friend of A) changed: patch those.
            List<String> sources = new ArrayList<>(friendsOfA);
            sources.add(change.userId());
            chunks(page, limits.patchBatch(), chunk -> next.add(Patch.of(chunk, sources, false)));
        } else {
            Instant since = clock.instant();
            chunks(page, limits.recomputeBatch(), chunk -> next.add(Recompute.of(chunk, since)));
        }
        page.forEach(friendsOfA::remove);
        chunks(List.copyOf(friendsOfA), limits.patchBatch(), chunk -> next.add(Patch.of(chunk, page, false)));
        // (each friend of each B, A), in one set: in a dense graph the Bs' friends overlap (a popular member is a
        // friend of many), and each pair is sent once instead of once for each B it came through.
        Map<String, FriendRepository.FriendList> lists = friends.findAll(page);
        Set<String> friendsOfBs = new LinkedHashSet<>();
        for (String b : page) {
            friendsOfBs.addAll(lists.getOrDefault(b, FriendRepository.FriendList.empty(b)).confirmed());
        }
        friendsOfBs.remove(change.userId());
        chunks(List.copyOf(friendsOfBs), limits.patchBatch(),
                chunk -> next.add(Patch.of(chunk, List.of(change.userId()), false)));
        work.publishAll(next);
    }

    /**
     * Re-evaluates the pairs (viewer, source) of one or more patches and patches each viewer's lists in place, once
     * per viewer however many patches name them.
     */
    public void onPatches(List<Patch> patches) {
        onPatches(patches, () -> true);
    }

    /** Viewers whose lists one round of a batch of patches reads and writes together. */
    public static final int PATCH_ROUND = 100;

    /**
     * As {@link #onPatches(List)}, a round of {@link #PATCH_ROUND} viewers at a time while {@code timeLeft} says a
     * round may start; the viewers not reached are queued again with their sources, as patches of their own.
     */
    public void onPatches(List<Patch> patches, java.util.function.BooleanSupplier timeLeft) {
        Map<String, Set<String>> sourcesOf = new java.util.LinkedHashMap<>();
        Set<String> heldPairs = new HashSet<>();
        for (Patch patch : patches) {
            for (String viewerId : patch.viewers()) {
                Set<String> sources = sourcesOf.computeIfAbsent(viewerId, v -> new LinkedHashSet<>());
                for (String source : patch.sources()) {
                    if (!source.equals(viewerId)) {
                        sources.add(source);
                        if (patch.held()) {
                            heldPairs.add(viewerId + "|" + source);
                        }
                    }
                }
            }
        }
        List<String> viewerIds = List.copyOf(sourcesOf.keySet());
        PatchBatch batch = new PatchBatch();
        List<Object> next = new ArrayList<>();
        try {
            for (int from = 0; from < viewerIds.size(); from += PATCH_ROUND) {
                List<String> round = viewerIds.subList(from, Math.min(viewerIds.size(), from + PATCH_ROUND));
                if (from > 0 && !timeLeft.getAsBoolean()) {
                    requeuePatches(patches, viewerIds.subList(from, viewerIds.size()), sourcesOf, heldPairs, next);
                    break;
                }
                // Each round reads the weights, guidelines and listings afresh: it may start seconds after the first.
                // And friend lists and names, after its lists: a list must not be patched from older ones than
                // those it was written from.
                batch.forgetReads();
                Set<String> lost = patchRound(round, sourcesOf, heldPairs, listingsFor(round, sourcesOf), state(),
                        batch, next, false);
                if (!lost.isEmpty()) {
                    // Lists another writer changed since the round read them: patched again together, in a round of
                    // their own that reads everything again (what the lists were written from is newer).
                    batch.forgetReads();
                    List<String> again = List.copyOf(lost);
                    patchRound(again, sourcesOf, heldPairs, listingsFor(again, sourcesOf), state(), batch, next,
                            true);
                }
            }
        } finally {
            // Counted once a batch, not once a list: what was stored before a failure is counted too.
            stats.add(Map.of("suggestions.stored", batch.stored));
        }
        work.publishAll(next);
    }

    private Map<String, Listing> listingsFor(List<String> viewerIds, Map<String, Set<String>> sourcesOf) {
        Set<String> wanted = new LinkedHashSet<>(viewerIds);
        viewerIds.forEach(v -> wanted.addAll(sourcesOf.get(v)));
        return index.listings(wanted);
    }

    /**
     * Patches the lists of a round of viewers. Returns the viewers whose write lost to another writer, unless
     * {@code last}: then each such list is read again and patched alone.
     */
    private Set<String> patchRound(List<String> viewerIds, Map<String, Set<String>> sourcesOf,
                                   Set<String> heldPairs, Map<String, Listing> listings, State state,
                                   PatchBatch batch, List<Object> next, boolean last) {
        // Which of each viewer's lists the patches reach, with the sources relevant to each: read together.
        Map<SuggestionRepository.ListKey, List<String>> reached = new java.util.LinkedHashMap<>();
        Map<String, List<String>> unlisted = new java.util.LinkedHashMap<>();
        for (String viewerId : viewerIds) {
            Listing listing = listings.get(viewerId);
            if (listing == null) {
                List<String> held = sourcesOf.get(viewerId).stream()
                        .filter(s -> heldPairs.contains(viewerId + "|" + s)).toList();
                if (!held.isEmpty()) {
                    unlisted.put(viewerId, held);
                }
            }
            for (Role role : listing == null ? new Role[0] : Role.values()) {
                MatchCard listed = listing.card(role);
                if (listed == null || listed.ackVersion() < state.version(role)) {
                    continue;
                }
                List<String> sources = sourcesOf.get(viewerId).stream()
                        .filter(s -> heldPairs.contains(viewerId + "|" + s) || relevant(listed, listings.get(s)))
                        .toList();
                if (!sources.isEmpty()) {
                    reached.put(new SuggestionRepository.ListKey(viewerId, role), sources);
                }
            }
        }
        // The lists first: a patch that cannot change one (a bar in the index is raised lazily, so many cannot)
        // then costs a share of one batched read, not the viewer's whole record.
        Map<SuggestionRepository.ListKey, Stored> lists = suggestions.findAll(reached.keySet());
        io.mentorship.aws.InvocationMetrics.put("PatchListsRead", reached.size(), Unit.COUNT);
        forgetErasedViewers(unlisted);
        return patchReached(reached, lists, listings, state, batch, next, last);
    }

    /**
     * Pointers that a walk of a member's lists found naming a viewer with no listing ({@code held}: the sources they
     * point from, by viewer): those of an erased viewer are deleted (their lists went with them, and so did every
     * pointer a list named; these are what lost list writes left, which nothing else would remove). A viewer not yet
     * listed who has a profile keeps theirs: their first match may be writing their list.
     */
    private void forgetErasedViewers(Map<String, List<String>> held) {
        if (held.isEmpty()) {
            return;
        }
        Map<String, MemberRepository.Marks> marks = members.marks(held.keySet());
        held.forEach((viewerId, sources) -> {
            if (!marks.get(viewerId).hasProfile()) {
                sources.forEach(source -> suggestions.deletePointersOfErasedViewer(source, viewerId));
            }
        });
    }

    /**
     * Patches for viewers a batch did not reach, in as few messages as either of two ways gives, so never more than
     * the batch took: the messages as they came, each cut to the viewers not reached (those with the same sources
     * merged); or each source with the viewers it has still to reach, a hundred a message, sources that reach the
     * same viewers (held or not alike) in one message. The first bounds a batch of friendship fan-outs (many sources,
     * each reaching a few viewers of its own: by source, a message each); the second is fewer for a bulk onboarding
     * (a source a message, reaching viewers that hardly two of them share: by viewer, a message each).
     */
    private void requeuePatches(List<Patch> patches, List<String> viewerIds, Map<String, Set<String>> sourcesOf,
                                Set<String> heldPairs, List<Object> next) {
        io.mentorship.aws.InvocationMetrics.put("PatchViewersRequeued", viewerIds.size(), Unit.COUNT);
        Set<String> unreached = new HashSet<>(viewerIds);
        record Sent(boolean held, List<String> sources) {
        }
        Map<Sent, Set<String>> asTheyCame = new java.util.LinkedHashMap<>();
        for (Patch patch : patches) {
            patch.viewers().stream().filter(unreached::contains).forEach(v -> asTheyCame
                    .computeIfAbsent(new Sent(patch.held(), patch.sources()), k -> new LinkedHashSet<>()).add(v));
        }
        List<Object> cut = new ArrayList<>();
        asTheyCame.forEach((sent, viewers) -> chunks(List.copyOf(viewers), limits.patchBatch(),
                v -> cut.add(Patch.of(v, sent.sources(), sent.held()))));
        record Reach(boolean held, String source) {
        }
        Map<Reach, List<String>> viewersOf = new java.util.LinkedHashMap<>();
        for (String viewerId : viewerIds) {
            for (String source : sourcesOf.get(viewerId)) {
                viewersOf.computeIfAbsent(new Reach(heldPairs.contains(viewerId + "|" + source), source),
                        k -> new ArrayList<>()).add(viewerId);
            }
        }
        record Pairs(boolean held, List<String> viewers) {
        }
        Map<Pairs, List<String>> sourcesOfPairs = new java.util.LinkedHashMap<>();
        viewersOf.forEach((reach, viewers) -> sourcesOfPairs.computeIfAbsent(new Pairs(reach.held(), viewers),
                k -> new ArrayList<>()).add(reach.source()));
        List<Object> bySource = new ArrayList<>();
        sourcesOfPairs.forEach((pairs, sources) -> chunks(pairs.viewers(), limits.patchBatch(), v -> chunks(sources,
                limits.patchBatch(), s -> bySource.add(Patch.of(v, s, pairs.held())))));
        next.addAll(bySource.size() <= cut.size() ? bySource : cut);
    }

    private Set<String> patchReached(Map<SuggestionRepository.ListKey, List<String>> reached,
                                     Map<SuggestionRepository.ListKey, Stored> lists, Map<String, Listing> listings,
                                     State state, PatchBatch batch, List<Object> next, boolean last) {
        Map<String, Member> viewers = new HashMap<>();
        List<PlannedPatch> writes = new ArrayList<>();
        int unchanged = 0;
        // A source is checked against many viewers: each card is prepared for scoring once.
        Map<MatchCard, ScoringCard> prepared = new java.util.IdentityHashMap<>();
        Function<MatchCard, ScoringCard> scoring = c -> prepared.computeIfAbsent(c, ScoringCard::of);
        // Which lists a patch may change, first as if every source could share every friend with the viewer; then,
        // for the lists left, knowing how many friends they can share, so that a source who cannot enter with the
        // mutual friends they have costs no read of the viewer's record.
        Map<SuggestionRepository.ListKey, List<String>> mayChange = new java.util.LinkedHashMap<>();
        Set<String> viewerIds = new HashSet<>();
        Set<String> sourceIds = new HashSet<>();
        for (var entry : reached.entrySet()) {
            Stored list = lists.get(entry.getKey());
            MatchCard listed = listings.get(entry.getKey().viewerId()).card(entry.getKey().role());
            if (list == null || mayChange(listed, list, entry.getValue(), listings, state, s -> Integer.MAX_VALUE,
                    scoring)) {
                mayChange.put(entry.getKey(), entry.getValue());
                viewerIds.add(entry.getKey().viewerId());
                sourceIds.addAll(entry.getValue());
            } else {
                unchanged++;
            }
        }
        java.util.function.BiFunction<String, String, Set<String>> mutual = mutualFriends(viewerIds, sourceIds, batch);
        // The sources' cards again, now that the lists are read: a list may already hold a source's newer card
        // (another patch wrote it after this batch first read the cards), which an older copy must not overwrite.
        Map<String, Listing> current = reread(listings, sourceIds);
        Map<SuggestionRepository.ListKey, List<String>> toPatch = new java.util.LinkedHashMap<>();
        Set<String> mutualIds = new HashSet<>();
        for (var entry : mayChange.entrySet()) {
            String viewerId = entry.getKey().viewerId();
            MatchCard listed = listings.get(viewerId).card(entry.getKey().role());
            Stored list = lists.get(entry.getKey());
            if (list != null && !mayChange(listed, list, entry.getValue(), current, state,
                    source -> mutual.apply(viewerId, source).size(), scoring)) {
                unchanged++;
                continue;
            }
            toPatch.put(entry.getKey(), entry.getValue());
            entry.getValue().forEach(source -> mutualIds.addAll(mutual.apply(viewerId, source)));
        }
        // The names the patched lists will quote, read together instead of a viewer at a time.
        batch.names(mutualIds);
        // A list computed for the card its viewer is listed with says what else it was computed from: it is patched
        // from that, with the viewer's friends as read for the batch, and the viewer is not read (see Basis). The
        // others read their viewer, after the list.
        Map<SuggestionRepository.ListKey, SuggestionRepository.Basis> bases = new HashMap<>();
        toPatch.forEach((key, sources) -> {
            Stored list = lists.get(key);
            SuggestionRepository.Basis basis = list == null ? null
                    : list.basisFor(listings.get(key.viewerId()).card(key.role()));
            if (basis != null) {
                bases.put(key, basis);
            }
        });
        batch.friendsOf(bases.keySet().stream().map(SuggestionRepository.ListKey::viewerId).toList());
        io.mentorship.aws.InvocationMetrics.put("PatchViewersNotRead", bases.size(), Unit.COUNT);
        for (var entry : toPatch.entrySet()) {
            String viewerId = entry.getKey().viewerId();
            Role role = entry.getKey().role();
            Listing listing = listings.get(viewerId);
            MatchCard listed = listing.card(role);
            Stored list = lists.get(entry.getKey());
            SuggestionRepository.Basis basis = bases.get(entry.getKey());
            MatchCard card = listed;
            Set<String> friends;
            Set<String> excluded;
            java.util.function.Supplier<Member> member;
            if (basis != null) {
                friends = batch.friendsOf(List.of(viewerId)).get(viewerId);
                excluded = basis.excluded(clock.instant());
                member = () -> members.loadWithoutListing(viewerId);
            } else {
                // Read after the list: the write is conditional on the list, and must not rest on an older viewer.
                Member viewer = viewers.computeIfAbsent(viewerId, members::loadWithoutListing);
                card = cardOf(viewer, role);
                if (card == null) {
                    continue;
                }
                if (list == null || !card.equals(listed)) {
                    patchList(viewerId, viewer, card, listing, entry.getValue(), current, state, batch, next, list);
                    continue;
                }
                basis = SuggestionRepository.Basis.of(card, viewer.exclusions());
                friends = viewer.confirmedFriends();
                excluded = viewer.excluded(clock.instant());
                member = () -> viewer;
            }
            SuggestionRepository.Write write = patched(viewerId, card, listing, entry.getValue(),
                    scored(viewerId, card, friends, excluded, entry.getValue(), current, state, batch, scoring),
                    current, state, next, list, basis, member);
            if (write != null) {
                writes.add(new PlannedPatch(viewerId, card, entry.getValue(), write));
            }
        }
        io.mentorship.aws.InvocationMetrics.put("PatchListsUnchanged", unchanged, Unit.COUNT);
        // The round's patched lists are written together. A list another writer changed meanwhile is the caller's
        // to patch again, or, in a last round, read again and patched alone.
        Set<SuggestionRepository.Write> lost = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        lost.addAll(suggestions.storeAll(writes.stream().map(PlannedPatch::write).toList()));
        Set<String> lostViewers = new LinkedHashSet<>();
        for (PlannedPatch p : writes) {
            Listing listing = listings.get(p.viewerId());
            if (!lost.contains(p.write())) {
                patchStored(p.write(), listing, state, batch);
            } else if (last) {
                patchList(p.viewerId(), null, p.card(), listing, p.sources(), current, state, batch, next, null);
            } else {
                lostViewers.add(p.viewerId());
            }
        }
        io.mentorship.aws.InvocationMetrics.put("PatchWritesLost", lost.size(), Unit.COUNT);
        return lostViewers;
    }

    /**
     * The friends a viewer and a source have in common, from friend lists read for the batch the cheaper way: the
     * friends of the sources' friends (a newcomer with few friends: a handful of lists), or, when those are more
     * than the viewers, the viewers' own lists. Both answer alike, since a confirmed friendship is on both sides.
     */
    private java.util.function.BiFunction<String, String, Set<String>> mutualFriends(Set<String> viewerIds,
                                                                                    Set<String> sourceIds,
                                                                                    PatchBatch batch) {
        Map<String, Set<String>> ofSources = batch.friendsOf(sourceIds);
        Set<String> theirFriends = new HashSet<>();
        ofSources.values().forEach(theirFriends::addAll);
        if (theirFriends.size() <= viewerIds.size()) {
            Map<String, Set<String>> ofTheirFriends = batch.friendsOf(theirFriends);
            // For each source, each friend of a friend with the friends in between.
            Map<String, Map<String, Set<String>>> between = new HashMap<>();
            ofSources.forEach((source, friends) -> {
                Map<String, Set<String>> byViewer = new HashMap<>();
                friends.forEach(f -> ofTheirFriends.getOrDefault(f, Set.of())
                        .forEach(v -> byViewer.computeIfAbsent(v, x -> new HashSet<>()).add(f)));
                between.put(source, byViewer);
            });
            return (viewer, source) -> between.getOrDefault(source, Map.of()).getOrDefault(viewer, Set.of());
        }
        Map<String, Set<String>> ofViewers = batch.friendsOf(viewerIds);
        return (viewer, source) -> {
            Set<String> common = new HashSet<>(ofViewers.getOrDefault(viewer, Set.of()));
            common.retainAll(ofSources.getOrDefault(source, Set.of()));
            return common;
        };
    }

    /** A patched list, not yet written. */
    private record PlannedPatch(String viewerId, MatchCard card, List<String> sources,
                                SuggestionRepository.Write write) {
    }

    /**
     * The sources' friend lists and friends' names, read once for all the viewers of a round of patches (after their
     * lists); and the suggestions the batch's patches stored, counted once for all.
     */
    private final class PatchBatch {
        private int stored;
        private final Map<String, Set<String>> lists = new HashMap<>();
        private final Map<String, String> names = new HashMap<>();
        private final Set<String> namesAsked = new HashSet<>();

        /** Reads again what is asked from now on: for lists read after what was read so far. */
        void forgetReads() {
            lists.clear();
            names.clear();
            namesAsked.clear();
        }

        Map<String, Set<String>> friendsOf(Collection<String> ids) {
            List<String> missing = ids.stream().filter(id -> !lists.containsKey(id)).toList();
            if (!missing.isEmpty()) {
                Map<String, Set<String>> read = directory.confirmedFriendsOf(missing);
                missing.forEach(id -> lists.put(id, read.getOrDefault(id, Set.of())));
            }
            Map<String, Set<String>> out = new HashMap<>();
            ids.forEach(id -> out.put(id, lists.get(id)));
            return out;
        }

        Map<String, String> names(Collection<String> ids) {
            List<String> missing = ids.stream().filter(id -> !namesAsked.contains(id)).toList();
            if (!missing.isEmpty()) {
                names.putAll(directory.namesShownAsFriends(missing));
                namesAsked.addAll(missing);
            }
            Map<String, String> out = new HashMap<>();
            ids.forEach(id -> {
                if (names.containsKey(id)) {
                    out.put(id, names.get(id));
                }
            });
            return out;
        }
    }

    /** Sends messages again as they were: a batch that ran out of time hands on those it did not reach. */
    public void requeue(List<String> bodies) {
        work.publishAll(bodies.stream().map(b -> io.mentorship.json.Json.read(b,
                com.fasterxml.jackson.databind.JsonNode.class)).toList());
    }

    /** One page of a global recompute: queue the members of one directory page, then the next page. */
    public void onGlobalRecompute(GlobalRecompute page) {
        var progress = recomputes.current();
        String from = RecomputeRepository.cursor(page.shard(), page.start());
        if (progress.isEmpty() || progress.get().generation() != page.generation()
                || !progress.get().cursor().equals(from)) {
            return;
        }
        MatchIndex.DirectoryPage members = index.directory(page.shard(), page.start(), limits.globalPage());
        List<Object> next = new ArrayList<>();
        Instant since = progress.get().startedAt();
        chunks(groupedByTopic(members.userIds()), limits.globalBatch(),
                chunk -> next.add(Recompute.of(chunk, since, page.generation())));
        String to;
        if (members.next() != null) {
            next.add(GlobalRecompute.of(page.generation(), page.shard(), members.next()));
            to = RecomputeRepository.cursor(page.shard(), members.next());
        } else if (page.shard() + 1 < MatchIndex.DIRECTORY_SHARDS) {
            next.add(GlobalRecompute.of(page.generation(), page.shard() + 1, null));
            to = RecomputeRepository.cursor(page.shard() + 1, null);
        } else {
            to = RecomputeRepository.WALK_FINISHED;
        }
        work.publishAll(next);
        recomputes.advance(page.generation(), from, to, members.userIds().size());
    }

    /**
     * A directory page in the order that lets its messages share partition reads: each member placed by the most
     * common, in the page, of the partitions their lists read (the counterpart role's, on each of their topics),
     * the most common first.
     */
    private List<String> groupedByTopic(List<String> userIds) {
        Map<String, Listing> listings = index.listings(userIds);
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Set<String>> readBy = new HashMap<>();
        for (String id : userIds) {
            Set<String> reads = new java.util.TreeSet<>();
            Listing listing = listings.get(id);
            if (listing != null) {
                listing.cards().values().forEach(c -> c.topics()
                        .forEach(t -> reads.add(c.role().counterpart() + "#" + t)));
            }
            readBy.put(id, reads);
            reads.forEach(r -> counts.merge(r, 1, Integer::sum));
        }
        Map<String, String> anchor = new HashMap<>();
        readBy.forEach((id, reads) -> anchor.put(id, reads.stream()
                .max(java.util.Comparator.comparing((String r) -> counts.get(r)).thenComparing(r -> r,
                        java.util.Comparator.reverseOrder()))
                .orElse("")));
        return userIds.stream().sorted(java.util.Comparator
                .comparing((String id) -> -counts.getOrDefault(anchor.get(id), 0))
                .thenComparing(anchor::get).thenComparing(id -> id)).toList();
    }

    // ---- lists ---------------------------------------------------------------------------------------------

    /**
     * Computes a member's list in the card's role from every counterpart sharing a topic, and stores it. Returns
     * it, or null when the member cannot be matched in that role now (the list is then removed).
     *
     * <p>The write is conditional on the list read, so it replaces exactly that list; it must not rest on member
     * state older than the state that list was computed from, or a list from an older profile, friend list or set
     * of exclusions would replace a newer one after the member's own match ran (and nothing would correct it).
     * {@code known} was read before {@code member}; with {@code reread}, each time this method reads the list
     * itself it reads the member again after it. A member's own match does not need to: a change it did not see
     * is matched again by that change's own message (see {@link #onProfileChanged(ProfileChanged, Instant)}).
     */
    private Computed recomputeList(Member member, MatchCard card, State state, Map<Role, PartitionReads.Cards> read,
                                   PartitionReads reads, Stored known, boolean reread) {
        Role role = card.role();
        Role counterpart = role.counterpart();
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            boolean readHere = attempt > 0 || known == null;
            Stored before = readHere ? suggestions.find(member.userId(), role).orElse(Stored.NONE) : known;
            if (reread && readHere) {
                member = members.load(member.userId());
                card = cardOf(member, role);
                if (card == null) {
                    // Erased, or no longer in this role: the change's own match removes the list.
                    return null;
                }
            }
            if (member.acknowledged(role) < state.version(role)) {
                if (before.version() > 0) {
                    stats.add(Map.of("suggestions.stored", -suggestions.delete(member.userId(), role)));
                }
                return null;
            }
            CapacityMeter.start();
            PartitionReads.Cards cards = reads.read(counterpart, state.version(counterpart), card.topics());
            List<Listed> candidates = cards.listed();
            List<Suggestion> ranked = state.ranking().rank(ScoringCard.of(card), cards.prepared(),
                    context(member, state));
            Map<String, MatchCard> byId = new HashMap<>();
            candidates.forEach(c -> byId.put(c.card().userId(), c.card()));
            List<StoredSuggestion> entries = stored(ranked, byId, counterpart);
            Stored after = new Stored(entries, state.startedAt(), before.version(),
                    ranked.size() < limits.capacity(), state.weights().version(), state.version(counterpart),
                    SuggestionRepository.Basis.of(card, member.exclusions()));
            boolean written = suggestions.store(member.userId(), role, before, after);
            onComputation.accept(new Computation(member.userId(), role, candidates.size(),
                    Math.min(limits.topK(), entries.size()), CapacityMeter.stop()));
            if (written) {
                stats.add(Map.of("suggestions.stored", shown(after) - shown(before)));
                read.put(role, cards);
                return new Computed(member, after, bar(before, state, role), cards.readAt(), cards.partitions(),
                        cards.reused());
            }
            reads.refresh(cards.partitions());
        }
        throw new IllegalStateException("suggestions of " + member.userId() + " kept changing; retry later");
    }

    /**
     * Re-evaluates {@code sources} for one viewer's list and patches it: each source leaves the list, and enters
     * again where its new score places it if it still beats everyone outside the list. Falls back to a full
     * recomputation when the list was computed under other weights or guidelines, or when removals left fewer than
     * K entries in a list that does not hold every eligible counterpart.
     */
    private void patchList(String viewerId, Member viewer, MatchCard card, Listing listing, List<String> sources,
                           Map<String, Listing> listings, State state, PatchBatch batch, List<Object> next,
                           Stored known) {
        // {@code known}: read before {@code viewer} (who is read here when there is none); {@code listings}: the
        // sources' cards, read after it.
        Role role = card.role();
        Member now = viewer;
        MatchCard nowCard = card;
        Listing nowListing = listing;
        SuggestionRepository.Basis basis = viewer == null ? null
                : SuggestionRepository.Basis.of(card, viewer.exclusions());
        Map<String, Listing> cards = listings;
        Map<String, Suggestion> scored = null;
        // Friend lists and names for this list: the round's, read after every list of the round, until this list is
        // read again; from then on its own, read after it. The round's stay as they are for the other lists.
        PatchBatch reads = batch;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Stored before;
            if (attempt == 0 && known != null) {
                before = known;
            } else {
                // The list, then the viewer, the sources' cards and friend lists: none older than those of the write
                // this one replaces (see recomputeList). The viewer is not read when the list says what it was
                // computed from, for the card the viewer is listed with (see Basis).
                before = suggestions.find(viewerId, role).orElse(null);
                basis = before == null ? null : before.basisFor(listing.card(role));
                if (basis != null) {
                    now = null;
                    nowCard = listing.card(role);
                    nowListing = listing;
                } else {
                    now = members.load(viewerId);
                    nowCard = cardOf(now, role);
                    nowListing = now.listing();
                    if (nowCard == null) {
                        // Erased, or no longer matched in this role: the change's own match removes the list.
                        return;
                    }
                    basis = SuggestionRepository.Basis.of(nowCard, now.exclusions());
                }
                reads = new PatchBatch();
                cards = reread(listings, sources);
                scored = null;
            }
            Member viewed = now;
            java.util.function.Supplier<Member> member = () -> viewed != null ? viewed
                    : members.loadWithoutListing(viewerId);
            if (!nowCard.equals(nowListing.card(role))) {
                // The viewer changed meanwhile; their own ProfileChanged relists them, this list is simply
                // recomputed.
                recomputeAndBar(member.get(), nowCard, nowListing, state, next);
                return;
            }
            if (scored == null) {
                Set<String> friends = now != null ? now.confirmedFriends()
                        : reads.friendsOf(List.of(viewerId)).get(viewerId);
                Set<String> excluded = now != null ? now.excluded(clock.instant()) : basis.excluded(clock.instant());
                scored = scored(viewerId, nowCard, friends, excluded, sources, cards, state, reads, ScoringCard::of);
            }
            SuggestionRepository.Write write = patched(viewerId, nowCard, nowListing, sources, scored, cards, state,
                    next, before, basis, member);
            if (write == null) {
                return;
            }
            if (suggestions.store(write.viewerId(), write.role(), write.before(), write.after())) {
                patchStored(write, nowListing, state, batch);
                return;
            }
        }
        throw new IllegalStateException("suggestions of " + viewerId + " kept changing; retry later");
    }

    /** {@code listings} with those of {@code ids} read again (an erased member's left out). */
    private Map<String, Listing> reread(Map<String, Listing> listings, Collection<String> ids) {
        if (ids.isEmpty()) {
            return listings;
        }
        Map<String, Listing> out = new HashMap<>(listings);
        ids.forEach(out::remove);
        out.putAll(index.listings(ids));
        return out;
    }

    /** Each source's pair score for the viewer's card, for those who are matched with the viewer at all. */
    private Map<String, Suggestion> scored(String viewerId, MatchCard card, Set<String> friends, Set<String> excluded,
                                           List<String> sources, Map<String, Listing> listings, State state,
                                           PatchBatch batch, Function<MatchCard, ScoringCard> scoring) {
        Role counterpart = card.role().counterpart();
        MatchContext context = new MatchContext(state.guidelines(), friends, excluded, batch::friendsOf,
                batch::names);
        ScoringCard scoringViewer = ScoringCard.of(card);
        // Each source is ranked alone below, and asks for its own friend list: read them together first (no read
        // when the batch has them already).
        batch.friendsOf(sources);
        Map<String, Suggestion> scored = new HashMap<>();
        for (String source : sources) {
            Listing theirs = listings.get(source);
            MatchCard theirCard = theirs == null ? null : theirs.card(counterpart);
            if (theirCard != null) {
                List<Suggestion> one = state.pair().rank(scoringViewer, List.of(scoring.apply(theirCard)), context);
                if (!one.isEmpty()) {
                    scored.put(source, one.getFirst());
                }
            }
        }
        return scored;
    }

    /**
     * The list {@code before} with the sources patched in, as a write to make; or null when there is nothing to
     * write: the patch leaves the list as it is, or the list could not be patched and was recomputed instead.
     */
    private SuggestionRepository.Write patched(String viewerId, MatchCard card, Listing listing, List<String> sources,
                                               Map<String, Suggestion> scored, Map<String, Listing> listings,
                                               State state, List<Object> next, Stored before,
                                               SuggestionRepository.Basis basis,
                                               java.util.function.Supplier<Member> viewer) {
        Role role = card.role();
        Role counterpart = role.counterpart();
        if (before == null || before.weightsVersion() != state.weights().version()
                || before.counterpartVersion() != state.version(counterpart)) {
            // A list newer than the batch's weights or guidelines (they changed while the batch ran) is recomputed
            // under the newer ones, never back under the batch's.
            boolean newer = before != null && (before.weightsVersion() > state.weights().version()
                    || before.counterpartVersion() > state.version(counterpart));
            recomputeAndBar(viewer.get(), card, listing, newer ? state() : state, next);
            return null;
        }
        List<StoredSuggestion> entries = new ArrayList<>(before.suggestions());
        entries.removeIf(s -> sources.contains(s.userId()));
        StoredSuggestion floor = before.suggestions().isEmpty() ? null : before.suggestions().getLast();
        boolean complete = before.complete();
        List<Suggestion> entering = new ArrayList<>();
        for (Suggestion s : scored.values()) {
            if (complete || (floor != null
                    && MatchEngine.compare(s.exactScore(), s.userId(), floor.exactScore(), floor.userId()) <= 0)) {
                entering.add(s);
            }
        }
        Map<String, MatchCard> cards = new HashMap<>();
        entering.forEach(s -> cards.put(s.userId(), listings.get(s.userId()).card(counterpart)));
        entries.addAll(stored(entering, cards, counterpart));
        entries.sort((a, b) -> MatchEngine.compare(a.exactScore(), a.userId(), b.exactScore(), b.userId()));
        while (entries.size() > limits.capacity()) {
            entries.removeLast();
            complete = false;
        }
        if (!complete && entries.size() < limits.topK()) {
            recomputeAndBar(viewer.get(), card, listing, state, next);
            return null;
        }
        Stored after = new Stored(entries, before.computedAt(), before.version(), complete,
                before.weightsVersion(), before.counterpartVersion(), basis);
        if (after.suggestions().equals(before.suggestions()) && complete == before.complete()) {
            return null;
        }
        return new SuggestionRepository.Write(viewerId, role, before, after);
    }

    /** After a patched list was stored: counted, and its bar in the index lowered if it now admits more. */
    private void patchStored(SuggestionRepository.Write write, Listing listing, State state, PatchBatch batch) {
        io.mentorship.aws.InvocationMetrics.count("ListsPatched");
        batch.stored += shown(write.after()) - shown(write.before());
        Bar old = bar(write.before(), state, write.role());
        Bar now = bar(write.after(), state, write.role());
        if (now.admitsMoreThan(old)) {
            // A bar that admits too much only costs a spare patch; one that admits too little loses one. Logged,
            // like a full computation's, for the copies of the partitions that functions keep (PartitionCache).
            index.updateBar(write.viewerId(), listing, write.role(), now, write.before().version() + 1);
            changeLog.barLowered(listing.partitions(write.role()), write.viewerId(), clock.instant());
        }
    }

    /**
     * Whether patching {@code sources} into the viewer's stored list could change it: the list holds one of them, or
     * one of them could rank above its last entry with as many mutual friends as {@code mutualAtMost} allows, or the
     * list is out of date or holds every eligible counterpart. When not, the patch would leave the list as it is.
     * {@code listed}: the viewer's card as listed; if the viewer changed since, their own pending match recomputes
     * the list anyway.
     */
    private boolean mayChange(MatchCard listed, Stored list, List<String> sources, Map<String, Listing> listings,
                              State state, java.util.function.ToIntFunction<String> mutualAtMost,
                              Function<MatchCard, ScoringCard> scoring) {
        Role counterpart = listed.role().counterpart();
        Listed asListed = new Listed(listed, bar(list, state, listed.role()));
        for (String source : sources) {
            if (list.suggestions().stream().anyMatch(s -> s.userId().equals(source))) {
                return true;
            }
            Listing theirs = listings.get(source);
            MatchCard card = theirs == null ? null : theirs.card(counterpart);
            if (card != null && couldEnter(asListed, scoring.apply(listed), scoring.apply(card), state,
                    mutualAtMost.applyAsInt(source))) {
                return true;
            }
        }
        return false;
    }

    private void recomputeAndBar(Member viewer, MatchCard card, Listing listing, State state, List<Object> next) {
        recomputeAndBar(viewer, card, listing, state, next, new PartitionReads(partitions, clock), null);
    }

    private void recomputeAndBar(Member viewer, MatchCard card, Listing listing, State state, List<Object> next,
                                 PartitionReads reads, Stored known) {
        Computed c = recomputeList(viewer, card, state, new EnumMap<>(Role.class), reads, known, true);
        if (c != null) {
            // The member's listing as read with them, when they were read again.
            Listing current = c.member() == viewer ? listing : c.member().listing();
            Bar now = bar(c.list(), state, card.role());
            index.updateBar(viewer.userId(), current, card.role(), now, c.written());
            afterBarWritten(viewer.userId(), c, now, current.partitions(card.role()), next);
        }
    }

    /**
     * A full computation: the member as read for it, the list stored, the bar before it, which partitions it read
     * from when, and whether those cards were read before the list was (a copy shared with other computations).
     */
    private record Computed(Member member, Stored list, Bar before, Instant readAt, List<String> read,
                            boolean older) {
        /** The version the list was stored at ({@code list} holds the version it replaced). */
        long written() {
            return list.version() + 1;
        }
    }

    /**
     * After a full computation wrote a bar that lets in more than before: log it where the bar lives, then patch in
     * any card that changed after this computation read the cards, whose owner may have judged by the older bar.
     * A computation from cards read before its list patches them in too: a change between the two reads may have
     * been patched into the list it replaced.
     */
    private void afterBarWritten(String viewerId, Computed c, Bar now, List<String> barPartitions,
                                 List<Object> next) {
        if (barWritten(viewerId, c, now, barPartitions)) {
            patchChangedSince(viewerId, c.read(), c.readAt(), c.older(), next);
        }
    }

    /**
     * The first half of {@link #afterBarWritten}: logs a lowered bar, and says whether the cards changed since the
     * computation read them must be patched in (the second half, which may run later, never earlier).
     */
    private boolean barWritten(String viewerId, Computed c, Bar now, List<String> barPartitions) {
        boolean lowered = !barPartitions.isEmpty() && now.admitsMoreThan(c.before());
        if (lowered) {
            changeLog.barLowered(barPartitions, viewerId, clock.instant());
        }
        return lowered || c.older();
    }

    /** Queues patches of the viewer's lists for every card changed in {@code partitions} since {@code since}. */
    private void patchChangedSince(String viewerId, List<String> partitions, Instant since, boolean held,
                                   List<Object> next) {
        patchChanged(viewerId, changeLog.cardsChangedSince(partitions, since), held, next);
    }

    /**
     * Queues patches of the viewer's lists for these changed cards. From an older copy, the list may hold a member
     * who has since left the partition: a held patch takes them out even when they no longer share a topic with the
     * viewer.
     */
    private void patchChanged(String viewerId, Set<String> cards, boolean held, List<Object> next) {
        Set<String> changed = new java.util.TreeSet<>(cards);
        changed.remove(viewerId);
        chunks(List.copyOf(changed), limits.patchBatch(),
                chunk -> next.add(Patch.of(List.of(viewerId), chunk, held)));
    }

    private static List<StoredSuggestion> stored(List<Suggestion> ranked, Map<String, MatchCard> cards,
                                                 Role counterpart) {
        List<StoredSuggestion> out = new ArrayList<>();
        for (Suggestion s : ranked) {
            out.add(new StoredSuggestion(s.userId(), s.score(), s.commonalities(), counterpart,
                    cards.get(s.userId()).ackVersion(), s.exactScore()));
        }
        return out;
    }

    private MatchContext context(Member member, State state) {
        return new MatchContext(state.guidelines(), member.confirmedFriends(), member.excluded(clock.instant()),
                new MutualFriends(member.confirmedFriends()), directory::namesShownAsFriends);
    }

    /**
     * Friend lists for mutual friends, read the cheaper way: candidates' own lists while few are asked for, or
     * once more are asked for than the viewer has friends, the viewer's friends' lists, inverted. The two agree
     * because a confirmed friendship is recorded on both sides.
     */
    private final class MutualFriends implements Function<Collection<String>, Map<String, Set<String>>> {
        private final Set<String> viewerFriends;
        private Map<String, Set<String>> byCandidate;
        private int asked;

        MutualFriends(Set<String> viewerFriends) {
            this.viewerFriends = viewerFriends;
        }

        @Override
        public Map<String, Set<String>> apply(Collection<String> ids) {
            asked += ids.size();
            if (byCandidate == null && asked > viewerFriends.size()) {
                byCandidate = new HashMap<>();
                directory.confirmedFriendsOf(viewerFriends).forEach((friend, theirs) -> theirs.forEach(
                        c -> byCandidate.computeIfAbsent(c, x -> new HashSet<>()).add(friend)));
            }
            if (byCandidate == null) {
                return directory.confirmedFriendsOf(ids);
            }
            Map<String, Set<String>> out = new HashMap<>();
            ids.forEach(id -> out.put(id, byCandidate.getOrDefault(id, Set.of())));
            return out;
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /**
     * Whether {@code source} could enter the list behind {@code viewer}'s bar ({@code viewerCard}: its card) with at
     * most {@code mutualAtMost} mutual friends.
     */
    private boolean couldEnter(Listed viewer, ScoringCard viewerCard, ScoringCard source, State state,
                               int mutualAtMost) {
        Role viewerRole = viewer.card().role();
        return MatchEngine.passesHardFilters(viewerCard, source, state.plain())
                && viewer.bar().admits(state.ranking().bestPossibleScore(viewerCard, source, mutualAtMost),
                source.userId(), state.version(viewerRole.counterpart()), state.weights().version());
    }

    /** The member's card in a role, or null when erased or not matched in that role. */
    private static MatchCard cardOf(Member member, Role role) {
        return member.profile().map(p -> MatchCard.of(p, role, member.acknowledged(role), member.activeMentees()))
                .orElse(null);
    }

    /** Whether a source could be a counterpart of the viewer's card at all: a card of the other role on a topic. */
    private static boolean relevant(MatchCard viewer, Listing source) {
        if (source == null) {
            return false;
        }
        MatchCard theirs = source.card(viewer.role().counterpart());
        return theirs != null && theirs.topics().stream().anyMatch(viewer.topics()::contains);
    }

    private boolean fresh(Stored list, Role role, Instant since, State state) {
        return list.computedAt() != null
                && list.computedAt().isAfter(since.plus(CLOCK_MARGIN))
                && list.weightsVersion() == state.weights().version()
                && list.counterpartVersion() == state.version(role.counterpart());
    }

    private Bar bar(Stored list, State state, Role role) {
        List<StoredSuggestion> entries = list.suggestions();
        StoredSuggestion last = entries.isEmpty() ? null : entries.getLast();
        return new Bar(entries.size(), last == null ? 0 : last.exactScore(), last == null ? "" : last.userId(),
                list.complete(), list.counterpartVersion(), list.weightsVersion());
    }

    private int shown(Stored list) {
        return Math.min(limits.topK(), list.suggestions().size());
    }

    /**
     * Removes an erased member from matching: their lists, their index entries and listing, and matching's marks.
     * A match of theirs that read before the erasure may still write after it; the erasure's follow-up, delayed
     * past the erasing request's and that match's timeouts together, runs this again and clears what it wrote.
     */
    private void erase(Member member) {
        for (Role role : Role.values()) {
            stats.add(Map.of("suggestions.stored", -Math.min(limits.topK(),
                    suggestions.delete(member.userId(), role))));
        }
        // With the items a match of theirs may have written that their listing does not name.
        Listing listed = withKeys(member.listing(), member.indexKeys());
        index.remove(member.userId(), listed);
        if (!listed.keys().isEmpty()) {
            // For computations ranking against an older copy of those partitions (see PartitionReads).
            changeLog.cardChanged(listed.keys().stream().map(TableLayout::indexEntryPartition).toList(),
                    member.userId(), clock.instant());
        }
        members.forget(member.userId());
    }

    /** {@code listing} with the index items {@code keys} too (itself when it has them all). */
    private static Listing withKeys(Listing listing, Set<String> keys) {
        if (listing.keys().containsAll(keys)) {
            return listing;
        }
        Set<String> all = new HashSet<>(listing.keys());
        all.addAll(keys);
        return new Listing(listing.cards(), all, listing.name(), listing.friendsShown());
    }

    /** The member's card in each role they take now (acknowledged or not). */
    private static Map<Role, MatchCard> cardsOf(Member member) {
        Profile profile = member.profile().orElseThrow();
        Map<Role, MatchCard> cards = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            MatchCard card = MatchCard.of(profile, role, member.acknowledged(role), member.activeMentees());
            if (card != null) {
                cards.put(role, card);
            }
        }
        return cards;
    }

    /** Every index item a match may put for these cards (see {@link MemberRepository#beginMatch}). */
    private static Set<String> indexKeys(Map<Role, MatchCard> cards, State state) {
        Set<String> keys = new HashSet<>();
        cards.forEach((role, card) -> keys.addAll(MatchIndex.keysFor(card, state.version(role))));
        return keys;
    }

    /**
     * An erased member taken out of matching, and the lists that hold them patched (they go from each); on the
     * erasure's follow-up, the pointers to them that are left go too (see {@link ViewersOf}).
     */
    private boolean erased(Member member, boolean followUp) {
        erase(member);
        work.publishAll(List.of(ViewersOf.of(member.userId(), null, followUp)));
        return true;
    }

    /**
     * After a member's own match put their index entries: the bar of any list of theirs written since (a patch, by
     * another instance, between the list's write and the entries'), which the entries may have just overwritten with
     * the bar of the list before it. Put back, unless a later one is there already (see
     * {@link MatchIndex#updateBar}); a patch that writes the list after this read puts its own bar after these
     * entries. Without it, a lowered bar could be raised again, and a counterpart who scores between the two would
     * never be sent to the list (BarRaceIT).
     */
    private void laterBars(String userId, Map<Role, Computed> computed, Listing written, State state) {
        if (computed.isEmpty()) {
            return;
        }
        Map<SuggestionRepository.ListKey, Stored> now = suggestions.findAll(computed.keySet().stream()
                .map(role -> new SuggestionRepository.ListKey(userId, role)).toList());
        computed.forEach((role, c) -> {
            Stored list = now.get(new SuggestionRepository.ListKey(userId, role));
            if (list != null && list.version() > c.written()) {
                index.updateBar(userId, written, role, bar(list, state, role), list.version());
            }
        });
    }

    private static <T> void chunks(List<T> all, int size, Consumer<List<T>> each) {
        for (int from = 0; from < all.size(); from += size) {
            each.accept(List.copyOf(all.subList(from, Math.min(all.size(), from + size))));
        }
    }
}
