package io.mentorship.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mentorship.aws.LogContext;
import io.mentorship.aws.PrimedHandler;
import io.mentorship.domain.DomainException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shape every HTTP function shares: route the request, turn domain refusals into 4xx, and never leak a stack
 * trace. Only a fault of ours becomes a 500.
 */
public abstract class ApiHandler extends PrimedHandler
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /** A member id no one has: priming reads with it and finds nothing. */
    public static final String PRIMING_USER = "snapstart-priming";
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private final AtomicBoolean cold = new AtomicBoolean(true);

    /**
     * Runs every GET route this function serves, twice, as an admin member who does not exist and with ids that
     * cannot exist: the SDK client, Jackson, the routing and the responses are loaded and warmed, and nothing is
     * written (reads find nothing; the answers are 404s or empty lists).
     */
    @Override
    protected void prime() {
        // Twice: the second pass runs what the first loaded, as a request after a cold start would.
        for (int pass = 0; pass < 2; pass++) {
            primeRoutes();
        }
    }

    private void primeRoutes() {
        for (String route : routeKeys()) {
            if (!route.startsWith("GET ")) {
                continue;
            }
            String path = route.substring(4);
            Map<String, String> parameters = new java.util.HashMap<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
            while (m.find()) {
                String name = m.group(1);
                parameters.put(name, switch (name) {
                    case "userId" -> PRIMING_USER;
                    case "role" -> "mentee";
                    default -> "00000000-0000-0000-0000-000000000000";
                });
            }
            APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                    .withRouteKey(route)
                    .withRawPath(path)
                    .withPathParameters(parameters)
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withRequestId("snapstart-priming")
                            .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                            .withClaims(Map.of("sub", PRIMING_USER, "cognito:groups", "[admin]"))
                                            .build())
                                    .build())
                            .build())
                    .build();
            try {
                handle(new ApiRequest(event));
            } catch (ApiException refused) {
                // A refusal (404, 403, 400) is as warm as an answer, once its body is written as a response is.
                ApiResponses.error(refused);
            } catch (DomainException refused) {
                ApiResponses.error(ApiException.from(refused));
            } catch (RuntimeException unexpected) {
                LOG.debug("priming {}", route, unexpected);
            }
        }
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long started = System.nanoTime();
        ApiRequest request = new ApiRequest(event);
        LogContext.begin(context, cold, getClass());
        LogContext.put(LogContext.ROUTE, request.routeKey());
        LogContext.put(LogContext.CALLER_ID, request.claimedCallerId());
        APIGatewayV2HTTPResponse response;
        try {
            response = handle(request);
        } catch (ApiException e) {
            response = ApiResponses.error(e);
        } catch (DomainException e) {
            response = ApiResponses.error(ApiException.from(e));
        } catch (RuntimeException e) {
            LOG.error("unhandled error; answered 500", e);
            response = ApiResponses.error(new ApiException(500, "INTERNAL", "internal error; request id "
                    + request.requestId(), null));
        }
        try {
            LOG.info("answered {} in {} ms", response.getStatusCode(), (System.nanoTime() - started) / 1_000_000);
        } finally {
            LogContext.end();
        }
        return response;
    }

    protected abstract APIGatewayV2HTTPResponse handle(ApiRequest request);

    /** The route keys ({@code "GET /users/{userId}"}) this function serves; the template must declare each. */
    public abstract Set<String> routeKeys();

    protected static ApiException unknownRoute(ApiRequest request) {
        return ApiException.notFound("no route " + request.routeKey());
    }
}
