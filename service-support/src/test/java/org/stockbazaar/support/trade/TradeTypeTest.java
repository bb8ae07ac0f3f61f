package org.stockbazaar.support.trade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.HttpStatus;
import org.stockbazaar.support.ApiException;

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

    @Test
    void anUnknownTypeIsRefusedWithTheApisMessageListingEveryType() {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> TradeType.parse("hold"));

        assertThat(refused.getMessage()).isEqualTo("type must be \"buy\" or \"sell\"");
        assertThat(TradeRules.INVALID_TYPE).isEqualTo(refused.getMessage());
        assertThat(TradeType.fromWire("hold")).isNull();
        assertThat(TradeType.fromWire(null)).isNull();
    }

    /** A new constant is a whole new type: its wire name reads back and the message offers it. */
    @ParameterizedTest
    @EnumSource(TradeType.class)
    void everyTypeReadsBackFromItsWireNameAndIsOffered(TradeType type) {
        assertThat(TradeType.parse(type.wireName())).isSameAs(type);
        assertThat(TradeType.fromWire(type.wireName())).isSameAs(type);
        assertThat(TradeRules.INVALID_TYPE).contains("\"" + type.wireName() + "\"");
    }
}
