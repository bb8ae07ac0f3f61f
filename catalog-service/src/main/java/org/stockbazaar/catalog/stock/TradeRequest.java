package org.stockbazaar.catalog.stock;

/**
 * Body of a trade sent to the catalog: {@code {"type":"buy","quantity":3,"requestId":"..."}}. The request id lets a
 * caller retry after a timeout or a crash without trading twice.
 */
record TradeRequest(String type, Long quantity, String requestId) {
}
