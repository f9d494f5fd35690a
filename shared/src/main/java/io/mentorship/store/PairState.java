package io.mentorship.store;

import java.util.Locale;

/**
 * Where two members stand with each other: the state of their pair lock, and the reason one is kept out of the
 * other's suggestions. Stored in lower case ({@code pending}).
 */
public enum PairState {
    /** Nothing between them: they may be introduced. */
    OPEN,
    /** An introduction between them awaits an answer. */
    PENDING,
    /** They are in a mentorship. */
    PAIRED,
    /** One declined the other; they stay apart until a date. */
    DECLINED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
