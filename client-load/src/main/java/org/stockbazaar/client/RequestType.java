package org.stockbazaar.client;

import java.util.Arrays;

/** The three requests a session sends; latency and errors are kept apart for each. */
enum RequestType {

    LOOKUP("lookup", "GET /stocks/{name}"),
    TRADE("trade", "POST /orders"),
    QUERY("query", "GET /orders/{n}");

    /** The name in every raw-result file and chart. */
    final String id;
    final String endpoint;

    RequestType(String id, String endpoint) {
        this.id = id;
        this.endpoint = endpoint;
    }

    static RequestType of(String id) {
        return Arrays.stream(values()).filter(type -> type.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown request type '" + id + "'"));
    }
}
