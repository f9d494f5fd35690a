package io.mentorship.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mentorship.aws.LogContext;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shape every HTTP function shares: route the request, turn domain refusals into 4xx, and never leak a stack
 * trace. Only a fault of ours becomes a 500.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private final AtomicBoolean cold = new AtomicBoolean(true);

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
