package io.mentorship.local.signup;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.json.Json;
import io.mentorship.local.LocalFunction;
import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.Fixtures;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.Queues;
import io.mentorship.local.testing.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signup function's handler, invoked with the {@code events/} fixtures against the emulated table and queue. */
class SignupHandlerIT {
    private final LocalRuntime runtime = TestStack.quiet();
    private final LocalFunction signup = runtime.function("SignupFunction");

    @Test
    void signUpStoresTheNormalisedProfileAndQueuesACreatedChange() {
        String alice = Profiles.uniqueId("alice");

        APIGatewayV2HTTPResponse created = invoke(Fixtures.httpAs("signup-create-profile.json", alice));

        assertThat(created.getStatusCode()).isEqualTo(201);
        JsonNode profile = json(created);
        assertThat(profile.path("userId").asText()).isEqualTo(alice);
        assertThat(profile.path("version").asLong()).isEqualTo(1);
        assertThat(profile.path("mentee").path("topics").toString())
                .isEqualTo("[\"distributed systems\",\"career growth\"]");
        JsonNode read = json(invoke(Fixtures.httpAs("signup-read-profile.json", alice)));
        assertThat(read).isEqualTo(profile);
        assertThat(changesFor(alice, 1)).singleElement()
                .satisfies(m -> assertThat(m.path("change").asText()).isEqualTo("created"));

        APIGatewayV2HTTPResponse again = invoke(Fixtures.httpAs("signup-create-profile.json", alice));
        assertThat(again.getStatusCode()).isEqualTo(409);
        assertThat(json(again).path("error").path("code").asText()).isEqualTo("PROFILE_EXISTS");
    }

    @Test
    void replaceNeedsTheCurrentVersionAndQueuesAnUpdatedChange() {
        String alice = Profiles.uniqueId("alice");
        invoke(Fixtures.httpAs("signup-create-profile.json", alice));
        changesFor(alice, 1);

        APIGatewayV2HTTPResponse replaced = invoke(Fixtures.httpAs("signup-replace-profile.json", alice));
        assertThat(replaced.getStatusCode()).isEqualTo(200);
        assertThat(json(replaced).path("version").asLong()).isEqualTo(2);
        assertThat(json(replaced).path("mentor").path("capacity").asInt()).isEqualTo(2);
        assertThat(changesFor(alice, 1)).singleElement()
                .satisfies(m -> assertThat(m.path("change").asText()).isEqualTo("updated"));

        APIGatewayV2HTTPResponse stale = invoke(Fixtures.httpAs("signup-replace-profile.json", alice));
        assertThat(stale.getStatusCode()).isEqualTo(409);
        assertThat(json(stale).path("error").path("code").asText()).isEqualTo("STALE_VERSION");
        assertThat(json(invoke(Fixtures.httpAs("signup-read-profile.json", alice))).path("version").asLong())
                .isEqualTo(2);
    }

    @Test
    void aFriendshipIsConfirmedOnlyWhenBothSidesListEachOther() {
        String ana = Profiles.uniqueId("ana");
        String li = Profiles.uniqueId("li");
        invoke(Fixtures.httpAs("signup-create-profile.json", ana));
        invoke(Fixtures.httpAs("signup-create-profile.json", li));

        JsonNode oneSided = json(invoke(friends(ana, List.of(li))));
        assertThat(oneSided.path("friendIds").toString()).contains(li);
        assertThat(oneSided.path("confirmedFriendIds")).isEmpty();

        JsonNode mutual = json(invoke(friends(li, List.of(ana))));
        assertThat(mutual.path("confirmedFriendIds").toString()).isEqualTo("[\"" + ana + "\"]");
        // Both members' suggestions can change: each gets a message.
        assertThat(changesFor(ana, 2)).extracting(m -> m.path("change").asText()).contains("friends");

        JsonNode cleared = json(invoke(friends(ana, List.of())));
        assertThat(cleared.path("confirmedFriendIds")).isEmpty();
        assertThat(json(invoke(friends(li, List.of(ana)))).path("confirmedFriendIds")).isEmpty();
    }

    @Test
    void erasingAnAccountRemovesTheProfileAndTheFriendshipsAndQueuesADeletedChange() {
        String ana = Profiles.uniqueId("ana");
        String li = Profiles.uniqueId("li");
        invoke(Fixtures.httpAs("signup-create-profile.json", ana));
        invoke(Fixtures.httpAs("signup-create-profile.json", li));
        invoke(friends(ana, List.of(li)));
        assertThat(json(invoke(friends(li, List.of(ana)))).path("confirmedFriendIds")).hasSize(1);

        assertThat(invoke(Fixtures.httpAs("signup-erase-account.json", ana)).getStatusCode()).isEqualTo(204);

        assertThat(invoke(Fixtures.httpAs("signup-read-profile.json", ana)).getStatusCode()).isEqualTo(404);
        assertThat(json(invoke(friends(li, List.of(ana)))).path("confirmedFriendIds")).isEmpty();
        assertThat(changesFor(ana, 10)).extracting(m -> m.path("change").asText()).contains("deleted");
        var leftovers = runtime.dynamo().query(r -> r.tableName(runtime.stack().resource("MentorshipTable").ref())
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("USER#" + ana))));
        assertThat(leftovers.items()).isEmpty();
    }

    private APIGatewayV2HTTPEvent friends(String userId, List<String> friendIds) {
        APIGatewayV2HTTPEvent event = Fixtures.httpAs("signup-replace-friends.json", userId);
        event.setBody(Json.write(Map.of("friendIds", friendIds)));
        return event;
    }

    private List<JsonNode> changesFor(String userId, int atMost) {
        return Queues.take(runtime, "ProfileChangesQueue", m -> userId.equals(m.path("userId").asText()), atMost,
                Duration.ofSeconds(atMost == 1 ? 10 : 3));
    }

    private APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event) {
        return (APIGatewayV2HTTPResponse) signup.invoke(event);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return Json.mapper().readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }

}
