package io.mentorship.domain;

import java.util.regex.Pattern;

/** What a member id may look like (a token's {@code sub}): 1-128 characters, letters, digits and {@code _.@:-}. */
public final class UserIds {
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@:-]{0,127}");

    private UserIds() {
    }

    public static boolean isValid(String id) {
        return id != null && USER_ID.matcher(id).matches();
    }
}
