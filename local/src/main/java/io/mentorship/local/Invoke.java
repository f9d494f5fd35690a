package io.mentorship.local;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.mentorship.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code make invoke FN=<LogicalId> EVENT=events/<file>.json}: invokes one function of the template with a
 * fixture, like {@code sam local invoke}, and prints its response. It uses the stack of a running {@code make run}
 * when there is one, else starts one in memory for the call.
 */
public final class Invoke {
    private Invoke() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: make invoke FN=<LogicalId> EVENT=events/<file>.json");
            System.exit(2);
        }
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
        Path state = root.resolve(".local/runtime.json");
        String stackName = "mentorship-invoke";
        Map<String, String> endpoints = Map.of();
        if (Files.exists(state)) {
            Map<String, Object> running = Json.read(Files.readString(state), Map.class);
            stackName = String.valueOf(running.get("stackName"));
            endpoints = ((Map<String, String>) running.get("aws"));
            System.err.println("using the stack of the running `make run`: " + stackName);
        }
        try (LocalRuntime runtime = LocalRuntime.start(new LocalRuntime.Options(root, stackName, "127.0.0.1", 0,
                null, 0, 0, null, false, endpoints))) {
            System.out.println(invoke(runtime.function(args[0]), Files.readString(root.resolve(args[1]))));
        }
    }

    /** Reads the fixture and writes the result with the serialization the Lambda Java runtime itself uses. */
    @SuppressWarnings("unchecked")
    public static String invoke(LocalFunction function, String eventJson) {
        Class<Object> type = (Class<Object>) function.inputType();
        Object event;
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            PojoSerializer<Object> serializer = LambdaEventSerializers.serializerFor(type,
                    Invoke.class.getClassLoader());
            event = serializer.fromJson(eventJson);
        } else {
            event = Json.read(eventJson, type);
        }
        Object result = function.invoke(event);
        if (result != null && LambdaEventSerializers.isLambdaSupportedEvent(result.getClass().getName())) {
            PojoSerializer<Object> serializer = LambdaEventSerializers.serializerFor(
                    (Class<Object>) result.getClass(), Invoke.class.getClassLoader());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            serializer.toJson(result, out);
            return out.toString(StandardCharsets.UTF_8);
        }
        return Json.write(result);
    }


}
