package org.stockbazaar.frontend.order;

import java.util.List;
import java.util.regex.Pattern;
import org.stockbazaar.support.ApiException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of {@code POST /orders}, {@code {"name":"GameStart","quantity":1,"type":"buy"}}, read as a tree and
 * checked field by field, so that a client learns exactly what is wrong (data binding would turn {@code 1.5},
 * {@code "3"} or {@code true} into a quantity, or report them all alike). Nothing unchecked reaches a replica.
 */
final class OrderForm {

    static final String MALFORMED = "malformed JSON: expected an object with name, quantity and type";
    static final String INVALID_NAME = "invalid stock name: use 1 to 64 letters, digits, '.', '_' or '-'";
    static final String INVALID_QUANTITY = "quantity must be an integer from 1 to 1000000";
    static final String INVALID_TYPE = "type must be \"buy\" or \"sell\"";
    /** The catalog's limit too: large enough for any real order, small enough that no sum of them overflows. */
    static final long MAX_QUANTITY = 1_000_000;

    private static final List<String> FIELDS = List.of("name", "quantity", "type");
    /** The rule of {@code GET /stocks/{name}}: a name that could not be looked up cannot be traded either. */
    private static final Pattern NAME = Pattern.compile("(?!\\.\\.?$)[A-Za-z0-9._-]{1,64}");
    private static final int LONGEST_ECHOED_FIELD = 64;
    /** Duplicate keys and trailing data are errors: the front end and the leader must read the same order. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private OrderForm() {
    }

    static TradeRequest parse(byte[] body, String requestId) {
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
        return new TradeRequest(requestId, name(order.get("name")), type(order.get("type")),
                quantity(order.get("quantity")));
    }

    private static String name(JsonNode name) {
        if (!name.isString() || !NAME.matcher(name.stringValue()).matches()) {
            throw ApiException.badRequest(INVALID_NAME);
        }
        return name.stringValue();
    }

    /** An integer JSON number only: not 1.5, 1e3, "3", true or null, and nothing beyond 64 bits. */
    private static long quantity(JsonNode quantity) {
        if (!quantity.isIntegralNumber() || !quantity.canConvertToLong()
                || quantity.longValue() < 1 || quantity.longValue() > MAX_QUANTITY) {
            throw ApiException.badRequest(INVALID_QUANTITY);
        }
        return quantity.longValue();
    }

    private static String type(JsonNode type) {
        if (!type.isString() || !("buy".equals(type.stringValue()) || "sell".equals(type.stringValue()))) {
            throw ApiException.badRequest(INVALID_TYPE);
        }
        return type.stringValue();
    }

    /** A client's field name in our answer, cut short: the body may hold a 4 KB one. */
    private static String echo(String field) {
        return field.length() <= LONGEST_ECHOED_FIELD ? field : field.substring(0, LONGEST_ECHOED_FIELD) + "...";
    }
}
