package io.mentorship.profile;

import java.text.Normalizer;
import java.util.Locale;

/** Tags (topics, interests) compare equal when they differ only in case, width or spacing. */
public final class Tags {
    private Tags() {
    }

    public static String normalize(String raw) {
        return Normalizer.normalize(raw, Normalizer.Form.NFKC)
                .strip()
                .replaceAll("\\s+", " ")
                .toLowerCase(Locale.ROOT);
    }
}
