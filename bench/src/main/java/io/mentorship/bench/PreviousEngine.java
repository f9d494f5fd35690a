package io.mentorship.bench;

import io.mentorship.matching.Commonality;
import io.mentorship.matching.Criterion;
import io.mentorship.matching.Geo;
import io.mentorship.matching.MatchCard;
import io.mentorship.matching.MatchContext;
import io.mentorship.matching.Suggestion;
import io.mentorship.matching.Weights;

import io.mentorship.matching.Commonality.Type;
import io.mentorship.matching.MatchCard.Place;
import io.mentorship.matching.MatchCard.School;
import io.mentorship.matching.MatchCard.Work;
import io.mentorship.profile.Visibility;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Ranks counterparts for one member: hard filters, a weighted 0-100 score, and the points in common that explain
 * it. Pure and deterministic: equal inputs give equal output, ties broken by member id.
 *
 * <p>A criterion counts only where both members let that category be seen, so a score never rests on something
 * the explanation may not show. Mutual friends are the one criterion that needs more reads (each candidate's
 * friend list); candidates are first ranked without it, and friend lists are fetched best-first only until no
 * remaining candidate could still enter the top K.
 */
/**
 * The engine as it was before cards were prepared and packed (commit 3120a05), kept only so that the benchmark
 * measures before and after in one run. Not used by the service.
 */
public final class PreviousEngine {
    /** Two members who both insist on meeting in person must be this close. */
    private static final double IN_PERSON_KM = 50;
    private static final int FRIEND_BATCH = 25;

    private final Weights weights;
    private final int topK;

    public PreviousEngine(Weights weights, int topK) {
        this.weights = weights;
        this.topK = topK;
    }

    private record Scored(MatchCard card, double partial, double full, Set<String> mutual) {
    }

    private static final Comparator<Scored> BEST_PARTIAL_FIRST = Comparator
            .comparingDouble((Scored s) -> -s.partial())
            .thenComparing(s -> s.card().userId());

    private static final Comparator<Scored> BEST_FIRST = Comparator
            .comparingLong((Scored s) -> -Math.round(s.full()))
            .thenComparingDouble(s -> -s.full())
            .thenComparing(s -> s.card().userId());

    /** The top K suggestions for {@code viewer} among {@code candidates}. */
    public List<Suggestion> rank(MatchCard viewer, Collection<MatchCard> candidates, MatchContext context) {
        if (!acknowledged(viewer, context)) {
            return List.of();
        }
        List<Scored> eligible = new ArrayList<>();
        for (MatchCard candidate : candidates) {
            if (passesHardFilters(viewer, candidate, context)) {
                double partial = partialScore(viewer, candidate);
                eligible.add(new Scored(candidate, partial, partial, Set.of()));
            }
        }
        eligible.sort(BEST_PARTIAL_FIRST);

        boolean friendsKnown = friendsUsable(viewer) && !context.viewerFriends().isEmpty();
        boolean friendsScored = friendsKnown && weights.of(Criterion.FRIENDS) > 0 && !viewer.outsideMyCircle();
        List<Scored> best;
        if (friendsScored) {
            best = withMutualFriends(eligible, context);
        } else {
            best = eligible.subList(0, Math.min(topK, eligible.size()));
            if (friendsKnown) {
                // Not scored, yet still a true point in common worth showing.
                best = withMutual(best, context);
            }
        }
        Set<String> mutualIds = new TreeSet<>();
        best.forEach(s -> mutualIds.addAll(s.mutual()));
        Map<String, String> names = mutualIds.isEmpty() ? Map.of() : context.shownNames().apply(mutualIds);
        List<Suggestion> out = new ArrayList<>();
        for (Scored s : best) {
            out.add(new Suggestion(s.card().userId(), (int) Math.round(s.full()),
                    commonalities(viewer, s.card(), s.mutual(), names)));
        }
        return out;
    }

    /** Whether {@code card}'s owner acknowledged the current guidelines of the card's role. */
    public static boolean acknowledged(MatchCard card, MatchContext context) {
        int current = context.currentGuidelines().getOrDefault(card.role(), 1);
        return card.ackVersion() >= current;
    }

