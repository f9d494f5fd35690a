package io.mentorship.api;

import io.mentorship.domain.DomainException;

/** A client-facing failure: the HTTP status and the {@code {"error":{code,message,field}}} body it becomes. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public ApiException(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /** The one table from the domain's refusals to HTTP statuses; code, message and field carry over. */
    public static ApiException from(DomainException refused) {
        int status = switch (refused.kind()) {
            case INVALID_INPUT -> 400;
            case NOT_ALLOWED -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case LIMIT_REACHED -> 429;
        };
        return new ApiException(status, refused.code(), refused.getMessage(), refused.field());
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(400, "INVALID_FIELD", message, field);
    }

    public static ApiException malformed(String message) {
        return new ApiException(400, "MALFORMED_JSON", message, null);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "UNAUTHORIZED", "a valid bearer token is required", null);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "FORBIDDEN", message, null);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "NOT_FOUND", message, null);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message, null);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "PAYLOAD_TOO_LARGE", message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
