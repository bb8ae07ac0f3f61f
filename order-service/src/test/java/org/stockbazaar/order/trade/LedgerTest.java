package org.stockbazaar.order.trade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.stockbazaar.order.replication.LogEntry;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeType;

class LedgerTest {

    private final Ledger ledger = new Ledger(3, Map.of("GameStart", 5L, "BoarCo", 0L));

    private static Trade order(String name, String type, long quantity) {
        return new Trade("r-" + name + "-" + type + "-" + quantity, name, TradeType.parse(type), quantity);
    }

    private static LogEntry logged(long number, long epoch, String requestId, String name, String type,
            long quantity) {
        return new LogEntry(number, epoch, new Trade(requestId, name, TradeType.parse(type), quantity));
    }

    @Test
    void aBuyTradesWhileTheQuantityLastsAndEachTradeCountsForTheNext() {
        assertThat(ledger.refusal(order("GameStart", "buy", 3))).isNull();

        ApiException refused = ledger.refusal(order("GameStart", "buy", 3));

        assertThat(refused.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getMessage()).isEqualTo("not enough stock: only 2 left");
        assertThat(ledger.refusal(order("GameStart", "buy", 2))).isNull();
    }

    @Test
    void aSellAddsWhatALaterBuyCanTake() {
        assertThat(ledger.refusal(order("BoarCo", "buy", 1))).isNotNull();
        assertThat(ledger.refusal(order("BoarCo", "sell", 4))).isNull();
        assertThat(ledger.refusal(order("BoarCo", "buy", 4))).isNull();
    }

    @Test
    void aStockTheCatalogDoesNotListIsNotFound() {
        ApiException refused = ledger.refusal(order("NoSuchCo", "sell", 1));

        assertThat(refused.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(refused.getMessage()).isEqualTo("stock not found");
    }

    @Test
    void ordersAlreadyInTheLogCountAndOneThatDoesNotFitIsADisagreement() {
        ledger.replay(logged(7, 2, "a", "GameStart", "buy", 5));

        assertThat(ledger.refusal(order("GameStart", "buy", 1)).getMessage()).isEqualTo("not enough stock: only 0 left");
        assertThatThrownBy(() -> ledger.replay(logged(8, 2, "b", "GameStart", "buy", 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("order 8 does not fit");
        assertThatThrownBy(() -> ledger.replay(logged(9, 2, "c", "NoSuchCo", "sell", 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("order 9 names NoSuchCo");
    }

    @Test
    void aPoisonedLedgerDecidesNothing() {
        ledger.poison();

        assertThatThrownBy(() -> ledger.refusal(order("GameStart", "sell", 1)))
                .isInstanceOf(IllegalStateException.class);
    }
}
