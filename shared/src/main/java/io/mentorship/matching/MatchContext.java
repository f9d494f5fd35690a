package io.mentorship.matching;

import io.mentorship.profile.Role;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a computation needs besides the cards, supplied by the caller (the match function reads it from DynamoDB,
 * tests and benchmarks from memory).
 *
 * @param currentGuidelines the current guidelines version of each role
 * @param viewerFriends     the viewer's confirmed friends
 * @param excluded          members the viewer must not meet now: blocked either way, already paired, pending
 *                          introduction, declined in the last 90 days
 * @param friendsOf         confirmed friends of the given members (asked only for the best candidates)
 * @param shownNames        display names of the given friends who allow being named as a mutual friend
 */
public record MatchContext(
        Map<Role, Integer> currentGuidelines,
        Set<String> viewerFriends,
        Set<String> excluded,
        Function<Collection<String>, Map<String, Set<String>>> friendsOf,
        Function<Collection<String>, Map<String, String>> shownNames) {
}
