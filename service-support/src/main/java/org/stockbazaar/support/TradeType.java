package org.stockbazaar.support;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.springframework.http.HttpStatus;

/**
 * The kinds of trade and the one rule each follows: a buy takes units and needs them there, a sell adds them. The
 * order leader decides trades by this rule and the catalog replays them by it, so the two cannot disagree on what
 * a trade does.
 */
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

    /** The quantity this trade of {@code units} leaves behind, or why it cannot trade (409, nothing changes). */
    public long quantityAfter(long quantity, long units) {
        if (this == BUY && quantity < units) {
            throw new ApiException(HttpStatus.CONFLICT, "not enough stock: only " + quantity + " left");
        }
        return this == SELL ? quantity + units : quantity - units;
    }
}
