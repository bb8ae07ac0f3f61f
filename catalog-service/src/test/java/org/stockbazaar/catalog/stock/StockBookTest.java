package org.stockbazaar.catalog.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.stockbazaar.support.ApiException;

class StockBookTest {

    private static final Stock GAME_START = new Stock("GameStart", new BigDecimal("15.99"), 5, 0);
    private static final Stock BOAR_CO = new Stock("BoarCo", new BigDecimal("22.50"), 100, 0);

    private final StockBook book = new StockBook(List.of(GAME_START, BOAR_CO), 0, List.of(), 100);

    private Stock trade(String name, TradeType type, long units, String requestId) {
        StockBook.Decision decision = book.decide(name, type, units, requestId);
        assertThat(decision.duplicate()).isFalse();
        return book.apply(decision.entry());
    }

    private Stock stock(String name) {
        return book.stocks().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void buyingExactlyTheRemainingQuantityLeavesZero() {
        Stock after = trade("GameStart", TradeType.BUY, 5, "r1");

        assertThat(after.quantity()).isZero();
        assertThat(stock("GameStart").quantity()).isZero();
    }

    @Test
    void buyingMoreThanIsLeftIsAConflictAndChangesNothing() {
        trade("GameStart", TradeType.BUY, 3, "r1");

        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> book.decide("GameStart", TradeType.BUY, 3, "r2"));

        assertThat(refused.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused).hasMessageContaining("only 2 left");
        assertThat(stock("GameStart").quantity()).isEqualTo(2);
        assertThat(book.lastSeq()).isEqualTo(1);
    }

    @Test
    void oneMoreUnitAfterTheLastOneIsAConflict() {
        trade("GameStart", TradeType.BUY, 5, "r1");

        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> book.decide("GameStart", TradeType.BUY, 1, "r2"));

        assertThat(refused.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(stock("GameStart").quantity()).isZero();
    }

    @Test
    void sellAddsToTheQuantity() {
        Stock after = trade("GameStart", TradeType.SELL, 7, "r1");

        assertThat(after.quantity()).isEqualTo(GAME_START.quantity() + 7);
        assertThat(stock("GameStart").quantity()).isEqualTo(GAME_START.quantity() + 7);
    }

    @Test
    void volumeCountsTheUnitsOfBuysAndSells() {
        trade("GameStart", TradeType.BUY, 2, "r1");
        trade("GameStart", TradeType.SELL, 3, "r2");
        trade("BoarCo", TradeType.BUY, 10, "r3");

        assertThat(stock("GameStart").volume()).isEqualTo(5);
        assertThat(stock("BoarCo").volume()).isEqualTo(10);
        assertThat(stock("GameStart").price()).isEqualTo(GAME_START.price());
    }

    @Test
    void eachAppliedTradeTakesTheNextSequenceNumber() {
        StockBook.Decision first = book.decide("GameStart", TradeType.SELL, 1, "r1");
        assertThat(first.entry().seq()).isEqualTo(1);
        book.apply(first.entry());

        StockBook.Decision second = book.decide("BoarCo", TradeType.BUY, 1, "r2");

        assertThat(second.entry()).isEqualTo(new TradeEntry(2, "r2", "BoarCo", TradeType.BUY, 1, 99, 1));
    }

    @Test
    void decidingAppliesNothing() {
        book.decide("GameStart", TradeType.BUY, 2, "r1");

        assertThat(book.stocks()).containsExactly(GAME_START, BOAR_CO);
        assertThat(book.lastSeq()).isZero();
        assertThat(book.recentTrades()).isEmpty();
    }

    @Test
    void unknownStockIsNotFound() {
        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> book.decide("Nope", TradeType.BUY, 1, "r1"));

        assertThat(refused.status()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void repeatedRequestIdGetsTheFirstEntryAndAppliesNothing() {
        StockBook.Decision first = book.decide("GameStart", TradeType.BUY, 2, "r1");
        book.apply(first.entry());

        StockBook.Decision retry = book.decide("GameStart", TradeType.BUY, 2, "r1");

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.entry()).isEqualTo(first.entry());
        assertThat(stock("GameStart").quantity()).isEqualTo(3);
        assertThat(book.lastSeq()).isEqualTo(1);
    }

    @Test
    void requestIdReusedForADifferentTradeIsAConflict() {
        trade("GameStart", TradeType.BUY, 2, "r1");

        for (Runnable other : List.<Runnable>of(
                () -> book.decide("GameStart", TradeType.SELL, 2, "r1"),
                () -> book.decide("GameStart", TradeType.BUY, 3, "r1"),
                () -> book.decide("BoarCo", TradeType.BUY, 2, "r1"))) {
            ApiException refused = catchThrowableOfType(ApiException.class, other::run);
            assertThat(refused.status()).isEqualTo(HttpStatus.CONFLICT);
        }
        assertThat(stock("GameStart").quantity()).isEqualTo(3);
        assertThat(book.lastSeq()).isEqualTo(1);
    }

    @Test
    void onlyTheConfiguredNumberOfRequestIdsIsRemembered() {
        StockBook small = new StockBook(List.of(BOAR_CO), 0, List.of(), 2);
        for (String id : List.of("r1", "r2", "r3")) {
            small.apply(small.decide("BoarCo", TradeType.BUY, 1, id).entry());
        }

        assertThat(small.recentTrades()).extracting(TradeEntry::requestId).containsExactly("r2", "r3");
        assertThat(small.decide("BoarCo", TradeType.BUY, 1, "r3").duplicate()).isTrue();
        assertThat(small.decide("BoarCo", TradeType.BUY, 1, "r1").duplicate()).isFalse();
    }

    @Test
    void requestIdsHandedInAtStartAreRecognised() {
        TradeEntry earlier = new TradeEntry(7, "r7", "BoarCo", TradeType.SELL, 4, 100, 4);
        StockBook restored = new StockBook(List.of(BOAR_CO), 7, List.of(earlier), 100);

        StockBook.Decision retry = restored.decide("BoarCo", TradeType.SELL, 4, "r7");

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.entry()).isEqualTo(earlier);
        assertThat(restored.decide("BoarCo", TradeType.SELL, 1, "r8").entry().seq()).isEqualTo(8);
    }

    @Test
    void applyRefusesAnEntryOutOfSequence() {
        trade("GameStart", TradeType.BUY, 1, "r1");

        assertThatThrownBy(() -> book.apply(new TradeEntry(3, "r3", "GameStart", TradeType.BUY, 1, 3, 2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("out of sequence");
        assertThatThrownBy(() -> book.apply(new TradeEntry(1, "r1b", "GameStart", TradeType.BUY, 1, 3, 2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("out of sequence");
        assertThat(stock("GameStart").quantity()).isEqualTo(4);
        assertThat(book.lastSeq()).isEqualTo(1);
    }

    @Test
    void applyRefusesAnEntryThatDoesNotMatchTheState() {
        assertThatThrownBy(() -> book.apply(new TradeEntry(1, "r1", "GameStart", TradeType.BUY, 1, 5, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> book.apply(new TradeEntry(1, "r1", "GameStart", TradeType.BUY, 1, 4, 0)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> book.apply(new TradeEntry(1, "r1", "GameStart", TradeType.BUY, 6, -1, 6)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> book.apply(new TradeEntry(1, "r1", "Nope", TradeType.BUY, 1, 0, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown stock");

        assertThat(book.stocks()).containsExactly(GAME_START, BOAR_CO);
        assertThat(book.lastSeq()).isZero();
        assertThat(book.recentTrades()).isEmpty();
    }
}