    /** Every hard filter of the product, for {@code viewer} meeting {@code candidate}. */
    public static boolean passesHardFilters(MatchCard viewer, MatchCard candidate, MatchContext context) {
        if (candidate.userId().equals(viewer.userId()) || candidate.role() != viewer.role().counterpart()) {
            return false;
        }
        if (context.excluded().contains(candidate.userId()) || !acknowledged(candidate, context)) {
            return false;
        }
        MatchCard mentor = viewer.isMentor() ? viewer : candidate;
        MatchCard mentee = viewer.isMentor() ? candidate : viewer;
        if (!mentor.hasRoomForAMentee() || !intersects(mentor.topics(), mentee.topics())
                || !intersects(viewer.languages(), candidate.languages())) {
            return false;
        }
        if ((viewer.outsideMyCircle() || candidate.outsideMyCircle())
                && context.viewerFriends().contains(candidate.userId())) {
            return false;
        }
        if (!viewer.remoteOk() || !candidate.remoteOk()) {
            return meetInPerson(viewer.place(), candidate.place());
        }
        return true;
    }

    /** The highest score {@code candidate} could have for {@code viewer}: every mutual friend counted in full. */
    public double bestPossibleScore(MatchCard viewer, MatchCard candidate) {
        return partialScore(viewer, candidate) + 100.0 * weights.of(Criterion.FRIENDS) / weights.total();
    }

    /** The score before mutual friends, on the 0-100 scale. */
    double partialScore(MatchCard viewer, MatchCard candidate) {
        MatchCard mentor = viewer.isMentor() ? viewer : candidate;
        MatchCard mentee = viewer.isMentor() ? candidate : viewer;
        double sum = 0;
        sum += weights.of(Criterion.TOPICS) * (double) count(mentor.topics(), mentee.topics())
                / Math.max(1, mentee.topics().size());
        sum += weights.of(Criterion.INTERESTS) * Math.min(1.0, count(viewer.interests(), candidate.interests()) / 3.0);
        sum += weights.of(Criterion.LANGUAGES) * Math.min(1.0, count(viewer.languages(), candidate.languages()) / 2.0);
        if (shown(viewer.privacy().profession(), candidate.privacy().profession())) {
            sum += weights.of(Criterion.PROFESSION) * profession(viewer.work(), candidate.work());
            sum += weights.of(Criterion.EXPERIENCE) * experience(mentor.work(), mentee.work());
        }
        if (shown(viewer.privacy().education(), candidate.privacy().education())) {
            sum += weights.of(Criterion.EDUCATION) * education(viewer.schools(), candidate.schools());
        }
        if (shown(viewer.privacy().location(), candidate.privacy().location())) {
            sum += weights.of(Criterion.LOCATION) * location(viewer.place(), candidate.place());
        }
        return 100.0 * sum / weights.total();
    }

    /** Adds mutual friends best-first, stopping once no remaining candidate can still reach the top K. */
    private List<Scored> withMutualFriends(List<Scored> eligible, MatchContext context) {
        double friendsMax = 100.0 * weights.of(Criterion.FRIENDS) / weights.total();
        PriorityQueue<Scored> top = new PriorityQueue<>(BEST_FIRST.reversed());
        int next = 0;
        while (next < eligible.size()) {
            if (top.size() == topK && top.peek().full() >= eligible.get(next).partial() + friendsMax) {
                break;
            }
            List<Scored> batch = eligible.subList(next, Math.min(eligible.size(), next + FRIEND_BATCH));
            next += batch.size();
            for (Scored s : withMutual(batch, context)) {
                top.add(new Scored(s.card(), s.partial(),
                        s.partial() + friendsMax * Math.min(1.0, s.mutual().size() / 3.0), s.mutual()));
                if (top.size() > topK) {
                    top.poll();
                }
            }
        }
        List<Scored> out = new ArrayList<>(top);
        out.sort(BEST_FIRST);
        return out;
    }

    /** The same candidates with their mutual friends (confirmed friends of both), where both allow it. */
    private static List<Scored> withMutual(List<Scored> scored, MatchContext context) {
        Map<String, Set<String>> lists = context.friendsOf().apply(scored.stream()
                .filter(s -> friendsUsable(s.card())).map(s -> s.card().userId()).toList());
        List<Scored> out = new ArrayList<>(scored.size());
        for (Scored s : scored) {
            Set<String> mutual = new TreeSet<>(lists.getOrDefault(s.card().userId(), Set.of()));
            mutual.retainAll(context.viewerFriends());
            out.add(new Scored(s.card(), s.partial(), s.full(), mutual));
        }
        return out;
    }

