package io.mentorship.aws;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The environment a function was configured with. In Lambda it is the process environment; the local runtime,
 * which hosts every function in one JVM, hands each function its own resolved variables while constructing it.
 */
public final class LambdaEnvironment {
    private static final ThreadLocal<Map<String, String>> CONSTRUCTING = new ThreadLocal<>();

    private final Map<String, String> variables;

    private LambdaEnvironment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static LambdaEnvironment of(Map<String, String> variables) {
        return new LambdaEnvironment(variables);
    }

    /** The environment of the function being constructed: the local runtime's, else the process's. */
    public static LambdaEnvironment current() {
        Map<String, String> local = CONSTRUCTING.get();
        return new LambdaEnvironment(local != null ? local : System.getenv());
    }

    /** Runs {@code constructor} with {@code variables} as the function's environment (local runtime only). */
    public static <T> T constructWith(Map<String, String> variables, Supplier<T> constructor) {
        Map<String, String> previous = CONSTRUCTING.get();
        CONSTRUCTING.set(Map.copyOf(variables));
        try {
            return constructor.get();
        } finally {
            if (previous == null) {
                CONSTRUCTING.remove();
            } else {
                CONSTRUCTING.set(previous);
            }
        }
    }

    public Optional<String> find(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
    }

    public String require(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("environment variable " + name + " is not set"));
    }

    public Map<String, String> asMap() {
        return variables;
    }
}
