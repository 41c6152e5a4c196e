package io.parley.admin.auth;

/**
 * A request without the right token: 401 (no token, bad signature, expired, malformed) or 403
 * (a valid token that does not allow this). The message says which, for the response body.
 */
public final class AuthException extends Exception {
    private final int status;

    private AuthException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static AuthException unauthorized(String message) {
        return new AuthException(401, message);
    }

    public static AuthException forbidden(String message) {
        return new AuthException(403, message);
    }

    /** The HTTP status: 401 or 403. */
    public int status() {
        return status;
    }

    /** A short machine-readable code for JSON errors. */
    public String code() {
        return status == 401 ? "unauthorized" : "forbidden";
    }
}
