package io.mentorship.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The single table's key scheme: a member's state lives under {@code USER#<id>}, their history under
 * {@code HISTORY#<id>}.
 */
public final class Keys {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String PROFILE = "PROFILE";
    public static final String FRIENDS = "FRIENDS";

    private Keys() {
    }

    public static String user(String userId) {
        return "USER#" + userId;
    }

    /**
     * A member's history (their introductions and mentorships), kept out of {@code USER#<id>} so that reading
     * the member's state for matching costs the same however long their history grows.
     */
    public static String history(String userId) {
        return "HISTORY#" + userId;
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static java.util.Map<String, AttributeValue> key(String pk, String sk) {
        return java.util.Map.of(PK, s(pk), SK, s(sk));
    }

    /** A query's {@code LastEvaluatedKey} as plain strings, to carry in a message; null at the end. */
    public static java.util.Map<String, String> pageToken(java.util.Map<String, AttributeValue> lastEvaluatedKey) {
        if (lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()) {
            return null;
        }
        java.util.Map<String, String> token = new java.util.HashMap<>();
        lastEvaluatedKey.forEach((name, value) -> token.put(name, value.s()));
        return token;
    }

    /** The {@code ExclusiveStartKey} a page token stands for; null for the first page. */
    public static java.util.Map<String, AttributeValue> startKey(java.util.Map<String, String> token) {
        if (token == null) {
            return null;
        }
        java.util.Map<String, AttributeValue> key = new java.util.HashMap<>();
        token.forEach((name, value) -> key.put(name, s(value)));
        return key;
    }
}
