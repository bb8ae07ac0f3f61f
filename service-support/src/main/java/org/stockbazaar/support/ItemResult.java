package org.stockbazaar.support;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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

    /**
     * Answers a batch in order: an item {@code check} refuses (by throwing an {@link ApiException}) gets that error
     * in its place, and the items it accepts go to {@code apply} together, which answers each of them in order.
     */
    public static <I, V, R> List<ItemResult<R>> answerEach(List<I> items, Function<I, V> check,
            Function<List<V>, List<ItemResult<R>>> apply) {
        List<ItemResult<R>> results = new ArrayList<>(items.size());
        List<V> accepted = new ArrayList<>();
        List<Integer> acceptedAt = new ArrayList<>();
        for (I item : items) {
            try {
                accepted.add(check.apply(item));
                acceptedAt.add(results.size());
                results.add(null);
            } catch (ApiException refused) {
                results.add(ofError(refused));
            }
        }
        if (!accepted.isEmpty()) {
            List<ItemResult<R>> answered = apply.apply(accepted);
            for (int i = 0; i < answered.size(); i++) {
                results.set(acceptedAt.get(i), answered.get(i));
            }
        }
        return results;
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
