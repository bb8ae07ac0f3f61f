package org.stockbazaar.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reading the manifest checks rely on: if it found nothing, every name would pass or fail for the wrong reason. */
class ServiceSettingsTest {

    @Test
    void environmentNamesBindAsSpringsRelaxedBindingDoes() {
        assertThat(ServiceSettings.binds("BAZAAR_ORDER_DATA_DIR", "bazaar.order.data-dir")).isTrue();
        assertThat(ServiceSettings.binds("BAZAAR_ORDER_DATADIR", "bazaar.order.data-dir")).isTrue();
        assertThat(ServiceSettings.binds("BAZAAR_CLUSTERPAGE_ENABLED", "bazaar.cluster-page.enabled")).isTrue();
        assertThat(ServiceSettings.binds("BAZAAR_ORDER_DATA", "bazaar.order.data-dir")).isFalse();
        assertThat(ServiceSettings.kebab("newCluster")).isEqualTo("new-cluster");
    }

    @Test
    void orderServiceSettingsComeFromItsRecordsItsYamlAndSpringBoot() {
        ServiceSettings order = ServiceSettings.of("order-service");
        assertThat(order.port()).isEqualTo(8093);
        assertThat(order.properties()).contains("bazaar.order.data-dir", "bazaar.order.catalog-url",
                "bazaar.order.new-cluster", "bazaar.internal.token", "server.port", "server.address",
                "spring.config.import");
        assertThat(order.placeholders()).contains("ORDER_ID", "ORDER_PEERS", "ORDER_PORT");
        assertThat(order.healthGroups()).contains("liveness", "readiness");
        assertThat(order.reads("ORDER_PEERS")).isTrue();
        assertThat(order.reads("BAZAAR_FRONTEND_REPLICAS")).as("another service's setting").isFalse();
        assertThat(order.reads("BAZAAR_ORDER_DATA_DIRECTORY")).isFalse();
    }

    @Test
    void eachServiceReadsOnlyItsOwnSettings() {
        assertThat(ServiceSettings.of("catalog-service").reads("BAZAAR_CATALOG_FRONTEND_LEASE")).isTrue();
        assertThat(ServiceSettings.of("frontend-service").reads("BAZAAR_CATALOG_FRONTEND_LEASE")).isFalse();
        assertThat(ServiceSettings.of("frontend-service").reads("BAZAAR_CACHE_ADVERTISED_URL")).isTrue();
        assertThat(ServiceSettings.of("frontend-service").reads("BAZAAR_CACHE_ENABLED")).isTrue();
        assertThat(ServiceSettings.of("frontend-service").port()).isEqualTo(8091);
    }
}
