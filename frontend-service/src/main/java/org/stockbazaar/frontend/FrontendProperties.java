package org.stockbazaar.frontend;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param catalogUrl     the catalog service (env {@code BAZAAR_FRONTEND_CATALOG_URL})
 * @param connectTimeout how long to wait for a connection to another service
 * @param readTimeout    how long to wait for another service's answer
 */
@ConfigurationProperties(prefix = "bazaar.frontend")
public record FrontendProperties(
        @DefaultValue("http://127.0.0.1:8092") URI catalogUrl,
        @DefaultValue("300ms") Duration connectTimeout,
        @DefaultValue("2s") Duration readTimeout) {
}
