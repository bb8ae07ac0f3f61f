package org.stockbazaar.support;

import org.springframework.http.HttpStatus;

/** A failure the client should see, with the status and message it should see. */
public class ApiException extends RuntimeException {

    /** What every 404 for a path that is not served says: an unknown path, or an endpoint switched off. */
    static final String NO_SUCH_ENDPOINT = "no such endpoint";

    private final HttpStatus status;

    public ApiException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, message);
    }

    /** A path this service does not serve as configured: answered as any unknown path is. */
    public static ApiException noSuchEndpoint() {
        return notFound(NO_SUCH_ENDPOINT);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, message);
    }
}
