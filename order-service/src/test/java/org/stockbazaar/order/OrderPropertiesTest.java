package org.stockbazaar.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** A replica reads its replica list as the front end does (ReplicaList), and a bad one stops its start. */
class OrderPropertiesTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class);

    @Test
    void peersAreTheOtherReplicasOfTheCommaSeparatedListAsTheRunScriptPassesIt() {
        contexts.withPropertyValues("bazaar.order.id=2",
                        "bazaar.order.replicas=3=http://127.0.0.1:9003, 1=http://127.0.0.1:9001,2=http://127.0.0.1:9002")
                .run(context -> assertThat(context.getBean(OrderProperties.class).peers()).containsExactly(
                        Map.entry(1, URI.create("http://127.0.0.1:9001")),
                        Map.entry(3, URI.create("http://127.0.0.1:9003"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x=http://127.0.0.1:8093", "0=http://127.0.0.1:8093", "2", "2=127.0.0.1:8094",
            "2=http://127.0.0.1:80 94"})
    void entryThatIsNotIdEqualsUrlStopsTheStartNamingIt(String entry) {
        contexts.withPropertyValues("bazaar.order.replicas=1=http://127.0.0.1:8093," + entry)
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("bazaar.order.replicas: '" + entry + "' is not id=url"));
    }

    @Test
    void aListWithoutThisReplicaStopsTheStart() {
        contexts.withPropertyValues("bazaar.order.id=3",
                        "bazaar.order.replicas=1=http://127.0.0.1:8093,2=http://127.0.0.1:8094")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("does not list this replica's id 3"));
    }

    @Test
    void aReplicaNamedTwiceStopsTheStart() {
        contexts.withPropertyValues("bazaar.order.replicas=1=http://127.0.0.1:8093,1=http://127.0.0.1:8094")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("names replica 1 twice"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(OrderProperties.class)
    static class Properties {
    }
}
