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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** However many accepts race, a mentor never takes more mentees than their capacity. */
class CapacityUnderConcurrencyIT {
    private final LocalRuntime runtime = TestStack.serving();
    private final Members members = new Members(runtime);

    @Test
    void twentyConcurrentAcceptsForAMentorWithCapacityThreeGiveExactlyThreeMentorships() throws Exception {
        String topic = Profiles.uniqueId("capacity");
        String mentor = Profiles.uniqueId("mentor");
        members.signUp(mentor, Members.person("Rita", null, Members.mentor(List.of(topic), 3), List.of("en"),
                List.of()));
        members.acknowledge(mentor, "mentor");
        List<String> introductions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String mentee = members.ready("mentee" + i, "mentee", topic);
            Api.Response r = members.as(mentee).post("/introductions", Map.of("toUserId", mentor, "as", "mentee"));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            introductions.add(r.json().path("id").asText());
        }

        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> answers = new ArrayList<>();
        for (String id : introductions) {
            answers.add(pool.submit(() -> {
                start.await();
                return members.as(mentor).post("/introductions/" + id + "/accept", null);
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Api.Response> answer : answers) {
            statuses.add(answer.get().status());
        }
        pool.shutdown();

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(3);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(17);
        var mentorships = members.as(mentor).get("/users/" + mentor + "/mentorships").json().path("mentorships");
        assertThat(mentorships).hasSize(3);
        mentorships.forEach(m -> assertThat(m.path("status").asText()).isEqualTo("active"));
        var capacity = runtime.dynamo().getItem(r -> r.tableName(runtime.stack().resource("MentorshipTable").ref())
                .consistentRead(true).key(Map.of("pk", AttributeValue.fromS("USER#" + mentor),
                        "sk", AttributeValue.fromS("CAPACITY")))).item();
        assertThat(capacity.get("active").n()).isEqualTo("3");
        long accepted = introductions.stream().filter(id -> members.as(mentor).get("/introductions/" + id).json()
                .path("status").asText().equals("accepted")).count();
        assertThat(accepted).isEqualTo(3);

        // Full: the mentor leaves everyone's suggestions, and those still waiting are told.
        String newcomer = members.ready("newcomer", "mentee", topic);
        String other = members.ready("other-mentor", "mentor", topic);
        members.awaitSuggestions(newcomer, "mentee", ids -> ids.contains(other) && !ids.contains(mentor));
        String waiting = introductions.stream().filter(id -> members.as(mentor).get("/introductions/" + id).json()
                .path("status").asText().equals("pending")).findFirst().orElseThrow();
        String waitingMentee = members.as(mentor).get("/introductions/" + waiting).json().path("requesterId").asText();
        members.awaitInboxItem(waitingMentee, "MentorAtCapacity");

        // Ending one frees exactly one place.
        String ended = mentorships.get(0).path("id").asText();
        assertThat(members.as(mentor).post("/mentorships/" + ended + "/end", null).status()).isEqualTo(200);
        assertThat(members.as(mentor).post("/introductions/" + waiting + "/accept", null).status()).isEqualTo(200);
        String another = introductions.stream().filter(id -> members.as(mentor).get("/introductions/" + id).json()
                .path("status").asText().equals("pending")).findFirst().orElseThrow();
        assertThat(members.as(mentor).post("/introductions/" + another + "/accept", null).errorCode())
                .isEqualTo("CAPACITY_FULL");
    }
}
