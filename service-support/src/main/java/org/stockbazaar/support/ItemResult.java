package org.stockbazaar.support;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.http.HttpStatus;

/**
 * One item's answer in a batch, in the API's own two shapes: {@code {"data":{...}}} or
 * {@code {"error":{"code":409,"message":"..."}}}. A batch of trades answers each trade on its own: one refusal does
 * not fail the others.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemResult<T>(T data, ApiError.Body error) {

    public static <T> ItemResult<T> of(T data) {
        return new ItemResult<>(data, null);
    }

    public static <T> ItemResult<T> ofError(ApiException e) {
        return new ItemResult<>(null, new ApiError.Body(e.status().value(), e.getMessage()));
    }

    /** The error as the exception a single request would have thrown; the caller checks {@link #failed()} first. */
    public ApiException toException() {
        HttpStatus status = HttpStatus.resolve(error.code());
        return new ApiException(status != null ? status : HttpStatus.INTERNAL_SERVER_ERROR, error.message());
    }

    @JsonIgnore
    public boolean failed() {
        return error != null;
    }
}
