package org.stockbazaar.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class TradeTypeTest {

    @Test
    void aBuyTakesUnitsWhileTheyLastAndASellAddsThem() {
        assertThat(TradeType.BUY.quantityAfter(5, 5)).isZero();
        assertThat(TradeType.SELL.quantityAfter(0, 3)).isEqualTo(3);
    }

    @Test
    void aBuyOfOneUnitMoreThanIsLeftIsAConflictThatNamesWhatIsLeft() {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> TradeType.BUY.quantityAfter(5, 6));

        assertThat(refused.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getMessage()).isEqualTo("not enough stock: only 5 left");
    }

    @Test
    void onlyTheWireNamesParse() {
        assertThat(TradeType.parse("buy")).isEqualTo(TradeType.BUY);
        assertThat(TradeType.parse("sell").wireName()).isEqualTo("sell");
        assertThat(catchThrowableOfType(ApiException.class, () -> TradeType.parse("BUY")).status())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }
}
