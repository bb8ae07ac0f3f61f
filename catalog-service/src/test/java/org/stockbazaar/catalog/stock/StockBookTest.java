package org.stockbazaar.catalog.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stockbazaar.support.trade.CommittedOrder;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeType;

class StockBookTest {

    private static final Stock GAME_START = new Stock("GameStart", new BigDecimal("15.99"), 5, 0);
    private static final Stock BOAR_CO = new Stock("BoarCo", new BigDecimal("22.50"), 100, 0);

    private final StockBook book = new StockBook(List.of(GAME_START, BOAR_CO), 0);

    private Stock apply(String name, TradeType type, long quantity) {
        return book.apply(book.entryFor(order(book.applied(), "r" + book.applied(), name, type, quantity)));
    }

    private static CommittedOrder order(long number, String requestId, String name, TradeType type, long quantity) {
        return new CommittedOrder(number, new Trade(requestId, name, type, quantity));
    }

    private Stock stock(String name) {
        return book.stocks().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void buyingExactlyTheRemainingQuantityLeavesZeroAndASellAddsBack() {
        assertThat(apply("GameStart", TradeType.BUY, 5).quantity()).isZero();
        assertThat(apply("GameStart", TradeType.SELL, 3).quantity()).isEqualTo(3);
    }

    @Test
    void volumeCountsTheUnitsOfBuysAndSells() {
        apply("BoarCo", TradeType.BUY, 10);
        apply("BoarCo", TradeType.SELL, 4);

        assertThat(stock("BoarCo").volume()).isEqualTo(14);
        assertThat(stock("BoarCo").quantity()).isEqualTo(94);
    }

    @Test
    void eachCommittedOrderIsTheNextJournalEntry() {
        apply("GameStart", TradeType.BUY, 1);
        TradeEntry second = book.entryFor(order(1, "r1", "BoarCo", TradeType.SELL, 2));

        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.quantityAfter()).isEqualTo(102);
        assertThat(book.applied()).isEqualTo(1);
    }

    @Test
    void anOrderOutOfSequenceIsRefused() {
        assertThatThrownBy(() -> book.entryFor(order(1, "r1", "GameStart", TradeType.BUY, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("out of sequence");
    }

    @Test
    void anOrderThatDoesNotFitOrNamesAnUnknownStockIsRefusedAndChangesNothing() {
        assertThatThrownBy(() -> book.entryFor(order(0, "r0", "GameStart", TradeType.BUY, 6)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not enough stock: only 5 left");
        assertThatThrownBy(() -> book.entryFor(order(0, "r0", "NoSuchCo", TradeType.SELL, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown stock NoSuchCo");

        assertThat(stock("GameStart").quantity()).isEqualTo(5);
        assertThat(book.applied()).isZero();
    }

    @Test
    void applyRefusesAJournalEntryOutOfSequence() {
        assertThatThrownBy(() -> book.apply(new TradeEntry(2, "r", "GameStart", TradeType.BUY, 1, 4, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("out of sequence");
    }

    @Test
    void applyRefusesAJournalEntryThatDoesNotMatchTheState() {
        assertThatThrownBy(() -> book.apply(new TradeEntry(1, "r", "GameStart", TradeType.BUY, 1, 3, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> book.apply(new TradeEntry(1, "r", "GameStart", TradeType.BUY, 6, -1, 6)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not match");
        assertThat(stock("GameStart").quantity()).isEqualTo(5);
    }
}
