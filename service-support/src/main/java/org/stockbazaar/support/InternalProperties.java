package org.stockbazaar.support;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The shared secret that guards every {@code /internal/**} endpoint (env {@code BAZAAR_INTERNAL_TOKEN}). The run
 * script generates one per run and hands it to every service; a service without one refuses to start rather than
 * leave its internal endpoints open.
 */
@ConfigurationProperties(prefix = "bazaar.internal")
public record InternalProperties(String token) {

    public static final String HEADER = "X-Bazaar-Internal-Token";

    public InternalProperties {
        if (token == null || token.isBlank()) {
            throw new IllegalStateException(
                    "bazaar.internal.token (env BAZAAR_INTERNAL_TOKEN) must be set: it guards the internal endpoints");
        }
    }
}
