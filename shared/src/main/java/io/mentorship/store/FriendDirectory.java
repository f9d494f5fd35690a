package io.mentorship.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** What matching asks about friends: members' confirmed friends, and the names of friends who may be named. */
public final class FriendDirectory {
    private final FriendRepository friends;
    private final ProfileRepository profiles;

    public FriendDirectory(FriendRepository friends, ProfileRepository profiles) {
        this.friends = friends;
        this.profiles = profiles;
    }

    public Map<String, Set<String>> confirmedFriendsOf(Collection<String> userIds) {
        Map<String, Set<String>> out = new HashMap<>();
        friends.findAll(userIds).forEach((id, list) -> out.put(id, list.confirmed()));
        return out;
    }

    /** Friends are named as mutual friends only if they let their friendships be seen. */
    public Map<String, String> namesShownAsFriends(Collection<String> userIds) {
        return profiles.namesShownAsFriends(userIds);
    }
}
