package org.stockbazaar.catalog;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dataDir            where the journal and snapshot live (env {@code BAZAAR_CATALOG_DATA_DIR})
 * @param seedFile           the stocks a fresh catalog starts with, a CSV of name,price,quantity
 *                           (env {@code BAZAAR_CATALOG_SEED_FILE}; default: the one packaged in the jar)
 * @param frontends          front ends told to drop a stock from their cache after each trade on it
 *                           (env {@code BAZAAR_CATALOG_FRONTENDS}, comma-separated)
 * @param invalidationTimeout how long one invalidation call may take before the trade is answered anyway
 * @param snapshotEvery      journal entries between two snapshots (bounds restart replay)
 */
@ConfigurationProperties(prefix = "bazaar.catalog")
public record CatalogProperties(
        @DefaultValue("data/catalog") Path dataDir,
        String seedFile,
        @DefaultValue("http://127.0.0.1:8091") List<URI> frontends,
        @DefaultValue("500ms") Duration invalidationTimeout,
        @DefaultValue("50000") int snapshotEvery) {
}
