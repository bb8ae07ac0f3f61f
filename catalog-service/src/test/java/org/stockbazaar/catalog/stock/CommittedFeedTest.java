package org.stockbazaar.catalog.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.stockbazaar.support.trade.CommittedOrder;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeType;

/** The feed of committed orders holds each order to the front end's rules before the catalog sees it. */
@WebMvcTest(controllers = StockController.class, properties = "bazaar.internal.token=test-token")
class CommittedFeedTest {

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private Catalog catalog;

    private MvcTestResult feed(String order) {
        return mvc.post().uri("/internal/committed").header("X-Bazaar-Internal-Token", "test-token")
                .contentType(MediaType.APPLICATION_JSON).content("{\"epoch\":2,\"orders\":[" + order + "]}")
                .exchange();
    }

    private static void assertRefused(MvcTestResult result, String message) {
        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.error.message").isEqualTo(message);
    }

    @Test
    void aCommittedOrderReachesTheCatalogAsATradeAndTheAnswerIsWhatItHolds() {
        given(catalog.applyCommitted(anyLong(), anyList())).willReturn(1L);

        MvcTestResult result = feed("{\"number\":0,\"requestId\":\"r0\",\"name\":\"GameStart\",\"type\":\"sell\","
                + "\"quantity\":3}");

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().isStrictlyEqualTo("{\"data\":{\"applied\":1}}");
        verify(catalog).applyCommitted(2, List.of(new CommittedOrder(0, new Trade("r0", "GameStart", TradeType.SELL,
                3))));
    }

    @Test
    void anOrderWithoutARequestIdIsAppliedByItsNumber() {
        given(catalog.applyCommitted(anyLong(), anyList())).willReturn(1L);

        assertThat(feed("{\"number\":0,\"name\":\"GameStart\",\"type\":\"buy\",\"quantity\":1}")).hasStatusOk();

        verify(catalog).applyCommitted(2, List.of(new CommittedOrder(0, new Trade(null, "GameStart", TradeType.BUY,
                1))));
    }

    @Test
    void aNameTheFrontEndWouldRefuseIsRefusedHereToo() {
        for (String name : List.of("..", ".", "a b", "x".repeat(65))) {
            assertRefused(feed("{\"number\":0,\"requestId\":\"r0\",\"name\":\"" + name + "\",\"type\":\"buy\","
                    + "\"quantity\":1}"), "invalid stock name: use 1 to 64 letters, digits, '.', '_' or '-'");
        }
        assertRefused(feed("{\"number\":0,\"requestId\":\"r0\",\"type\":\"buy\",\"quantity\":1}"), "name is required");
        verify(catalog, never()).applyCommitted(anyLong(), anyList());
    }

    @Test
    void aRequestIdTheFrontEndWouldRefuseIsRefusedHereToo() {
        assertRefused(feed("{\"number\":0,\"requestId\":\"a,b\",\"name\":\"GameStart\",\"type\":\"buy\","
                + "\"quantity\":1}"), "requestId must be 1 to 128 letters, digits, '.', '_', ':' or '-'");
        assertRefused(feed("{\"number\":0,\"requestId\":\"" + "r".repeat(129) + "\",\"name\":\"GameStart\","
                + "\"type\":\"buy\",\"quantity\":1}"), "requestId must be 1 to 128 characters");
        verify(catalog, never()).applyCommitted(anyLong(), anyList());
    }

    @Test
    void aQuantityOrTypeBeyondTheRulesIsRefusedWithTheApisMessage() {
        assertRefused(feed("{\"number\":0,\"requestId\":\"r0\",\"name\":\"GameStart\",\"type\":\"buy\","
                + "\"quantity\":1000001}"), "quantity must be an integer from 1 to 1000000");
        assertRefused(feed("{\"number\":0,\"requestId\":\"r0\",\"name\":\"GameStart\",\"type\":\"hold\","
                + "\"quantity\":1}"), "type must be \"buy\" or \"sell\"");
        verify(catalog, never()).applyCommitted(anyLong(), anyList());
    }
}
