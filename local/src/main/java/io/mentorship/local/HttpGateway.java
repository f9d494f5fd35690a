package io.mentorship.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mentorship.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API of the template on a local socket: it matches each request to a declared route, applies the JWT
 * authorizer, and invokes the route's function with the payload-2.0 event API Gateway would send.
 */
public final class HttpGateway implements AutoCloseable {
    /** API Gateway refuses larger payloads before any function runs. */
    private static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z").withZone(ZoneOffset.UTC);

    /** A route of the template: {@code GET /users/{userId}} and the function behind it. */
    public record Route(String method, String path, LocalFunction function, boolean authorized) {
        String routeKey() {
            return method + " " + path;
        }

        Pattern pattern() {
            return compiled(path).pattern();
        }

        List<String> parameterNames() {
            return compiled(path).parameterNames();
        }
    }

    /** A path template's parameters: {@code {name}} or {@code {name+}}. */
    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z0-9_]+)(\\+?)}");

    /** A path template as requests are matched against it: its pattern and its parameters' names, in order. */
    private record Compiled(Pattern pattern, List<String> parameterNames) {
    }

    /** Each template compiled once (compiling it again for every request cost a few % of the CPU). */
    private static final Map<String, Compiled> COMPILED = new ConcurrentHashMap<>();

    private static Compiled compiled(String template) {
        return COMPILED.computeIfAbsent(template, HttpGateway::compile);
    }

    /**
     * The requests a route's path template matches, as API Gateway matches them: {@code {name}} is one segment,
     * {@code {name+}} the rest of the path; each parameter is a named group.
     */
    public static Pattern pathPattern(String template) {
        return compiled(template).pattern();
    }

    private static Compiled compile(String template) {
        Matcher m = PARAMETER.matcher(template);
        StringBuilder regex = new StringBuilder("^");
        List<String> names = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append(m.group(2).isEmpty() ? "(?<" + m.group(1) + ">[^/]+)" : "(?<" + m.group(1) + ">.+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append("$");
        return new Compiled(Pattern.compile(regex.toString()), List.copyOf(names));
    }

    /** How much of a template is literal; like API Gateway, the more literal of two matching routes wins. */
    public static int literalLength(String template) {
        return template.replaceAll("\\{[^}]+}", "").length();
    }

    private final HttpServer server;
    private final List<Route> routes;
    private final LocalTokens tokens;
    private final Clock clock;
    private final StaticSite site;

    public HttpGateway(String host, int port, List<Route> routes, LocalTokens tokens, Clock clock, StaticSite site)
            throws IOException {
        this.routes = List.copyOf(routes);
        this.site = site;
        this.tokens = tokens;
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::serve);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Route> routes() {
        return routes;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String method = exchange.getRequestMethod().toUpperCase();
            String path = uri.getRawPath();
            if (method.equals("GET") && path.equals("/_local/token")) {
                issueToken(exchange, uri);
                return;
            }
            if (method.equals("GET") && path.equals("/_local/metrics")) {
                send(exchange, 200, Map.of("content-type", "application/json"),
                        io.mentorship.json.Json.write(LocalMetrics.INSTANCE.summary()));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
            }
            if (body.length > MAX_PAYLOAD_BYTES) {
                send(exchange, 413, Map.of("content-type", "application/json"),
                        "{\"message\":\"Request Entity Too Large\"}");
                return;
            }
            for (Route route : routes) {
                Matcher m = route.pattern().matcher(path);
                if (route.method().equals(method) || route.method().equals("ANY")) {
                    if (m.matches()) {
                        dispatch(exchange, route, m, body);
                        return;
                    }
                }
            }
            // Only what no route serves is looked for among the console, the contract and the docs.
            if (method.equals("GET") && site != null) {
                Optional<StaticSite.Asset> asset = site.find(path);
                if (asset.isPresent()) {
                    Map<String, String> headers = new LinkedHashMap<>(asset.get().headers());
                    headers.put("content-type", asset.get().contentType());
                    sendBytes(exchange, headers.containsKey("location") ? 301 : 200, headers, asset.get().body());
                    return;
                }
            }
            send(exchange, 404, Map.of("content-type", "application/json"), "{\"message\":\"Not Found\"}");
        } catch (RuntimeException e) {
            e.printStackTrace();
            send(exchange, 500, Map.of("content-type", "application/json"),
                    "{\"message\":\"Internal Server Error\"}");
        }
    }

    private void dispatch(HttpExchange exchange, Route route, Matcher match, byte[] body) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("cookie")) {
                cookies.addAll(values);
            } else {
                headers.put(name.toLowerCase(), String.join(",", values));
            }
        });
        Map<String, String> claims = null;
        if (route.authorized()) {
            Optional<Map<String, String>> verified = tokens.verify(headers.get("authorization"));
            if (verified.isEmpty()) {
                send(exchange, 401, Map.of("content-type", "application/json", "www-authenticate", "Bearer"),
                        "{\"message\":\"Unauthorized\"}");
                return;
            }
            claims = verified.get();
        }
        Map<String, String> pathParameters = new LinkedHashMap<>();
        for (String name : route.parameterNames()) {
            pathParameters.put(name, URLDecoder.decode(match.group(name), StandardCharsets.UTF_8));
        }
        String rawQuery = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        Map<String, String> query = queryParameters(rawQuery);
        String contentType = headers.getOrDefault("content-type", "");
        boolean text = body.length == 0 || contentType.isEmpty() || contentType.contains("json")
                || contentType.startsWith("text/");
        var now = clock.instant();

        var authorizer = claims == null ? null : APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                        .withClaims(claims).withScopes(List.of()).build())
                .build();
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.routeKey())
                .withRawPath(exchange.getRequestURI().getRawPath())
                .withRawQueryString(rawQuery)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withBody(body.length == 0 ? null
                        : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId(ProvisionedStack.ACCOUNT_ID)
                        .withApiId("local")
                        .withDomainName("127.0.0.1")
                        .withDomainPrefix("127")
                        .withStage("$default")
                        .withRouteKey(route.routeKey())
                        .withRequestId(UUID.randomUUID().toString())
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withAuthorizer(authorizer)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(route.method())
                                .withPath(exchange.getRequestURI().getRawPath())
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .build())
                .build();

        Object result = route.function().invoke(event);
        if (!(result instanceof APIGatewayV2HTTPResponse response)) {
            send(exchange, 200, Map.of("content-type", "application/json"), Json.write(result));
            return;
        }
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        if (response.getHeaders() != null) {
            responseHeaders.putAll(response.getHeaders());
        }
        String responseBody = response.getBody() == null ? "" : response.getBody();
        if (response.getIsBase64Encoded()) {
            byte[] bytes = Base64.getDecoder().decode(responseBody);
            sendBytes(exchange, response.getStatusCode(), responseHeaders, bytes);
        } else {
            send(exchange, response.getStatusCode(), responseHeaders, responseBody);
        }
    }

    private void issueToken(HttpExchange exchange, URI uri) throws IOException {
        Map<String, String> query = queryParameters(Optional.ofNullable(uri.getRawQuery()).orElse(""));
        String sub = query.get("sub");
        if (sub == null || !io.mentorship.api.ApiRequest.isValidUserId(sub)) {
            send(exchange, 400, Map.of("content-type", "application/json"),
                    "{\"error\":{\"code\":\"INVALID_FIELD\",\"message\":\"sub: a user id such as alice\","
                            + "\"field\":\"sub\"}}");
            return;
        }
        List<String> groups = "true".equals(query.get("admin")) ? List.of("admin") : List.of();
        String token = tokens.issue(sub, groups, Duration.ofHours(12));
        send(exchange, 200, Map.of("content-type", "application/json"),
                Json.write(Map.of("token", token, "sub", sub, "groups", groups, "expiresIn", 12 * 3600)));
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            // API Gateway joins repeated parameters with commas.
            query.merge(name, value, (a, b) -> a + "," + b);
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        sendBytes(exchange, status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendBytes(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.getResponseHeaders().set("apigw-requestid", UUID.randomUUID().toString());
        if (status == 204 || body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
