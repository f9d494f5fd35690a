package io.mentorship.store;

import static io.mentorship.store.TableLayout.PK;
import static io.mentorship.store.TableLayout.SK;
import static io.mentorship.store.TableLayout.history;
import static io.mentorship.store.TableLayout.key;
import static io.mentorship.store.TableLayout.n;
import static io.mentorship.store.TableLayout.s;
import static io.mentorship.store.TableLayout.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mentorship.json.Json;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Visibility;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Profiles, one item each ({@code USER#id / PROFILE}); the version attribute guards every replace. */
public final class ProfileRepository {
    private final DynamoDbClient dynamo;
    private final String table;

    public ProfileRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public enum ReplaceOutcome { REPLACED, STALE_VERSION, MISSING }

    /** Stores a new profile; false when the member already has one. */
    public boolean create(Profile profile) {
        try {
            dynamo.putItem(PutItemRequest.builder()
                    .tableName(table)
                    .item(toItem(profile))
                    .conditionExpression("attribute_not_exists(pk)")
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Replaces the profile if its stored version is still {@code expectedVersion}. */
    public ReplaceOutcome replace(Profile profile, long expectedVersion) {
        try {
            dynamo.putItem(PutItemRequest.builder()
                    .tableName(table)
                    .item(toItem(profile))
                    .conditionExpression("version = :expected")
                    .expressionAttributeValues(Map.of(":expected", n(expectedVersion)))
                    .build());
            return ReplaceOutcome.REPLACED;
        } catch (ConditionalCheckFailedException e) {
            return find(profile.userId()).isPresent() ? ReplaceOutcome.STALE_VERSION : ReplaceOutcome.MISSING;
        }
    }

    public Optional<Profile> find(String userId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(key(user(userId), TableLayout.PROFILE))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** The profiles of {@code userIds} that exist, in the order asked. */
    public Map<String, Profile> findAll(Collection<String> userIds) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(userIds));
        Map<String, Profile> found = new HashMap<>();
        for (Map<String, AttributeValue> item : BatchGet.items(dynamo, table,
                ids.stream().map(id -> key(user(id), TableLayout.PROFILE)).toList(), false)) {
            Profile p = fromItem(item);
            found.put(p.userId(), p);
        }
        Map<String, Profile> ordered = new LinkedHashMap<>();
        ids.stream().filter(found::containsKey).forEach(id -> ordered.put(id, found.get(id)));
        return ordered;
    }

    /**
     * The names that those of {@code userIds} who have a profile show to their friends' matches (none for a member
     * whose friends are hidden): only the name and visibility of each profile are read and parsed.
     */
    public Map<String, String> namesShownAsFriends(Collection<String> userIds) {
        List<Map<String, AttributeValue>> keys = new LinkedHashSet<>(userIds).stream()
                .map(id -> key(user(id), TableLayout.PROFILE)).toList();
        Map<String, String> names = Map.of("#u", "userId", "#d", "doc", "#n", "displayName", "#v", "visibility");
        Map<String, String> out = new HashMap<>();
        for (Map<String, AttributeValue> item : BatchGet.items(dynamo, table, keys, false, "#u, #d.#n, #d.#v",
                names)) {
            var doc = JsonAttributes.toJson(item.get("doc"));
            Profile.CommonalityVisibility visibility = doc.hasNonNull("visibility")
                    ? Json.mapper().convertValue(doc.get("visibility"),
                    Profile.CommonalityVisibility.class) : null;
            if (visibility == null || visibility.friends() != Visibility.NOBODY) {
                out.put(item.get("userId").s(), doc.hasNonNull("displayName") ? doc.get("displayName").asText() : null);
            }
        }
        return out;
    }

    /**
     * Erases every item under the member's keys: the profile, everything else they own, and their history. Their
     * listing and matching's marks stay: they name their entries in the candidate index (the marks, those a match
     * may have written that the listing does not name), which the match function removes, with both, when the
     * erasure's message reaches it (without them those entries could never be found again).
     */
    public void deleteAccount(String userId) {
        deletePartition(user(userId), Set.of(TableLayout.LISTING, TableLayout.MATCHED));
        deletePartition(history(userId), Set.of());
    }

    private void deletePartition(String pk, Set<String> keep) {
        Map<String, AttributeValue> start = null;
        do {
            var page = dynamo.query(QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(pk)))
                    .projectionExpression("pk, sk")
                    .exclusiveStartKey(start)
                    .build());
            for (Map<String, AttributeValue> key : page.items()) {
                if (!keep.contains(key.get(SK).s())) {
                    dynamo.deleteItem(r -> r.tableName(table).key(key));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    private Map<String, AttributeValue> toItem(Profile profile) {
        ObjectNode doc = Json.mapper().valueToTree(profile);
        doc.remove(List.of("userId", "version", "createdAt", "updatedAt"));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(user(profile.userId())));
        item.put(SK, s(TableLayout.PROFILE));
        item.put("userId", s(profile.userId()));
        item.put("version", n(profile.version()));
        item.put("createdAt", s(profile.createdAt()));
        item.put("updatedAt", s(profile.updatedAt()));
        item.put("doc", JsonAttributes.toAttribute(doc));
        return item;
    }

    static Profile fromItem(Map<String, AttributeValue> item) {
        Profile content = Json.mapper().convertValue(JsonAttributes.toJson(item.get("doc")), Profile.class);
        return content.stamped(item.get("userId").s(), Long.parseLong(item.get("version").n()),
                TableLayout.instant(item, "createdAt"), TableLayout.instant(item, "updatedAt"));
    }
}
