package io.mentorship.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mentorship.domain.DomainException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileValidatorTest {
    private static Profile minimal(Profile.MentorOffer mentor, List<String> interests, List<String> languages) {
        return new Profile(null, "  Ana  ", null, mentor, null, null, null, null, interests, languages, null, null,
                null, null, null);
    }

    @Test
    void tagsAreNormalisedAndDeduplicated() {
        Profile p = ProfileValidator.validate(minimal(null, List.of(" Open  Source", "open source", "ＪＡＺＺ"),
                List.of("EN", "pt", "en")));
        assertThat(p.displayName()).isEqualTo("Ana");
        assertThat(p.interests()).containsExactly("open source", "jazz");
        assertThat(p.languages()).containsExactly("en", "pt");
    }

    @Test
    void defaultsArePrivateEnoughAndMentorsAcceptUnlessTheySayNo() {
        Profile p = ProfileValidator.validate(minimal(new Profile.MentorOffer(List.of("Java"), 2, null), null,
                null));
        assertThat(p.mentor().accepting()).isTrue();
        assertThat(p.visibility().friends()).isEqualTo(Visibility.SUGGESTIONS);
        assertThat(p.preferences().remoteOk()).isTrue();
        assertThat(p.preferences().outsideMyCircle()).isFalse();
    }

    @Test
    void invalidFieldsAreNamed() {
        assertThatThrownBy(() -> ProfileValidator.validate(minimal(new Profile.MentorOffer(List.of("x"), 0, true),
                null, null))).isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.field()).isEqualTo("mentor.capacity"));
        assertThatThrownBy(() -> ProfileValidator.validate(minimal(null, null, List.of("xx"))))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.field()).isEqualTo("languages[0]"));
        assertThatThrownBy(() -> ProfileValidator.friendIds(List.of("bo", "me"), "me"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.field()).isEqualTo("friendIds[1]"));
    }
}
