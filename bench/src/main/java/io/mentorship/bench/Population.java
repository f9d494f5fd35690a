package io.mentorship.bench;

import io.mentorship.profile.Profile.CommonalityVisibility;
import io.mentorship.profile.Profile.Education;
import io.mentorship.profile.Profile.Location;
import io.mentorship.profile.Profile.MenteeNeed;
import io.mentorship.profile.Profile.MentorOffer;
import io.mentorship.profile.Profile.Preferences;
import io.mentorship.profile.Profile.Profession;
import io.mentorship.profile.Profile;
import io.mentorship.profile.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A deterministic synthetic member base: Zipf-distributed topics and interests, real cities with coordinates,
 * schools and employers with a long tail, and a power-law friend graph (preferential attachment). The same seed
 * always gives the same people.
 */
public final class Population {
    private static final Instant CREATED = Instant.parse("2026-11-25T00:00:00Z");
    private static final String[] TOPICS_HEAD = {"career growth", "leadership", "java", "python", "product management",
            "distributed systems", "data science", "machine learning", "public speaking", "negotiation",
            "system design", "frontend", "ux research", "marketing", "sales", "entrepreneurship", "finance",
            "security", "devops", "mobile", "writing", "management", "design", "kotlin", "go"};
    private static final String[] INTERESTS_HEAD = {"running", "jazz", "chess", "climbing", "cooking", "photography",
            "hiking", "reading", "cycling", "football", "yoga", "travel", "gaming", "painting", "gardening"};
    private static final Object[][] CITIES = {
            {"Lisbon", "Lisboa", "PT", 38.72, -9.14}, {"Porto", "Norte", "PT", 41.15, -8.61},
            {"Braga", "Norte", "PT", 41.55, -8.42}, {"Madrid", "Madrid", "ES", 40.42, -3.70},
            {"Barcelona", "Catalonia", "ES", 41.39, 2.17}, {"Paris", "Ile-de-France", "FR", 48.86, 2.35},
            {"Lyon", "Auvergne-Rhone-Alpes", "FR", 45.76, 4.84}, {"Berlin", "Berlin", "DE", 52.52, 13.40},
            {"Munich", "Bavaria", "DE", 48.14, 11.58}, {"London", "England", "GB", 51.51, -0.13},
            {"Manchester", "England", "GB", 53.48, -2.24}, {"Dublin", "Leinster", "IE", 53.35, -6.26},
            {"Amsterdam", "North Holland", "NL", 52.37, 4.90}, {"Milan", "Lombardy", "IT", 45.46, 9.19},
            {"New York", "New York", "US", 40.71, -74.01}, {"San Francisco", "California", "US", 37.77, -122.42},
            {"Austin", "Texas", "US", 30.27, -97.74}, {"Toronto", "Ontario", "CA", 43.65, -79.38},
            {"Sao Paulo", "Sao Paulo", "BR", -23.55, -46.63}, {"Bangalore", "Karnataka", "IN", 12.97, 77.59},
            {"Singapore", "Singapore", "SG", 1.35, 103.82}, {"Tokyo", "Tokyo", "JP", 35.68, 139.69},
            {"Sydney", "New South Wales", "AU", -33.87, 151.21}, {"Nairobi", "Nairobi", "KE", -1.29, 36.82},
            {"Lagos", "Lagos", "NG", 6.52, 3.38}, {"Mexico City", "CDMX", "MX", 19.43, -99.13}};
    private static final Map<String, List<String>> LANGUAGES = Map.ofEntries(
            Map.entry("PT", List.of("pt", "en")), Map.entry("ES", List.of("es", "en")),
            Map.entry("FR", List.of("fr", "en")), Map.entry("DE", List.of("de", "en")),
            Map.entry("GB", List.of("en")), Map.entry("IE", List.of("en", "ga")), Map.entry("NL", List.of("nl", "en")),
            Map.entry("IT", List.of("it", "en")), Map.entry("US", List.of("en", "es")),
            Map.entry("CA", List.of("en", "fr")), Map.entry("BR", List.of("pt", "en")),
            Map.entry("IN", List.of("hi", "en")), Map.entry("SG", List.of("en", "zh")),
            Map.entry("JP", List.of("ja", "en")), Map.entry("AU", List.of("en")), Map.entry("KE", List.of("sw", "en")),
            Map.entry("NG", List.of("en", "yo")), Map.entry("MX", List.of("es", "en")));
    private static final String[] INDUSTRIES = {"Technology", "Finance", "Healthcare", "Retail", "Education",
            "Media", "Manufacturing", "Energy", "Government", "Consulting"};
    private static final String[] FIELDS = {"Backend", "Frontend", "Data", "Product", "Design", "Marketing",
            "Sales", "Operations", "Research", "Security"};

    private final List<Profile> profiles;
    private final Map<String, Set<String>> friends;

