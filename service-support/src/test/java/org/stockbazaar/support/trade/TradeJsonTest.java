package org.stockbazaar.support.trade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The wire shapes of a trade between the services: flat objects, the type by its wire name. */
class TradeJsonTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aTradeTravelsAsItsFourFields() {
        Trade trade = new Trade("r1", "GameStart", TradeType.BUY, 3);

        assertThat(json.writeValueAsString(trade))
                .isEqualTo("{\"requestId\":\"r1\",\"name\":\"GameStart\",\"type\":\"buy\",\"quantity\":3}");
        assertThat(json.readValue("{\"requestId\":\"r1\",\"name\":\"GameStart\",\"type\":\"buy\",\"quantity\":3}",
                Trade.class)).isEqualTo(trade);
    }

    @Test
    void aTypeNoServiceKnowsReadsAsNullSoThatOnlyThatTradeIsRefused() {
        Trade read = json.readValue("{\"requestId\":\"r1\",\"name\":\"GameStart\",\"type\":\"hold\",\"quantity\":3}",
                Trade.class);

        assertThat(read.type()).isNull();
        assertThat(TradeRules.isTrade(read)).isFalse();
    }

    @Test
    void aCommittedOrderIsItsNumberBesideTheTradesFields() {
        CommittedFeed feed = new CommittedFeed(3, List.of(new CommittedOrder(7, new Trade("r1", "BoarCo",
                TradeType.SELL, 2))));
        String wire = "{\"epoch\":3,\"orders\":[{\"number\":7,\"requestId\":\"r1\",\"name\":\"BoarCo\",\"type\":\"sell\","
                + "\"quantity\":2}]}";

        assertThat(json.writeValueAsString(feed)).isEqualTo(wire);
        assertThat(json.readValue(wire, CommittedFeed.class)).isEqualTo(feed);
        assertThat(json.writeValueAsString(new CommittedFeed.Reply(8))).isEqualTo("{\"applied\":8}");
    }

    @Test
    void theFrontEndThatRoutedATradeTravelsBesideItOnlyWhenKnown() {
        Trade trade = new Trade("r1", "BoarCo", TradeType.SELL, 2);
        String routed = "{\"number\":7,\"requestId\":\"r1\",\"name\":\"BoarCo\",\"type\":\"sell\",\"quantity\":2,"
                + "\"routedBy\":\"fe-1\"}";

        assertThat(json.writeValueAsString(new CommittedOrder(7, trade, "fe-1"))).isEqualTo(routed);
        assertThat(json.readValue(routed, CommittedOrder.class)).isEqualTo(new CommittedOrder(7, trade, "fe-1"));
        assertThat(json.writeValueAsString(new TradeBatch(List.of(trade), "fe-1"))).isEqualTo("{\"trades\":[{"
                + "\"requestId\":\"r1\",\"name\":\"BoarCo\",\"type\":\"sell\",\"quantity\":2}],\"frontend\":\"fe-1\"}");
        assertThat(json.writeValueAsString(new TradeBatch(List.of(trade)))).doesNotContain("frontend");
    }

    @Test
    void aTradesAnswerIsItsTransactionNumberUnderTheSeedsName() {
        assertThat(json.writeValueAsString(new TradeReply(7))).isEqualTo("{\"transaction_number\":7}");
        assertThat(json.readValue("{\"transaction_number\":7}", TradeReply.class)).isEqualTo(new TradeReply(7));
    }
}
