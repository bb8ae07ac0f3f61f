package org.stockbazaar.client.results;

import java.util.Arrays;

/**
 * The three requests a session sends; latency and errors are kept apart for each. Lookups are also counted apart by
 * what served them, as the front end says in its {@code X-Cache} header: the cache's effect is measured, not
 * inferred from the mix.
 */
public enum RequestType {

    LOOKUP("lookup", "GET /stocks/{name}"),
    TRADE("trade", "POST /orders"),
    QUERY("query", "GET /orders/{n}"),
    LOOKUP_HIT("lookup-hit", "GET /stocks/{name} answered from the front end's cache (X-Cache: hit)"),
    LOOKUP_MISS("lookup-miss", "GET /stocks/{name} answered by the catalog (X-Cache: miss)");

    /** The name in every raw-result file and chart. */
    public final String id;
    public final String endpoint;

    RequestType(String id, String endpoint) {
        this.id = id;
        this.endpoint = endpoint;
    }

    public static RequestType of(String id) {
        return Arrays.stream(values()).filter(type -> type.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown request type '" + id + "'"));
    }
}
