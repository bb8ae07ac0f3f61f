package org.stockbazaar.catalog.invalidation;

import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.stockbazaar.catalog.CatalogProperties;
import org.stockbazaar.support.InternalProperties;
import org.stockbazaar.support.KeepAliveHttp;

/**
 * Tells every configured front end to drop a stock from its cache, before the trade that changed it is
 * acknowledged. A front end that does not answer in time is logged and skipped: the trade stays applied, and a front
 * end that was down starts with an empty cache anyway.
 */
@Component
public class FrontendInvalidator {

    private static final Logger log = LoggerFactory.getLogger(FrontendInvalidator.class);

    private final List<URI> frontends;
    private final RestClient http;

    FrontendInvalidator(CatalogProperties properties, InternalProperties internal) {
        this.frontends = properties.frontends();
        this.http = KeepAliveHttp.restClient(properties.invalidationTimeout(), properties.invalidationTimeout())
                .defaultHeader(InternalProperties.HEADER, internal.token())
                .build();
    }

    public void stockChanged(String name) {
        for (URI frontend : frontends) {
            try {
                http.delete().uri(frontend + "/internal/cache/{name}", name).retrieve().toBodilessEntity();
            } catch (RestClientException e) {
                log.warn("Could not invalidate {} in the cache of front end {}: {}", name, frontend, e.getMessage());
            }
        }
    }
}
