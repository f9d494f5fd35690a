package io.mentorship.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mentorship.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A JSON document as a DynamoDB attribute and back, in DynamoDB's own JSON mapping (the one the SDK's enhanced
 * client's {@code EnhancedDocument} uses, which stored these documents before): objects are maps (M), arrays lists
 * (L), strings S, numbers N (their JSON text), booleans BOOL and null NUL. A profile's document is stored this way
 * (ProfileRepository) so that it stays readable and queryable in the table. Kept here rather than pulling in the
 * enhanced client, which weighed a tenth of every function's jar for these two conversions.
 */
final class JsonAttributes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonAttributes() {
    }

    static AttributeValue toAttribute(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, AttributeValue> map = new LinkedHashMap<>();
                node.properties().forEach(e -> map.put(e.getKey(), toAttribute(e.getValue())));
                yield AttributeValue.fromM(map);
            }
            case ARRAY -> {
                List<AttributeValue> list = new ArrayList<>(node.size());
                node.forEach(e -> list.add(toAttribute(e)));
                yield AttributeValue.fromL(list);
            }
            case STRING -> AttributeValue.fromS(node.textValue());
            case NUMBER -> AttributeValue.fromN(node.asText());
            case BOOLEAN -> AttributeValue.fromBool(node.booleanValue());
            case NULL -> AttributeValue.fromNul(true);
            default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        };
    }

    static JsonNode toJson(AttributeValue value) {
        return switch (value.type()) {
            case M -> {
                ObjectNode object = NODES.objectNode();
                value.m().forEach((k, v) -> object.set(k, toJson(v)));
                yield object;
            }
            case L -> {
                ArrayNode array = NODES.arrayNode(value.l().size());
                value.l().forEach(v -> array.add(toJson(v)));
                yield array;
            }
            case S -> NODES.textNode(value.s());
            case N -> number(value.n());
            case BOOL -> NODES.booleanNode(value.bool());
            case NUL -> NODES.nullNode();
            default -> throw new IllegalArgumentException("not a JSON document attribute: " + value.type());
        };
    }

    private static JsonNode number(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a number: " + text, e);
        }
    }
}
