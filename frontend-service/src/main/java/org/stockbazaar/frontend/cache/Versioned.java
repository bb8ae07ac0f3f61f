package org.stockbazaar.frontend.cache;

/**
 * A value as the catalog answered it, with the stock's version: how many committed orders the catalog had applied
 * when the stock last changed (its {@code X-Stock-Version} header). What the stock cache holds, so that it can tell
 * whether a cached value was read before a given trade (docs/cache.md, "The front end that routed a trade").
 */
public record Versioned<T>(T value, long version) {
}
