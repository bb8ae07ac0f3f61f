package org.stockbazaar.support.trade;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.stockbazaar.support.ApiException;

/**
 * The kinds of trade and the one rule each follows. The front end accepts exactly these (by their wire names), the
 * order leader decides trades by {@link #quantityAfter} and the catalog replays them by it, so no two services can
 * disagree on what a trade is or does. A new kind of trade is a new constant here with its rule; every check, message
 * and API description takes the list from {@link #values()}.
 */
public enum TradeType {

    /** Takes the quantity traded, and needs it there. */
    BUY {
        @Override
        public long quantityAfter(long quantity, long traded) {
            if (quantity < traded) {
                throw new ApiException(HttpStatus.CONFLICT, "not enough stock: only " + quantity + " left");
            }
            return quantity - traded;
        }
    },

    /** Adds the quantity traded. */
    SELL {
        @Override
        public long quantityAfter(long quantity, long traded) {
            return quantity + traded;
        }
    };

    private static final List<TradeType> ALL = List.of(values());
    /** {@code type must be "buy" or "sell"}, from the constants: the message the API gives for any other type. */
    static final String INVALID = "type must be " + wireNames();

    /**
     * The quantity a trade of {@code traded} leaves behind a stock holding {@code quantity}, or why it cannot trade
     * (an {@link ApiException}, 409; nothing changes).
     */
    public abstract long quantityAfter(long quantity, long traded);

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type with this wire name (exactly: {@code "BUY"} is not one), else 400 with the API's message. */
    public static TradeType parse(String value) {
        TradeType type = fromWire(value);
        if (type == null) {
            throw ApiException.badRequest(INVALID);
        }
        return type;
    }

    /**
     * How JSON reads a type: an unknown one reads as null rather than failing the whole body, so that whoever
     * received it refuses that trade alone ({@link TradeRules#isTrade}), with its own message.
     */
    @JsonCreator
    public static TradeType fromWire(String value) {
        for (TradeType type : ALL) {
            if (type.wireName().equals(value)) {
                return type;
            }
        }
        return null;
    }

    /** {@code "buy" or "sell"}; with more types {@code "a", "b" or "c"}. */
    private static String wireNames() {
        List<String> quoted = Arrays.stream(values()).map(type -> '"' + type.wireName() + '"').toList();
        return quoted.size() == 1 ? quoted.get(0)
                : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
    }
}
