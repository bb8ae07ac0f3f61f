package org.stockbazaar.frontend.cluster;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled false removes {@code /cluster} and {@code /cluster/state} from the public port (env
 *                {@code BAZAAR_CLUSTERPAGE_ENABLED}); on by default, see docs/cluster-page.md
 */
@ConfigurationProperties(prefix = "bazaar.cluster-page")
public record ClusterPageProperties(@DefaultValue("true") boolean enabled) {
}
