package org.stockbazaar.support.trade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stockbazaar.support.ApiException;

/** The rules every service checks a trade against, and the API's words for each. */
class TradeRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"GameStart", "a", "BRK.B", "x_y-z", "...", ".a", "a..", "0123456789012345678901234567890123456789012345678901234567890123"})
    void namesOfOneTo64LettersDigitsDotsUnderscoresAndHyphensTrade(String name) {
        assertThat(TradeRules.isName(name)).isTrue();
        assertThat(TradeRules.checkName(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a b", "a/b", "é", "a;b",
            "01234567890123456789012345678901234567890123456789012345678901234"})
    void theDotSegmentsAndAnythingElseAreNoName(String name) {
        assertThat(TradeRules.isName(name)).isFalse();
        assertThatThrownBy(() -> TradeRules.checkName(name)).isInstanceOf(ApiException.class)
                .hasMessage("invalid stock name: use 1 to 64 letters, digits, '.', '_' or '-'");
    }

    @Test
    void quantitiesRunFromOneToAMillion() {
        assertThat(TradeRules.isQuantity(1)).isTrue();
        assertThat(TradeRules.isQuantity(1_000_000)).isTrue();
        for (long wrong : new long[] {0, -1, 1_000_001, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThatThrownBy(() -> TradeRules.checkQuantity(wrong)).isInstanceOf(ApiException.class)
                    .hasMessage("quantity must be an integer from 1 to 1000000");
        }
    }

    @Test
    void requestIdsAreOneTo128SafeCharactersAndTheMessageNamesTheField() {
        assertThat(TradeRules.isRequestId("client-7:42")).isTrue();
        assertThat(TradeRules.isRequestId("r".repeat(128))).isTrue();
        assertThat(TradeRules.isRequestId("r".repeat(129))).isFalse();
        assertThat(TradeRules.isRequestId("")).isFalse();
        assertThat(TradeRules.isRequestId("a,b")).isFalse();
        assertThat(TradeRules.isRequestId(null)).isFalse();
        assertThatThrownBy(() -> TradeRules.checkRequestId("Idempotency-Key", "a b")).isInstanceOf(ApiException.class)
                .hasMessage("Idempotency-Key must be 1 to 128 letters, digits, '.', '_', ':' or '-'");
    }

    @Test
    void aTradeHoldsToTheRulesOnlyIfEveryFieldDoes() {
        assertThat(TradeRules.isTrade(new Trade("r1", "GameStart", TradeType.BUY, 1))).isTrue();
        assertThat(TradeRules.isTrade(new Trade("r 1", "GameStart", TradeType.BUY, 1))).isFalse();
        assertThat(TradeRules.isTrade(new Trade("r1", "..", TradeType.BUY, 1))).isFalse();
        assertThat(TradeRules.isTrade(new Trade("r1", "GameStart", null, 1))).isFalse();
        assertThat(TradeRules.isTrade(new Trade("r1", "GameStart", TradeType.SELL, 0))).isFalse();
        assertThat(TradeRules.isTrade(null)).isFalse();
    }
}
