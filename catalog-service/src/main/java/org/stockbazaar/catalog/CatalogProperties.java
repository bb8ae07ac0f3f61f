package org.stockbazaar.catalog;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dataDir            where the journal and snapshot live (env {@code BAZAAR_CATALOG_DATA_DIR})
 * @param seedFile           the stocks a fresh catalog starts with, a CSV of name,price,quantity
 *                           (env {@code BAZAAR_CATALOG_SEED_FILE}; default: the one packaged in the jar)
 * @param frontendLease      how long a front end's registration lasts unless renewed: the longest a front end
 *                           that stops answering can hold up trades (docs/cache.md, "Several front ends")
 * @param invalidationTimeout how long one invalidation call may take before the front end is given up on
 * @param snapshotEvery      journal entries between two snapshots (bounds restart replay)
 */
@ConfigurationProperties(prefix = "bazaar.catalog")
public record CatalogProperties(
        @DefaultValue("data/catalog") Path dataDir,
        String seedFile,
        @DefaultValue("1s") Duration frontendLease,
        @DefaultValue("500ms") Duration invalidationTimeout,
        @DefaultValue("50000") int snapshotEvery) {

    public CatalogProperties {
        if (frontendLease == null || frontendLease.isNegative() || frontendLease.isZero()) {
            throw new IllegalArgumentException("bazaar.catalog.frontend-lease must be positive, was " + frontendLease);
        }
    }
}
