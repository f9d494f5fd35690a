package io.mentorship.matching;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Interns the strings matching compares, so a pair is compared with int equality instead of string hashing. One
 * table per JVM: the ids are only ever compared inside this process, never stored.
 */
final class Tags {
    static final int NONE = -1;
    private static final ConcurrentHashMap<String, Integer> IDS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Tags() {
    }

    /** The id of an exact string (topics, interests and languages are normalised before they get here). */
    static int exact(String value) {
        if (value == null) {
            return NONE;
        }
        Integer id = IDS.get(value);
        return id != null ? id : IDS.computeIfAbsent(value, v -> NEXT.getAndIncrement());
    }

    /** The id of free text compared ignoring case: equal ids exactly when {@link String#equalsIgnoreCase}. */
    static int ignoringCase(String value) {
        if (value == null) {
            return NONE;
        }
        StringBuilder folded = new StringBuilder(value.length() + 1).append('\u0000');
        value.codePoints().forEach(c -> folded.appendCodePoint(Character.toLowerCase(Character.toUpperCase(c))));
        return exact(folded.toString());
    }
}
