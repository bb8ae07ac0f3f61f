package org.stockbazaar.support;

/** The success envelope of every Stock Bazaar API: {@code {"data":{...}}}. */
public record ApiData<T>(T data) {

    public static <T> ApiData<T> of(T data) {
        return new ApiData<>(data);
    }
}