    private static boolean friendsUsable(MatchCard card) {
        return card.privacy().friends() != Visibility.NOBODY;
    }

    static boolean shown(Visibility a, Visibility b) {
        return a != Visibility.NOBODY && b != Visibility.NOBODY;
    }

    private static double profession(Work a, Work b) {
        double s = 0;
        if (same(a.field(), b.field())) {
            s += 0.5;
        }
        if (same(a.industry(), b.industry())) {
            s += 0.3;
        }
        if (same(a.employer(), b.employer())) {
            s += 0.2;
        }
        return s;
    }

    /** A mentor a few to fifteen years ahead is the most useful; behind or level is no help. */
    static double experience(Work mentor, Work mentee) {
        if (mentor.yearsExperience() == null || mentee.yearsExperience() == null) {
            return 0;
        }
        int gap = mentor.yearsExperience() - mentee.yearsExperience();
        if (gap <= 0) {
            return 0;
        }
        if (gap <= 2) {
            return 0.5;
        }
        if (gap <= 15) {
            return 1;
        }
        return Math.max(0.3, 1 - (gap - 15) / 20.0);
    }

    private static double education(List<School> a, List<School> b) {
        boolean school = false;
        boolean field = false;
        for (School x : a) {
            for (School y : b) {
                school |= same(x.school(), y.school());
                field |= same(x.field(), y.field());
            }
        }
        return (school ? 0.7 : 0) + (field ? 0.3 : 0);
    }

    private static double location(Place a, Place b) {
        if (sameCountry(a, b) && same(a.city(), b.city())) {
            return 1;
        }
        double byDistance = 0;
        if (a.hasCoordinates() && b.hasCoordinates()) {
            double km = Geo.km(a.lat(), a.lon(), b.lat(), b.lon());
            byDistance = km <= 100 ? 0.9 * (1 - km / 100) : 0;
        }
        if (sameCountry(a, b) && same(a.region(), b.region())) {
            return Math.max(0.6, byDistance);
        }
        if (sameCountry(a, b)) {
            return Math.max(0.3, byDistance);
        }
        return byDistance;
    }

    private static boolean sameCountry(Place a, Place b) {
        return a.country() != null && a.country().equals(b.country());
    }

    private static boolean meetInPerson(Place a, Place b) {
        if (a.hasCoordinates() && b.hasCoordinates()) {
            return Geo.km(a.lat(), a.lon(), b.lat(), b.lon()) <= IN_PERSON_KM;
        }
        return sameCountry(a, b) && same(a.city(), b.city());
    }

    // ---- explanations --------------------------------------------------------------------------------------

    private List<Commonality> commonalities(MatchCard viewer, MatchCard other, Set<String> mutual,
                                            Map<String, String> names) {
        List<Commonality> out = new ArrayList<>();
        if (!mutual.isEmpty() && shown(viewer.privacy().friends(), other.privacy().friends())) {
            out.add(friends(mutual, names));
        }
        MatchCard mentor = viewer.isMentor() ? viewer : other;
        MatchCard mentee = viewer.isMentor() ? other : viewer;
        List<String> topics = shared(mentor.topics(), mentee.topics());
        out.add(new Commonality(Type.TOPICS, (viewer.isMentor() ? "Wants help with " : "Can help with ")
                + list(topics), Map.of("topics", topics)));
        if (shown(viewer.privacy().education(), other.privacy().education())) {
            educationInCommon(viewer.schools(), other.schools()).ifPresent(out::add);
        }
        if (shown(viewer.privacy().location(), other.privacy().location())) {
            locationInCommon(viewer.place(), other.place()).ifPresent(out::add);
        }
        if (shown(viewer.privacy().profession(), other.privacy().profession())) {
            professionInCommon(viewer.work(), other.work(), mentor.work(), mentee.work()).ifPresent(out::add);
        }
        List<String> interests = shared(viewer.interests(), other.interests());
        if (!interests.isEmpty()) {
            out.add(new Commonality(Type.INTERESTS, "Both interested in " + list(interests),
                    Map.of("interests", interests)));
        }
        List<String> languages = shared(viewer.languages(), other.languages());
        out.add(new Commonality(Type.LANGUAGES, "Both speak " + list(languages.stream()
                .map(code -> Locale.forLanguageTag(code).getDisplayLanguage(Locale.ENGLISH)).toList()),
                Map.of("languages", languages)));
        return out;
    }

