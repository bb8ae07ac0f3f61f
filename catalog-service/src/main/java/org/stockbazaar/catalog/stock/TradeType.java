package org.stockbazaar.catalog.stock;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.stockbazaar.support.ApiException;

public enum TradeType {
    BUY, SELL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TradeType parse(String value) {
        if ("buy".equals(value)) {
            return BUY;
        }
        if ("sell".equals(value)) {
            return SELL;
        }
        throw ApiException.badRequest("type must be \"buy\" or \"sell\"");
    }
}
