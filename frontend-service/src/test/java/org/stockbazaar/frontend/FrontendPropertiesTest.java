package org.stockbazaar.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class FrontendPropertiesTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class);

    @Test
    void defaultsAreTheThreeLocalReplicasATenSecondDeadlineAndATwoSecondTimeout() {
        contexts.run(context -> {
            FrontendProperties properties = context.getBean(FrontendProperties.class);

            assertThat(properties.replicaUrls()).containsExactly(
                    Map.entry(1, URI.create("http://127.0.0.1:8093")),
                    Map.entry(2, URI.create("http://127.0.0.1:8094")),
                    Map.entry(3, URI.create("http://127.0.0.1:8095")));
            assertThat(properties.orderDeadline()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.replicaTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(properties.connectTimeout()).isEqualTo(Duration.ofMillis(300));
        });
    }

    @Test
    void replicasAreReadFromACommaSeparatedListAsTheRunScriptPassesThem() {
        contexts.withPropertyValues(
                        "bazaar.frontend.replicas=3=http://127.0.0.1:9003, 1=http://127.0.0.1:9001",
                        "bazaar.frontend.order-deadline=2s", "bazaar.frontend.replica-timeout=750ms")
                .run(context -> {
                    FrontendProperties properties = context.getBean(FrontendProperties.class);

                    assertThat(properties.replicaUrls()).containsExactly(
                            Map.entry(1, URI.create("http://127.0.0.1:9001")),
                            Map.entry(3, URI.create("http://127.0.0.1:9003")));
                    assertThat(properties.orderDeadline()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(properties.replicaTimeout()).isEqualTo(Duration.ofMillis(750));
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8093", "x=http://127.0.0.1:8093", "0=http://127.0.0.1:8093",
            "-1=http://127.0.0.1:8093", "1=", "1=127.0.0.1:8093", "1=ftp://127.0.0.1:8093", "1=http://",
            "1=http://127.0.0.1:8093?x=1", "1=http://127.0.0.1:80 93"})
    void entryThatIsNotIdEqualsUrlStopsTheStart(String entry) {
        contexts.withPropertyValues("bazaar.frontend.replicas=" + entry).run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not id=url"));
    }

    @Test
    void replicaNamedTwiceStopsTheStart() {
        assertThatThrownBy(() -> new FrontendProperties(URI.create("http://127.0.0.1:8092"), Duration.ofMillis(300),
                Duration.ofSeconds(2), List.of("1=http://127.0.0.1:8093", "1=http://127.0.0.1:8094"),
                Duration.ofSeconds(10), Duration.ofSeconds(2), 2, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names replica 1 twice");
    }

    @Test
    void emptyReplicaListStopsTheStart() {
        assertThatThrownBy(() -> new FrontendProperties(URI.create("http://127.0.0.1:8092"), Duration.ofMillis(300),
                Duration.ofSeconds(2), List.of(), Duration.ofSeconds(10), Duration.ofSeconds(2), 2, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one order replica");
    }

    @Test
    void zeroDeadlineStopsTheStart() {
        contexts.withPropertyValues("bazaar.frontend.order-deadline=0s").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().hasMessageContaining("order-deadline must be positive"));
    }

    @Test
    void noTradeSenderStopsTheStart() {
        contexts.withPropertyValues("bazaar.frontend.trade-senders=0").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().hasMessageContaining("trade-senders must be 1 to 64, was 0"));
    }

    @Test
    void catalogOnlyConstructorKeepsTheOrderDefaults() {
        FrontendProperties properties = new FrontendProperties(URI.create("http://127.0.0.1:8092"),
                Duration.ofMillis(300), Duration.ofSeconds(2));

        assertThat(properties.replicaUrls()).containsOnlyKeys(1, 2, 3);
        assertThat(properties.orderDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.tradeSenders()).isEqualTo(2);
        assertThat(properties.orderCacheSize()).isEqualTo(1_000_000);
    }

    @Test
    void negativeOrderCacheSizeStopsTheStart() {
        contexts.withPropertyValues("bazaar.frontend.order-cache-size=-1").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().hasMessageContaining("order-cache-size must be 0 or more"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(FrontendProperties.class)
    static class Properties {
    }
}