    private Population(List<Profile> profiles, Map<String, Set<String>> friends) {
        this.profiles = profiles;
        this.friends = friends;
    }

    public List<Profile> profiles() {
        return profiles;
    }

    /** Confirmed (mutual) friends of each member. */
    public Map<String, Set<String>> friends() {
        return friends;
    }

    /**
     * @param mentorShare share of members who mentor (the rest are mentees); 1.0 makes every member a mentor
     */
    public static Population generate(int size, double mentorShare, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Zipf topics = new Zipf(400, 1.1);
        Zipf interests = new Zipf(1000, 1.0);
        Zipf schools = new Zipf(2000, 0.9);
        Zipf employers = new Zipf(5000, 0.9);
        Zipf cities = new Zipf(CITIES.length, 0.8);
        List<Profile> profiles = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String id = id(i);
            boolean mentor = random.nextDouble() < mentorShare;
            Object[] city = CITIES[cities.sample(random)];
            String country = (String) city[2];
            int years = mentor ? 5 + random.nextInt(25) : random.nextInt(8);
            List<String> ownTopics = new ArrayList<>(sampleSet(random, topics, 1 + random.nextInt(mentor ? 5 : 3),
                    Population::topic));
            MentorOffer offer = mentor ? new MentorOffer(ownTopics, 1 + random.nextInt(5), true) : null;
            MenteeNeed need = mentor ? null : new MenteeNeed(ownTopics, "grow");
            int school = schools.sample(random);
            profiles.add(new Profile(id, "Member " + i, null, offer, need,
                    new Profession("Engineer", INDUSTRIES[random.nextInt(INDUSTRIES.length)],
                            FIELDS[random.nextInt(FIELDS.length)], "Employer " + employers.sample(random), years),
                    List.of(new Education("University " + school, null, FIELDS[school % FIELDS.length], null, null)),
                    new Location((String) city[0], (String) city[1], country,
                            (Double) city[3] + (random.nextDouble() - 0.5) * 0.2,
                            (Double) city[4] + (random.nextDouble() - 0.5) * 0.2),
                    List.copyOf(sampleSet(random, interests, 2 + random.nextInt(5), Population::interest)),
                    LANGUAGES.get(country), new Preferences(true, false),
                    new CommonalityVisibility(Visibility.SUGGESTIONS, Visibility.EVERYONE, Visibility.SUGGESTIONS,
                            Visibility.EVERYONE), 1L, CREATED, CREATED));
        }
        return new Population(profiles, preferentialAttachment(size, 3, random));
    }

    /** Member {@code i}'s id: 36 characters, as a Cognito {@code sub} is (ids are in every key and list). */
    static String id(int i) {
        return new UUID(0x6d656d62L << 32, i).toString();
    }

    static String topic(int rank) {
        return rank < TOPICS_HEAD.length ? TOPICS_HEAD[rank] : "topic " + rank;
    }

    static String interest(int rank) {
        return rank < INTERESTS_HEAD.length ? INTERESTS_HEAD[rank] : "interest " + rank;
    }

    private static Set<String> sampleSet(SplittableRandom random, Zipf zipf, int count,
                                         java.util.function.IntFunction<String> name) {
        Set<String> out = new LinkedHashSet<>();
        for (int attempt = 0; out.size() < count && attempt < count * 10; attempt++) {
            out.add(name.apply(zipf.sample(random)));
        }
        return out;
    }

    /** Barabasi-Albert: each newcomer befriends {@code m} members chosen in proportion to their degree. */
    private static Map<String, Set<String>> preferentialAttachment(int size, int m, SplittableRandom random) {
        Map<String, Set<String>> graph = new java.util.HashMap<>();
        int[] endpoints = new int[Math.max(2, size * m * 2)];
        int count = 0;
        for (int i = 0; i < size; i++) {
            graph.put(id(i), new HashSet<>());
            Set<Integer> chosen = new HashSet<>();
            for (int k = 0; k < Math.min(m, i) && chosen.size() < i; k++) {
                int target = count == 0 ? random.nextInt(i) : endpoints[random.nextInt(count)];
                if (target != i && chosen.add(target)) {
                    graph.get(id(i)).add(id(target));
                    graph.get(id(target)).add(id(i));
                    endpoints[count++] = i;
                    endpoints[count++] = target;
                }
            }
        }
        return graph;
    }

    /** Zipf over ranks 0..n-1 by inverse transform on the precomputed distribution. */
    static final class Zipf {
        private final double[] cumulative;

        Zipf(int n, double exponent) {
            cumulative = new double[n];
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += 1 / Math.pow(k + 1, exponent);
                cumulative[k] = sum;
            }
            for (int k = 0; k < n; k++) {
                cumulative[k] /= sum;
            }
        }

        int sample(SplittableRandom random) {
            int i = java.util.Arrays.binarySearch(cumulative, random.nextDouble());
            return Math.min(cumulative.length - 1, i < 0 ? -i - 1 : i);
        }
    }
}
