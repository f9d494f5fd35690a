package io.mentorship.store;

import static io.mentorship.store.Keys.s;

import io.mentorship.guidelines.GuidelinesRepository;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Role;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Everything matching needs about one member, read in a single query of their partition. */
public final class MemberRepository {
    private final DynamoDbClient dynamo;
    private final String table;

    public MemberRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** A member's profile (empty once erased), confirmed friends and acknowledged guidelines versions. */
    public record Member(String userId, Optional<Profile> profile, Set<String> confirmedFriends,
                         Map<Role, Integer> acknowledged) {
        public int acknowledged(Role role) {
            return acknowledged.getOrDefault(role, 0);
        }
    }

    public Member load(String userId) {
        var items = dynamo.query(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(Keys.user(userId))))).items();
        Profile profile = null;
        Set<String> friends = new HashSet<>();
        Map<Role, Integer> acks = new EnumMap<>(Role.class);
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get(Keys.SK).s();
            if (sk.equals(Keys.PROFILE)) {
                profile = ProfileRepository.fromItem(item);
            } else if (sk.equals(Keys.FRIENDS) && item.containsKey("confirmed")) {
                friends.addAll(item.get("confirmed").ss());
            } else if (sk.startsWith("ACK#")) {
                var ack = GuidelinesRepository.fromAckItem(item);
                acks.put(ack.role(), ack.version());
            }
        }
        return new Member(userId, Optional.ofNullable(profile), friends, acks);
    }
}
