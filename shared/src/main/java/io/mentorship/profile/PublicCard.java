package io.mentorship.profile;

import java.util.List;

/**
 * What a member shows to the people they are suggested to or introduced to: name, headline, roles, languages, and
 * each category their visibility settings allow. Nothing else of the profile leaves their account.
 */
public record PublicCard(
        String userId,
        String displayName,
        String headline,
        Mentoring mentor,
        Mentoring mentee,
        List<String> languages,
        Profile.Location location,
        Profile.Profession profession,
        List<Profile.Education> education) {

    /** The topics of a role, and whether a mentor takes new mentees now. */
    public record Mentoring(List<String> topics, Boolean accepting) {
    }

    public static PublicCard of(Profile p) {
        Profile.CommonalityVisibility v = p.visibility();
        Profile.Location location = p.location() == null || hidden(v == null ? null : v.location()) ? null
                : new Profile.Location(p.location().city(), p.location().region(), p.location().country(), null, null);
        return new PublicCard(p.userId(), p.displayName(), p.headline(),
                p.mentor() == null ? null : new Mentoring(p.mentor().topics(), p.mentor().accepting()),
                p.mentee() == null ? null : new Mentoring(p.mentee().topics(), null),
                p.languages(),
                location,
                hidden(v == null ? null : v.profession()) ? null : p.profession(),
                hidden(v == null ? null : v.education()) || p.education() == null || p.education().isEmpty() ? null
                        : p.education());
    }

    private static boolean hidden(Visibility visibility) {
        return visibility == Visibility.NOBODY;
    }
}
