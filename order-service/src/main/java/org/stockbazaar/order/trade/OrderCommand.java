package org.stockbazaar.order.trade;

/** A trade as the front end forwards it, already validated there, with the request id that makes it retryable. */
record OrderCommand(String requestId, String name, String type, long quantity) {
}
