package io.mentorship.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A SAM template read as plain maps, with the short-form intrinsics ({@code !Ref}, {@code !GetAtt}, {@code !Sub},
 * ...) turned into their long form ({@code {"Ref": ...}}, {@code {"Fn::GetAtt": [...]}}) so one resolver handles both.
 */
public final class SamTemplate {
    private final Map<String, Object> root;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
    }

    public static SamTemplate load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> root = new Yaml(new IntrinsicConstructor()).load(reader);
            return new SamTemplate(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    public Map<String, Object> parameters() {
        return map(root.get("Parameters"));
    }

    public Map<String, Object> resources() {
        return map(root.get("Resources"));
    }

    /** {@code Conditions}: name to condition expression. */
    public Map<String, Object> conditions() {
        return map(root.get("Conditions"));
    }

    public Map<String, Object> outputs() {
        return map(root.get("Outputs"));
    }

    /** {@code Globals.<section>} (for example {@code Function}), empty when absent. */
    public Map<String, Object> globals(String section) {
        return map(map(root.get("Globals")).get(section));
    }

    /** The logical ids and definitions of every resource of {@code type}, in template order. */
    public Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources().forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            if (type.equals(resource.get("Type"))) {
                found.put(id, resource);
            }
        });
        return found;
    }

    public String typeOf(String logicalId) {
        Object resource = resources().get(logicalId);
        return resource == null ? null : (String) map(resource).get("Type");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** Maps {@code !Name value} to {@code {"Fn::Name": value}} ({@code !Ref} to {@code {"Ref": value}}). */
    private static final class IntrinsicConstructor extends SafeConstructor {
        private static final List<String> FUNCTIONS = List.of("Ref", "GetAtt", "Sub", "Join", "Select", "Split",
                "If", "Equals", "Not", "And", "Or", "FindInMap", "GetAZs", "ImportValue", "Base64", "Condition");

        IntrinsicConstructor() {
            super(new LoaderOptions());
            for (String function : FUNCTIONS) {
                String key = function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
                this.yamlConstructors.put(new Tag("!" + function), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value = switch (node) {
                            case ScalarNode scalar when function.equals("GetAtt") ->
                                    List.of(scalar.getValue().split("\\.", 2));
                            case ScalarNode scalar -> scalar.getValue();
                            case SequenceNode sequence -> constructSequence(sequence);
                            case MappingNode mapping -> constructMapping(mapping);
                            default -> throw new IllegalArgumentException("unsupported node for !" + function);
                        };
                        return Map.of(key, value);
                    }
                });
            }
        }
    }
}
