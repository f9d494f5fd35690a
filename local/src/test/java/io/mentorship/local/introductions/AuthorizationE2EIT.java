package io.mentorship.local.introductions;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.Api;
import io.mentorship.local.testing.Members;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.TestStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No one reads or changes what is not theirs: every introduction, mentorship, inbox and safety route. */
class AuthorizationE2EIT {
    private final LocalRuntime runtime = TestStack.serving();
    private final Members members = new Members(runtime);

    @Test
    void aThirdPersonCanNeitherReadNorActOnOthersIntroductionsMentorshipsOrInboxes() {
        String topic = Profiles.uniqueId("auth");
        String mentee = members.ready("Mia", "mentee", topic);
        String mentor = members.ready("Rita", "mentor", topic);
        String third = members.ready("Eve", "mentee", topic);
        String pending = members.as(mentee).post("/introductions", Map.of("toUserId", mentor, "as", "mentee"))
                .json().path("id").asText();
        String accepted = members.as(mentee).post("/introductions", Map.of("toUserId",
                members.ready("Rui", "mentor", topic), "as", "mentee")).json().path("id").asText();
        String recipient = members.as(mentee).get("/introductions/" + accepted).json().path("recipientId").asText();
        String mentorship = members.as(recipient).post("/introductions/" + accepted + "/accept", null).json()
                .path("mentorshipId").asText();
        Api eve = members.as(third);

        record Attempt(String method, String path, Object body, int status) {
        }
        List<Attempt> attempts = List.of(
                new Attempt("GET", "/introductions/" + pending, null, 404),
                new Attempt("POST", "/introductions/" + pending + "/accept", null, 404),
                new Attempt("POST", "/introductions/" + pending + "/decline", Map.of("reason", "no"), 404),
                new Attempt("POST", "/introductions/" + pending + "/withdraw", null, 404),
                new Attempt("POST", "/mentorships/" + mentorship + "/end", null, 404),
                new Attempt("GET", "/users/" + mentee + "/mentorships", null, 403),
                new Attempt("GET", "/users/" + mentor + "/inbox", null, 403),
                new Attempt("GET", "/users/" + mentee + "/suggestions", null, 403),
                new Attempt("GET", "/users/" + mentee + "/acknowledgements", null, 403),
                new Attempt("POST", "/users/" + mentee + "/acknowledgements", Map.of("role", "mentee", "version", 1),
                        403),
                new Attempt("POST", "/users/" + mentee + "/blocks", Map.of("userId", third), 403),
                new Attempt("GET", "/users/" + mentee + "/blocks", null, 403),
                new Attempt("DELETE", "/users/" + mentee + "/blocks/" + mentor, null, 403),
                new Attempt("GET", "/admin/stats", null, 403),
                new Attempt("PUT", "/admin/matching/weights", Map.of("topics", 1), 403),
                new Attempt("PUT", "/admin/guidelines/mentee", Map.of("title", "t", "rules", List.of("r")), 403));
        List<String> wrong = new ArrayList<>();
        for (Attempt a : attempts) {
            int status = eve.send(a.method(), a.path(), a.body()).status();
            if (status != a.status()) {
                wrong.add(a.method() + " " + a.path() + " -> " + status);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(eve.get("/introductions?box=incoming").json().path("introductions")).isEmpty();

        // Nothing changed for the two participants.
        assertThat(members.as(mentor).get("/introductions/" + pending).json().path("status").asText())
                .isEqualTo("pending");
        assertThat(members.as(mentee).get("/users/" + mentee + "/mentorships").json().path("mentorships").get(0)
                .path("status").asText()).isEqualTo("active");
        Api admin = Api.asAdmin(runtime, Profiles.uniqueId("admin"));
        var stats = admin.get("/admin/stats").json();
        assertThat(stats.path("mentorships.active").asLong()).isPositive();
        assertThat(stats.path("introductions.pending").asLong()).isPositive();
        assertThat(stats.path("users.mentee").asLong()).isPositive();
    }
}
