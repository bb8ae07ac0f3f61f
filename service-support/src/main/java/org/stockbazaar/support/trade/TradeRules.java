package org.stockbazaar.support.trade;

import java.util.regex.Pattern;
import org.stockbazaar.support.ApiException;

/**
 * What a trade may hold, in one place for every service, with the messages the API gives. The front end checks a
 * client's order field by field against these; the leader and the catalog check what they receive against the same
 * rules, so nothing the front end would refuse reaches the order log or the catalog by another way.
 */
public final class TradeRules {

    /** The catalog's limit too: large enough for any real order, small enough that no sum of them overflows. */
    public static final long MAX_QUANTITY = 1_000_000;
    public static final int MAX_REQUEST_ID_LENGTH = 128;

    public static final String INVALID_NAME = "invalid stock name: use 1 to 64 letters, digits, '.', '_' or '-'";
    public static final String INVALID_QUANTITY = "quantity must be an integer from 1 to " + MAX_QUANTITY;
    public static final String INVALID_TYPE = TradeType.INVALID;

    /**
     * Short tickers and company names (also the pattern the API description gives). The dot segments "." and ".."
     * are refused: Spring strips a path parameter ({@code /stocks/..;x}) and would hand them over as names, and no HTTP
     * client can send them on unchanged. A name that could not be looked up cannot be traded either.
     */
    public static final String NAME_PATTERN = "^(?!\\.\\.?$)[A-Za-z0-9._-]{1,64}$";
    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
    /** Safe in a log line and a CSV cell; a UUID fits, and so does most clients' own scheme. */
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_REQUEST_ID_LENGTH + "}");

    private TradeRules() {
    }

    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public static boolean isQuantity(long quantity) {
        return quantity >= 1 && quantity <= MAX_QUANTITY;
    }

    public static boolean isRequestId(String requestId) {
        return requestId != null && REQUEST_ID.matcher(requestId).matches();
    }

    /** The stock name, else 400 {@value #INVALID_NAME}. */
    public static String checkName(String name) {
        if (!isName(name)) {
            throw ApiException.badRequest(INVALID_NAME);
        }
        return name;
    }

    /** The quantity, else 400 {@value #INVALID_QUANTITY}. */
    public static long checkQuantity(long quantity) {
        if (!isQuantity(quantity)) {
            throw ApiException.badRequest(INVALID_QUANTITY);
        }
        return quantity;
    }

    /** A request id as a client's {@code field} (a header): else 400 naming the field and what it may hold. */
    public static String checkRequestId(String field, String requestId) {
        if (!isRequestId(requestId)) {
            throw ApiException.badRequest(field + " must be 1 to " + MAX_REQUEST_ID_LENGTH
                    + " letters, digits, '.', '_', ':' or '-'");
        }
        return requestId;
    }

    /** True if every field holds to the rules (a type this service does not know reads as null). */
    public static boolean isTrade(Trade trade) {
        return trade != null && isRequestId(trade.requestId()) && isName(trade.name()) && trade.type() != null
                && isQuantity(trade.quantity());
    }
}