    private static Commonality friends(Set<String> mutual, Map<String, String> names) {
        List<String> shownIds = mutual.stream().filter(names::containsKey).limit(3).toList();
        List<String> shownNames = shownIds.stream().map(names::get).toList();
        int n = mutual.size();
        String summary = n + (n == 1 ? " mutual friend" : " mutual friends");
        if (!shownNames.isEmpty()) {
            summary += (n == 1 ? ": " : ", including ") + list(shownNames);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("count", n);
        details.put("names", shownNames);
        details.put("userIds", shownIds);
        return new Commonality(Type.FRIENDS, summary, details);
    }

    private static Optional<Commonality> educationInCommon(List<School> mine, List<School> theirs) {
        for (School a : mine) {
            for (School b : theirs) {
                if (same(a.school(), b.school())) {
                    boolean field = same(a.field(), b.field());
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("school", a.school());
                    if (field) {
                        details.put("field", a.field());
                    }
                    return Optional.of(new Commonality(Type.EDUCATION, field
                            ? "Both studied " + a.field() + " at " + a.school()
                            : "Both studied at " + a.school(), details));
                }
            }
        }
        for (School a : mine) {
            for (School b : theirs) {
                if (same(a.field(), b.field())) {
                    return Optional.of(new Commonality(Type.EDUCATION, "Both studied " + a.field(),
                            Map.of("field", a.field())));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Commonality> locationInCommon(Place a, Place b) {
        Map<String, Object> details = new LinkedHashMap<>();
        String summary;
        if (sameCountry(a, b) && same(a.city(), b.city())) {
            details.put("level", "city");
            details.put("city", a.city());
            details.put("country", a.country());
            summary = "Both in " + a.city();
        } else if (sameCountry(a, b) && same(a.region(), b.region())) {
            details.put("level", "region");
            details.put("region", a.region());
            details.put("country", a.country());
            summary = "Both in " + a.region();
        } else if (sameCountry(a, b)) {
            details.put("level", "country");
            details.put("country", a.country());
            summary = "Both in " + Locale.of("", a.country()).getDisplayCountry(Locale.ENGLISH);
        } else {
            return Optional.empty();
        }
        if (a.hasCoordinates() && b.hasCoordinates()) {
            long km = Math.round(Geo.km(a.lat(), a.lon(), b.lat(), b.lon()));
            details.put("distanceKm", km);
            summary += km < 1 ? " (under 1 km apart)" : " (" + km + " km apart)";
        }
        return Optional.of(new Commonality(Type.LOCATION, summary, details));
    }

    private static Optional<Commonality> professionInCommon(Work a, Work b, Work mentor, Work mentee) {
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> parts = new ArrayList<>();
        if (same(a.industry(), b.industry())) {
            details.put("industry", a.industry());
            parts.add("both work in " + a.industry());
        }
        if (same(a.field(), b.field())) {
            details.put("field", a.field());
            parts.add("both in " + a.field());
        }
        if (same(a.employer(), b.employer())) {
            details.put("employer", a.employer());
            parts.add("both at " + a.employer());
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        if (mentor.yearsExperience() != null && mentee.yearsExperience() != null
                && mentor.yearsExperience() > mentee.yearsExperience()) {
            int more = mentor.yearsExperience() - mentee.yearsExperience();
            details.put("mentorYearsMoreExperience", more);
            parts.add("the mentor has " + more + (more == 1 ? " more year" : " more years") + " of experience");
        }
        String summary = String.join("; ", parts);
        return Optional.of(new Commonality(Type.PROFESSION,
                Character.toUpperCase(summary.charAt(0)) + summary.substring(1), details));
    }

    private static boolean same(String a, String b) {
        return a != null && b != null && a.equalsIgnoreCase(b);
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        for (String x : small) {
            if (large.contains(x)) {
                return true;
            }
        }
        return false;
    }

    private static int count(Set<String> a, Set<String> b) {
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        int n = 0;
        for (String x : small) {
            if (large.contains(x)) {
                n++;
            }
        }
        return n;
    }

    private static List<String> shared(Set<String> a, Set<String> b) {
        return a.stream().filter(b::contains).sorted().collect(Collectors.toList());
    }

    private static String list(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.getLast();
    }

}
