package org.stockbazaar.catalog.stock;

/**
 * A trade sent to the catalog: {@code {"type":"buy","quantity":3,"requestId":"..."}}, plus {@code "name"} in a batch
 * (a single trade names its stock in the path). The request id lets a caller retry after a timeout or a crash
 * without trading twice.
 */
record TradeRequest(String name, String type, Long quantity, String requestId) {
}
