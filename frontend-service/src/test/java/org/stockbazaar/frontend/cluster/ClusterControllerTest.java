package org.stockbazaar.frontend.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.frontend.cache.CacheProperties;
import org.stockbazaar.frontend.cache.LeasedCache;
import org.stockbazaar.frontend.cache.StockCache;
import org.stockbazaar.frontend.cache.Versioned;
import org.stockbazaar.frontend.order.AcknowledgedTrades;
import org.stockbazaar.frontend.order.Order;
import org.stockbazaar.frontend.leader.ReplicaProbe;
import org.stockbazaar.frontend.leader.ReplicaProbe.ReplicaView;
import org.stockbazaar.frontend.stock.Stock;
import org.stockbazaar.support.trade.TradeType;

/** The page's JSON on the public port, without the internal secret; the catalog here is a closed port. */
@WebMvcTest(controllers = ClusterController.class, properties = {"bazaar.internal.token=test-token",
        "bazaar.frontend.catalog-url=http://127.0.0.1:1"})
@Import(ClusterControllerTest.Beans.class)
// the controller serves a state again for a moment (ClusterController.REUSE_FOR): a fresh one for each test
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class ClusterControllerTest {

    @Autowired
    private MockMvcTester mvc;

    @Autowired
    private StockCache cache;

    @MockitoBean
    private ReplicaProbe replicas;

    @MockitoBean
    private AcknowledgedTrades trades;

    @Test
    void stateNamesTheLeaderAndShowsReplicasCacheInLruOrderAndLastTrades() {
        when(replicas.survey()).thenReturn(List.of(
                new ReplicaView(1, true, "FOLLOWER", 2, 41, 41, true, false),
                new ReplicaView(2, false, null, 0, 0, 0, false, false),
                new ReplicaView(3, true, "LEADER", 2, 41, 40, true, true)));
        when(trades.newestFirst()).thenReturn(List.of(new Order(41, "GameStart", TradeType.BUY, 2)));
        cache.get("GameStart", () -> stock("GameStart", 98));
        cache.get("BoarCo", () -> stock("BoarCo", 7));
        cache.get("GameStart", () -> stock("GameStart", 98));

        MvcTestResult result = mvc.get().uri("/cluster/state").exchange();

        assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().extractingPath("$.data.leaderId").isEqualTo(3);
        assertThat(result).bodyJson().extractingPath("$.data.replicas[1].up").isEqualTo(false);
        assertThat(result).bodyJson().extractingPath("$.data.replicas[2].commitIndex").isEqualTo(40);
        assertThat(result).bodyJson().extractingPath("$.data.cache.entries[*].name").asArray()
                .containsExactly("BoarCo", "GameStart");
        assertThat(result).bodyJson().extractingPath("$.data.cache.entries[1].quantity").isEqualTo(98);
        assertThat(result).bodyJson().extractingPath("$.data.cache.hitRate").asNumber()
                .satisfies(rate -> assertThat(rate.doubleValue()).isGreaterThan(0));
        assertThat(result).bodyJson().extractingPath("$.data.lastTrades[0].number").isEqualTo(41);
        assertThat(result).bodyJson().extractingPath("$.data.stocks").isNull();
    }

    @Test
    void noReadyLeaderMeansLeaderZero() {
        when(replicas.survey()).thenReturn(List.of(
                new ReplicaView(1, true, "LEADER", 3, 5, 5, false, false),
                new ReplicaView(2, false, null, 0, 0, 0, false, true)));

        assertThat(mvc.get().uri("/cluster/state").exchange()).bodyJson().extractingPath("$.data.leaderId")
                .isEqualTo(0);
    }

    @Test
    void pageAndScriptAreServedOnThePublicPort() {
        MvcTestResult page = mvc.get().uri("/cluster").exchange();
        assertThat(page).hasStatusOk().hasContentTypeCompatibleWith(MediaType.TEXT_HTML);
        assertThat(page).bodyText().contains("<script src=\"/cluster/cluster.js\">");

        MvcTestResult script = mvc.get().uri("/cluster/cluster.js").exchange();
        assertThat(script).hasStatusOk().hasContentTypeCompatibleWith("text/javascript");
        assertThat(script).bodyText().contains("/cluster/state");
    }

    /** What the cache holds: the stock as the catalog answered it, with its version. */
    private static Versioned<Stock> stock(String name, long quantity) {
        return new Versioned<>(new Stock(name, new BigDecimal("15.99"), quantity), 1);
    }

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties({CacheProperties.class, FrontendProperties.class})
    static class Beans {

        @Bean
        StockCache stockCache(CacheProperties properties) {
            return LeasedCache.of(properties);
        }
    }
}
