package org.stockbazaar.order.trade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.stockbazaar.order.replication.LogEntry;
import org.stockbazaar.support.ItemResult;
import org.stockbazaar.support.trade.OrderBlock;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeReply;
import org.stockbazaar.support.trade.TradeType;

/** A batch at the leader: each trade is held to the front end's rules, and one that breaks them is refused alone. */
@WebMvcTest(controllers = OrderController.class, properties = "bazaar.internal.token=test-token")
class TradeBatchTest {

    private static final String GOOD = "{\"requestId\":\"r1\",\"name\":\"GameStart\",\"type\":\"buy\",\"quantity\":2}";

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private OrderService orders;

    private MvcTestResult batch(String... trades) {
        return mvc.post().uri("/internal/orders").header("X-Bazaar-Internal-Token", "test-token")
                .contentType(MediaType.APPLICATION_JSON).content("{\"trades\":[" + String.join(",", trades) + "]}")
                .exchange();
    }

    @Test
    void aTradeBreakingARuleIsRefusedInItsPlaceAndTheOthersGoAhead() {
        given(orders.tradeAll(anyList(), isNull())).willReturn(List.of(ItemResult.of(new TradeReply(7))));
        String[] refused = {
            "{\"requestId\":\"r2\",\"name\":\"..\",\"type\":\"buy\",\"quantity\":1}",
            "{\"requestId\":\"r3\",\"name\":\".\",\"type\":\"buy\",\"quantity\":1}",
            "{\"requestId\":\"r4\",\"name\":\"GameStart\",\"type\":\"hold\",\"quantity\":1}",
            "{\"requestId\":\"r5\",\"name\":\"GameStart\",\"type\":\"sell\",\"quantity\":1000001}",
            "{\"requestId\":\"r 6\",\"name\":\"GameStart\",\"type\":\"sell\",\"quantity\":1}",
            "{\"name\":\"GameStart\",\"type\":\"sell\",\"quantity\":1}"};
        String[] trades = new String[refused.length + 1];
        trades[0] = GOOD;
        System.arraycopy(refused, 0, trades, 1, refused.length);

        MvcTestResult result = batch(trades);

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.data[0].data.transaction_number").isEqualTo(7);
        for (int i = 1; i <= refused.length; i++) {
            assertThat(result).bodyJson().extractingPath("$.data[" + i + "].error.code").isEqualTo(400);
            assertThat(result).bodyJson().extractingPath("$.data[" + i + "].error.message").isEqualTo("invalid order");
        }
        verify(orders).tradeAll(List.of(new Trade("r1", "GameStart", TradeType.BUY, 2)), null);
    }

    @Test
    void theFrontEndThatSentABatchIsPassedOnAndAMalformedOneRefusesTheBatch() {
        given(orders.tradeAll(anyList(), eq("fe-1"))).willReturn(List.of(ItemResult.of(new TradeReply(7))));

        MvcTestResult named = mvc.post().uri("/internal/orders").header("X-Bazaar-Internal-Token", "test-token")
                .contentType(MediaType.APPLICATION_JSON).content("{\"trades\":[" + GOOD + "],\"frontend\":\"fe-1\"}")
                .exchange();
        MvcTestResult malformed = mvc.post().uri("/internal/orders").header("X-Bazaar-Internal-Token", "test-token")
                .contentType(MediaType.APPLICATION_JSON).content("{\"trades\":[" + GOOD + "],\"frontend\":\"fe 1\"}")
                .exchange();

        assertThat(named).bodyJson().extractingPath("$.data[0].data.transaction_number").isEqualTo(7);
        assertThat(malformed).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(malformed).bodyJson().extractingPath("$.error.message").asString().startsWith("frontend must be");
        verify(orders).tradeAll(List.of(new Trade("r1", "GameStart", TradeType.BUY, 2)), "fe-1");
        verifyNoMoreInteractions(orders);
    }

    @Test
    void anOrderIsShownWithItsTypeByItsWireName() {
        given(orders.order(4)).willReturn(new LogEntry(4, 2, new Trade("r4", "BoarCo", TradeType.SELL, 3)));

        MvcTestResult result = mvc.get().uri("/internal/orders/4").header("X-Bazaar-Internal-Token", "test-token")
                .exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().isStrictlyEqualTo(
                "{\"data\":{\"number\":4,\"name\":\"BoarCo\",\"type\":\"sell\",\"quantity\":3}}");
    }

    @Test
    void aBlockOfOrdersIsSentInColumnsFromItsFirstNumber() {
        given(orders.orders(512, OrderBlock.SIZE)).willReturn(List.of(
                new LogEntry(512, 2, new Trade("r1", "BoarCo", TradeType.SELL, 3)),
                new LogEntry(513, 2, new Trade("r2", "GameStart", TradeType.BUY, 1))));

        MvcTestResult result = mvc.get().uri("/internal/order-blocks/512")
                .header("X-Bazaar-Internal-Token", "test-token").exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().isStrictlyEqualTo("{\"data\":{\"first\":512,"
                + "\"names\":[\"BoarCo\",\"GameStart\"],\"types\":[\"sell\",\"buy\"],\"quantities\":[3,1]}}");
    }

    @Test
    void aBlockIsOnlyForTheInternalSecret() {
        MvcTestResult result = mvc.get().uri("/internal/order-blocks/0").exchange();

        assertThat(result).hasStatus(401);
        assertThat(result).bodyJson().extractingPath("$.error.code").isEqualTo(401);
    }
}
