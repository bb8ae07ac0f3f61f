package org.stockbazaar.frontend.order;

import java.util.List;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeRules;
import org.stockbazaar.support.trade.TradeType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of {@code POST /orders}, {@code {"name":"GameStart","quantity":1,"type":"buy"}}, read as a tree and
 * checked field by field, so that a client learns exactly what is wrong (data binding would turn {@code 1.5},
 * {@code "3"} or {@code true} into a quantity, or report them all alike). Each field is held to {@link TradeRules},
 * which the leader and the catalog apply too. Nothing unchecked reaches a replica.
 */
final class OrderForm {

    static final String MALFORMED = "malformed JSON: expected an object with name, quantity and type";

    private static final List<String> FIELDS = List.of("name", "quantity", "type");
    private static final int LONGEST_ECHOED_FIELD = 64;
    /** Duplicate keys and trailing data are errors: the front end and the leader must read the same order. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private OrderForm() {
    }

    static Trade parse(byte[] body, String requestId) {
        if (notUtf8(body)) {
            throw ApiException.badRequest(MALFORMED);
        }
        JsonNode order;
        try {
            order = JSON.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest(MALFORMED);
        }
        if (order == null || !order.isObject()) {
            throw ApiException.badRequest(MALFORMED);
        }
        for (String field : order.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest(
                        "unknown field: " + echo(field) + " (an order has only name, quantity and type)");
            }
        }
        for (String field : FIELDS) {
            if (!order.has(field)) {
                throw ApiException.badRequest("missing field: " + field);
            }
        }
        return new Trade(requestId, name(order.get("name")), type(order.get("type")),
                quantity(order.get("quantity")));
    }

    private static String name(JsonNode name) {
        if (!name.isString()) {
            throw ApiException.badRequest(TradeRules.INVALID_NAME);
        }
        return TradeRules.checkName(name.stringValue());
    }

    /** An integer JSON number only: not 1.5, 1e3, "3", true or null, and nothing beyond 64 bits. */
    private static long quantity(JsonNode quantity) {
        if (!quantity.isIntegralNumber() || !quantity.canConvertToLong()) {
            throw ApiException.badRequest(TradeRules.INVALID_QUANTITY);
        }
        return TradeRules.checkQuantity(quantity.longValue());
    }

    private static TradeType type(JsonNode type) {
        if (!type.isString()) {
            throw ApiException.badRequest(TradeRules.INVALID_TYPE);
        }
        return TradeType.parse(type.stringValue());
    }

    /**
     * JSON between systems is UTF-8 (RFC 8259), and a charset parameter of the content type changes nothing; but
     * Jackson, given bytes, also reads UTF-16 and UTF-32. Their JSON always holds a zero byte (in every ASCII
     * character: the braces, quotes and colons), which UTF-8 JSON never does (a control character in a string
     * must be escaped). A UTF-8 byte order mark, which RFC 8259 lets a reader ignore, is read past by Jackson.
     */
    private static boolean notUtf8(byte[] body) {
        for (byte b : body) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A client's field name in our answer, cut short after 64 characters (code points, so that a character
     * outside the BMP is never cut in half): the body may hold a 4 KB one.
     */
    private static String echo(String field) {
        return field.codePointCount(0, field.length()) <= LONGEST_ECHOED_FIELD ? field
                : field.substring(0, field.offsetByCodePoints(0, LONGEST_ECHOED_FIELD)) + "...";
    }
}
