package io.mentorship.local.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Profile bodies for tests, and ids no other test uses. */
public final class Profiles {
    private Profiles() {
    }

    public static String uniqueId(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Map<String, Object> mentee(String name, List<String> topics, List<String> languages) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", name);
        body.put("mentee", Map.of("topics", topics, "goal", "grow"));
        body.put("languages", languages);
        return body;
    }

    public static Map<String, Object> mentor(String name, List<String> topics, List<String> languages, int capacity) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", name);
        body.put("mentor", Map.of("topics", topics, "capacity", capacity, "accepting", true));
        body.put("languages", languages);
        return body;
    }
}
