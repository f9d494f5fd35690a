package io.mentorship.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Set;

/**
 * The shape every HTTP function shares: route the request, turn domain refusals into 4xx, and never leak a stack
 * trace. Only a fault of ours becomes a 500.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        ApiRequest request = new ApiRequest(event);
        try {
            return handle(request);
        } catch (ApiException e) {
            return ApiResponses.error(e);
        } catch (RuntimeException e) {
            if (context != null && context.getLogger() != null) {
                context.getLogger().log("unhandled error on " + request.routeKey() + ": " + e);
            }
            e.printStackTrace();
            return ApiResponses.error(new ApiException(500, "INTERNAL", "internal error; request id "
                    + request.requestId(), null));
        }
    }

    protected abstract APIGatewayV2HTTPResponse handle(ApiRequest request);

    /** The route keys ({@code "GET /users/{userId}"}) this function serves; the template must declare each. */
    public abstract Set<String> routeKeys();

    protected static ApiException unknownRoute(ApiRequest request) {
        return ApiException.notFound("no route " + request.routeKey());
    }
}
