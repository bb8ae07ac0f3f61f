package org.stockbazaar.client.results;

import java.util.Arrays;

/**
 * The three requests a session sends; latency and errors are kept apart for each. Lookups are also counted apart by
 * what served them, as the front end says in its {@code X-Cache} header: the cache's effect is measured, not
 * inferred from the mix.
 */
public enum RequestType {

    LOOKUP("lookup", "GET /stocks/{name}", true),
    TRADE("trade", "POST /orders", true),
    QUERY("query", "GET /orders/{n}", true),
    LOOKUP_HIT("lookup-hit", "GET /stocks/{name} answered from the front end's cache (X-Cache: hit)", false),
    LOOKUP_MISS("lookup-miss", "GET /stocks/{name} answered by the catalog (X-Cache: miss)", false);

    /** The name in every raw-result file and chart. */
    public final String id;
    public final String endpoint;
    /** False for the hit and miss split: those lookups are already counted as {@link #LOOKUP}. */
    public final boolean ownRequests;

    RequestType(String id, String endpoint, boolean ownRequests) {
        this.id = id;
        this.endpoint = endpoint;
        this.ownRequests = ownRequests;
    }

    public static RequestType of(String id) {
        return Arrays.stream(values()).filter(type -> type.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown request type '" + id + "'"));
    }
}
