package org.stockbazaar.support;

/**
 * The one error shape of every Stock Bazaar API: {@code {"error":{"code":404,"message":"stock not found"}}}.
 * The HTTP status always equals {@code code}.
 */
public record ApiError(Body error) {

    public record Body(int code, String message) {
    }

    public static ApiError of(int code, String message) {
        return new ApiError(new Body(code, message));
    }
}
