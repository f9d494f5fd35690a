package io.mentorship.local.introductions;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.Api;
import io.mentorship.local.testing.Members;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.TableItems;
import io.mentorship.local.testing.TestStack;
import io.mentorship.local.testing.Waits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Blocked people never meet; an erased account leaves nothing pending behind. */
class BlocksE2EIT {
    private final LocalRuntime runtime = TestStack.serving();
    private final Members members = new Members(runtime);

    @Test
    void aBlockCancelsWhatIsPendingAndKeepsThePairApartWithoutSayingSo() {
        String topic = Profiles.uniqueId("blocks");
        String mentee = members.ready("Mia", "mentee", topic);
        String mentor = members.ready("Rita", "mentor", topic);
        members.awaitSuggestions(mentee, "mentee", ids -> ids.contains(mentor));
        members.awaitSuggestions(mentor, "mentor", ids -> ids.contains(mentee));
        String id = members.as(mentee).post("/introductions", Map.of("toUserId", mentor, "as", "mentee")).json()
                .path("id").asText();

        Api.Response blocked = members.as(mentor).post("/users/" + mentor + "/blocks", Map.of("userId", mentee));
        assertThat(blocked.status()).isEqualTo(201);
        assertThat(members.as(mentor).post("/users/" + mentor + "/blocks", Map.of("userId", mentor)).status())
                .isEqualTo(400);

        assertThat(members.as(mentee).get("/introductions/" + id).json().path("status").asText())
                .isEqualTo("cancelled");
        members.awaitSuggestions(mentee, "mentee", ids -> !ids.contains(mentor));
        members.awaitSuggestions(mentor, "mentor", ids -> !ids.contains(mentee));

        String offTopic = members.ready("Gopher", "mentor", "other-" + topic);
        Api.Response toBlocker = members.as(mentee).post("/introductions", Map.of("toUserId", mentor, "as", "mentee"));
        Api.Response toIneligible = members.as(mentee).post("/introductions", Map.of("toUserId", offTopic, "as",
                "mentee"));
        assertThat(toBlocker.status()).isEqualTo(toIneligible.status()).isEqualTo(409);
        assertThat(toBlocker.json()).isEqualTo(toIneligible.json());
        assertThat(members.as(mentor).post("/introductions", Map.of("toUserId", mentee, "as", "mentor")).errorCode())
                .isEqualTo("NOT_ELIGIBLE");
        assertThat(members.as(mentor).get("/users/" + mentor + "/blocks").json().path("blockedUserIds").toString())
                .contains(mentee);
        assertThat(members.as(mentee).get("/users/" + mentee + "/blocks").json().path("blockedUserIds")).isEmpty();

        assertThat(members.as(mentor).delete("/users/" + mentor + "/blocks/" + mentee).status()).isEqualTo(204);
        members.awaitSuggestions(mentee, "mentee", ids -> ids.contains(mentor));
    }

    @Test
    void reportsAreTakenForAdmins() {
        String reporter = members.ready("Mia", "mentee", Profiles.uniqueId("reports"));
        Api api = members.as(reporter);
        assertThat(api.post("/reports", Map.of("userId", "someone", "reason", "spam")).status()).isEqualTo(201);
        assertThat(api.post("/reports", Map.of("userId", "someone")).errorField()).isEqualTo("reason");
        assertThat(api.post("/reports", Map.of("userId", reporter, "reason", "x")).errorField()).isEqualTo("userId");
    }

    @Test
    void erasingAnAccountWithdrawsItsIntroductionsAndLeavesOthersSuggestions() {
        String topic = Profiles.uniqueId("erase");
        String mentee = members.ready("Mia", "mentee", topic);
        String mentor = members.ready("Rita", "mentor", topic);
        String observer = members.ready("Obi", "mentee", topic);
        String stays = members.ready("Ola", "mentor", topic);
        members.awaitSuggestions(observer, "mentee", ids -> ids.contains(mentor) && ids.contains(stays));
        String id = members.as(mentee).post("/introductions", Map.of("toUserId", mentor, "as", "mentee")).json()
                .path("id").asText();

        assertThat(members.as(mentor).delete("/users/" + mentor).status()).isEqualTo(204);

        assertThat(members.as(mentee).get("/introductions/" + id).json().path("status").asText())
                .isIn("withdrawn", "cancelled");
        members.awaitSuggestions(observer, "mentee", ids -> !ids.contains(mentor));
        // Matching forgets the member too: their entries in the candidate index and their listing go, so someone
        // who joins afterwards is never offered them.
        awaitNoItemNaming(mentor);
        String newcomer = members.ready("Nia", "mentee", topic);
        assertThat(members.awaitSuggestions(newcomer, "mentee", ids -> ids.contains(stays)).toString())
                .doesNotContain(mentor);
        // The mentee's pending slot was given back.
        for (int i = 0; i < 3; i++) {
            assertThat(members.as(mentee).post("/introductions", Map.of("toUserId",
                    members.ready("M" + i, "mentor", topic), "as", "mentee")).status()).isEqualTo(201);
        }
    }

    /**
     * Waits until no item's key names {@code userId}: not their own items, lists or index entries. Usually at
     * once; when a match of theirs was in flight at the erasure, after the erasure's follow-up (90 s).
     */
    private void awaitNoItemNaming(String userId) {
        List<String> left = List.of();
        for (Instant until = Instant.now().plusSeconds(150); Instant.now().isBefore(until); ) {
            left = TableItems.naming(runtime, userId);
            if (left.isEmpty()) {
                return;
            }
            Waits.sleep(Duration.ofMillis(200));
        }
        assertThat(left).as("items still naming the erased member").isEmpty();
    }
}
