package io.mentorship.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mentorship.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class JsonAttributesTest {

    @Test
    void aDocumentComesBackAsItWent() {
        JsonNode doc = Json.read("""
                {"name": "Mia Tanaka", "headline": "", "topics": ["java", "career growth"], "capacity": 3,
                 "score": 0.125, "big": 12345678901234, "open": true, "pronouns": null,
                 "education": [{"school": "東京大学", "years": [2010, 2014]}], "empty": {}, "none": []}""",
                JsonNode.class);

        AttributeValue stored = JsonAttributes.toAttribute(doc);

        assertThat(JsonAttributes.toJson(stored)).isEqualTo(doc);
        assertThat(stored.m().get("topics").l()).extracting(AttributeValue::s).containsExactly("java",
                "career growth");
        assertThat(stored.m().get("capacity").n()).isEqualTo("3");
        assertThat(stored.m().get("score").n()).isEqualTo("0.125");
        assertThat(stored.m().get("open").bool()).isTrue();
        assertThat(stored.m().get("pronouns").nul()).isTrue();
        assertThat(stored.m().get("education").l().get(0).m().get("years").l().get(1).n()).isEqualTo("2014");
    }

    @Test
    void whatTheEnhancedClientStoredIsReadTheSameWay() {
        // DynamoDB's JSON mapping, as EnhancedDocument.fromJson wrote profile documents before this class.
        AttributeValue stored = AttributeValue.fromM(Map.of(
                "name", AttributeValue.fromS("Ana"),
                "languages", AttributeValue.fromL(List.of(AttributeValue.fromS("pt"), AttributeValue.fromS("en"))),
                "capacity", AttributeValue.fromN("2"),
                "visible", AttributeValue.fromBool(false),
                "city", AttributeValue.fromNul(true)));

        JsonNode json = JsonAttributes.toJson(stored);

        assertThat(json).isEqualTo(Json.read("""
                {"name": "Ana", "languages": ["pt", "en"], "capacity": 2, "visible": false, "city": null}""",
                JsonNode.class));
    }

    @Test
    void setsAndBinariesAreNotDocumentData() {
        assertThatThrownBy(() -> JsonAttributes.toJson(AttributeValue.fromSs(List.of("a"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SS");
    }
}
