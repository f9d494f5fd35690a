package io.mentorship.domain;

/**
 * A request the domain refuses, in the domain's words: what kind of refusal, a stable code for clients, and the
 * field at fault when there is one. The API edge (the API handlers) turns each kind into a
 * status; nothing below it knows about HTTP.
 */
public final class DomainException extends RuntimeException {
    /** Why the request is refused. */
    public enum Kind {
        /** The input breaks a rule (a field's format, size, range or combination). */
        INVALID_INPUT,
        /** What the request names does not exist, or is not the caller's to see. */
        NOT_FOUND,
        /** The caller may not do this to that (someone else's record, an admin's action). */
        NOT_ALLOWED,
        /** The state forbids it now: it exists already, it changed since read, it is full or decided. */
        CONFLICT,
        /** The caller has reached a limit on how many of something they may have at once. */
        LIMIT_REACHED
    }

    private final Kind kind;
    private final String code;
    private final String field;

    public DomainException(Kind kind, String code, String message, String field) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.field = field;
    }

    public static DomainException invalid(String field, String message) {
        return new DomainException(Kind.INVALID_INPUT, "INVALID_FIELD", message, field);
    }

    /** The body a command needs is absent or not a JSON object. */
    public static DomainException malformed(String message) {
        return new DomainException(Kind.INVALID_INPUT, "MALFORMED_JSON", message, null);
    }

    public static DomainException notFound(String message) {
        return new DomainException(Kind.NOT_FOUND, "NOT_FOUND", message, null);
    }

    public static DomainException forbidden(String message) {
        return new DomainException(Kind.NOT_ALLOWED, "FORBIDDEN", message, null);
    }

    public static DomainException conflict(String code, String message) {
        return new DomainException(Kind.CONFLICT, code, message, null);
    }

    public static DomainException limitReached(String code, String message) {
        return new DomainException(Kind.LIMIT_REACHED, code, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
