package org.stockbazaar.frontend.cache;

import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.support.ServiceClients;

/**
 * The front end registers with the catalog and keeps a lease only when it has a cache to keep coherent: with
 * {@code bazaar.cache.enabled=false} there is no {@link StockCache} bean ({@link CacheConfiguration}) and no
 * registration either (null: no bean, decided at run time for the same reason as the cache).
 */
@Configuration(proxyBeanMethods = false)
class CatalogRegistrationConfiguration {

    @Bean
    CatalogRegistration catalogRegistration(Optional<StockCache> stockCache, CacheProperties properties,
            FrontendProperties frontend, ServiceClients clients, Environment environment) {
        return stockCache.map(cache -> new CatalogRegistration(cache, properties, frontend, clients, environment))
                .orElse(null);
    }
}
