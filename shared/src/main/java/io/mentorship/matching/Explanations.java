package io.mentorship.matching;

import io.mentorship.matching.Commonality.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sentences that explain a point in common, written from its facts (the commonality's {@code details}); the
 * engine finds the facts and knows no words. English today; another language is another instance of this class.
 */
public final class Explanations {
    public static final Explanations ENGLISH = new Explanations(Locale.ENGLISH);

    private final Locale locale;

    private Explanations(Locale locale) {
        this.locale = locale;
    }

    /** A commonality with its sentence; {@code viewerIsMentor} orients the topics ("wants" or "can" help). */
    public Commonality commonality(Type type, Map<String, Object> details, boolean viewerIsMentor) {
        return new Commonality(type, summary(type, details, viewerIsMentor), details);
    }

    public String summary(Type type, Map<String, Object> details, boolean viewerIsMentor) {
        return switch (type) {
            case FRIENDS -> friends(((Number) details.get("count")).intValue(), strings(details.get("names")));
            case TOPICS -> (viewerIsMentor ? "Wants help with " : "Can help with ")
                    + list(strings(details.get("topics")));
            case EDUCATION -> education((String) details.get("school"), (String) details.get("field"));
            case LOCATION -> location(details);
            case PROFESSION -> profession(details);
            case INTERESTS -> "Both interested in " + list(strings(details.get("interests")));
            case LANGUAGES -> "Both speak " + list(strings(details.get("languages")).stream()
                    .map(code -> Locale.forLanguageTag(code).getDisplayLanguage(locale)).toList());
        };
    }

    private String friends(int n, List<String> names) {
        String summary = n + (n == 1 ? " mutual friend" : " mutual friends");
        if (!names.isEmpty()) {
            summary += (n == 1 ? ": " : ", including ") + list(names);
        }
        return summary;
    }

    private static String education(String school, String field) {
        if (school == null) {
            return "Both studied " + field;
        }
        return field != null ? "Both studied " + field + " at " + school : "Both studied at " + school;
    }

    private String location(Map<String, Object> details) {
        String summary = switch ((String) details.get("level")) {
            case "city" -> "Both in " + details.get("city");
            case "region" -> "Both in " + details.get("region");
            default -> "Both in " + Locale.of("", (String) details.get("country")).getDisplayCountry(locale);
        };
        if (details.get("distanceKm") instanceof Number distance) {
            long km = distance.longValue();
            summary += km < 1 ? " (under 1 km apart)" : " (" + km + " km apart)";
        }
        return summary;
    }

    private static String profession(Map<String, Object> details) {
        List<String> parts = new ArrayList<>();
        if (details.containsKey("industry")) {
            parts.add("both work in " + details.get("industry"));
        }
        if (details.containsKey("field")) {
            parts.add("both in " + details.get("field"));
        }
        if (details.containsKey("employer")) {
            parts.add("both at " + details.get("employer"));
        }
        if (details.get("mentorYearsMoreExperience") instanceof Number years) {
            int more = years.intValue();
            parts.add("the mentor has " + more + (more == 1 ? " more year" : " more years") + " of experience");
        }
        String summary = String.join("; ", parts);
        return Character.toUpperCase(summary.charAt(0)) + summary.substring(1);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }

    private static String list(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.getLast();
    }
}
