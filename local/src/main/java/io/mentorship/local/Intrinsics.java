package io.mentorship.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsics ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub}, {@code Fn::Join},
 * {@code Fn::Select}, and the condition functions {@code Fn::If}, {@code Fn::Equals}, {@code Fn::Not},
 * {@code Fn::And}, {@code Fn::Or}, {@code Condition}) against the local stack's parameters, conditions and
 * provisioned resources.
 */
public final class Intrinsics {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");
    private static final Object NO_VALUE = new Object();

    /** What a logical id or pseudo parameter stands for in this stack. */
    public interface Lookup {
        Optional<String> ref(String name);

        Optional<String> attribute(String logicalId, String attribute);

        /** The value of the template's condition {@code name}; empty if there is no such condition. */
        default Optional<Boolean> condition(String name) {
            return Optional.empty();
        }
    }

    /** A reference to something the stack does not (yet) have. */
    public static final class UnresolvedReference extends RuntimeException {
        public UnresolvedReference(String message) {
            super(message);
        }
    }

    private final Lookup lookup;

    public Intrinsics(Lookup lookup) {
        this.lookup = lookup;
    }

    public String string(Object value) {
        Object resolved = resolve(value);
        return resolved == null ? null : String.valueOf(resolved);
    }

    @SuppressWarnings("unchecked")
    public Object resolve(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<String, Object> only = ((Map<String, Object>) map).entrySet().iterator().next();
                switch (only.getKey()) {
                    case "Ref":
                        return ref(String.valueOf(only.getValue()));
                    case "Fn::GetAtt":
                        return getAtt(only.getValue());
                    case "Fn::Sub":
                        return sub(only.getValue());
                    case "Fn::Join":
                        return join(only.getValue());
                    case "Fn::Select":
                        return select(only.getValue());
                    case "Fn::If": {
                        List<Object> args = SamTemplate.list(only.getValue());
                        return resolve(condition(String.valueOf(args.get(0))) ? args.get(1) : args.get(2));
                    }
                    case "Fn::Equals": {
                        List<Object> args = SamTemplate.list(only.getValue());
                        return String.valueOf(resolve(args.get(0))).equals(String.valueOf(resolve(args.get(1))));
                    }
                    case "Fn::Not":
                        return !truth(SamTemplate.list(only.getValue()).get(0));
                    case "Fn::And":
                        return SamTemplate.list(only.getValue()).stream().allMatch(this::truth);
                    case "Fn::Or":
                        return SamTemplate.list(only.getValue()).stream().anyMatch(this::truth);
                    case "Condition":
                        return condition(String.valueOf(only.getValue()));
                    default:
                        break;
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> {
                Object resolved = resolve(v);
                if (resolved != NO_VALUE) {
                    out.put(k, resolved);
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                Object resolved = resolve(item);
                if (resolved != NO_VALUE) {
                    out.add(resolved);
                }
            }
            return out;
        }
        return value;
    }

    /** Whether condition {@code name} holds. */
    public boolean condition(String name) {
        return lookup.condition(name).orElseThrow(() -> new IllegalArgumentException("no condition " + name));
    }

    private boolean truth(Object expression) {
        return Boolean.TRUE.equals(resolve(expression));
    }

    private Object ref(String name) {
        if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
        }
        return lookup.ref(name).orElseThrow(() -> new UnresolvedReference("!Ref " + name));
    }

    private Object getAtt(Object value) {
        List<Object> parts = value instanceof String s ? List.of((Object[]) s.split("\\.", 2))
                : SamTemplate.list(value);
        if (parts.size() != 2) {
            throw new IllegalArgumentException("Fn::GetAtt needs [LogicalId, Attribute]: " + value);
        }
        String id = String.valueOf(parts.get(0));
        String attribute = String.valueOf(resolve(parts.get(1)));
        return lookup.attribute(id, attribute)
                .orElseThrow(() -> new UnresolvedReference("!GetAtt " + id + "." + attribute));
    }

    private Object sub(Object value) {
        String text;
        Map<String, Object> variables = Map.of();
        if (value instanceof List<?> list) {
            text = String.valueOf(list.get(0));
            variables = SamTemplate.map(list.get(1));
        } else {
            text = String.valueOf(value);
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (variables.containsKey(name)) {
                replacement = string(variables.get(name));
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                String[] parts = name.split("\\.", 2);
                replacement = lookup.attribute(parts[0], parts[1])
                        .orElseThrow(() -> new UnresolvedReference("${" + name + "}"));
            } else {
                replacement = String.valueOf(ref(name));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString().replace("${!", "${");
    }

    private Object join(Object value) {
        List<Object> args = SamTemplate.list(value);
        String delimiter = String.valueOf(args.get(0));
        List<String> parts = new ArrayList<>();
        for (Object part : SamTemplate.list(resolve(args.get(1)))) {
            parts.add(String.valueOf(part));
        }
        return String.join(delimiter, parts);
    }

    private Object select(Object value) {
        List<Object> args = SamTemplate.list(value);
        int index = Integer.parseInt(String.valueOf(resolve(args.get(0))));
        return SamTemplate.list(resolve(args.get(1))).get(index);
    }
}
