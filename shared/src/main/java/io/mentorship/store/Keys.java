package io.mentorship.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The single table's key scheme: everything a member owns lives under {@code USER#<id>}. */
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

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static java.util.Map<String, AttributeValue> key(String pk, String sk) {
        return java.util.Map.of(PK, s(pk), SK, s(sk));
    }
}
