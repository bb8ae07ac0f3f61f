package org.stockbazaar.frontend.order;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.stockbazaar.frontend.web.PlainApiFilter;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.TradeLog;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeReply;
import org.stockbazaar.support.trade.TradeRules;
import org.stockbazaar.support.trade.TradeType;
import tools.jackson.databind.json.JsonMapper;

/** Orders, as the earlier Python system's clients send them; everything is checked before it goes anywhere. */
@RestController
class OrderController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Ample for any order; a larger body is refused without being read to the end. */
    static final int MAX_BODY_BYTES = 4096;

    private static final Pattern NUMBER = Pattern.compile("[0-9]+");
    /** A number any {@code long} holds, as the filter takes it: longer ones go to {@link #orderNumber}. */
    private static final Pattern PLAIN_NUMBER = Pattern.compile("[0-9]{1,18}");
    private static final String ORDERS = "/orders";
    private static final String QUERY = "/orders/{number}";

    private final OrderRouter router;

    OrderController(OrderRouter router) {
        this.router = router;
    }

    /**
     * A content type other than JSON never gets here: Spring answers 415 ({@code consumes}); nor does an order whose
     * {@code Accept} takes no JSON (406, {@code produces}): refused after the trade, it would hide the number of a
     * trade that happened. The body is read by hand ({@link OrderForm}), so its description is written here.
     */
    @Operation(summary = "Buy or sell a stock", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true, description = "An order: exactly these three fields, at most 4096 bytes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = OrderBody.class),
                    examples = @ExampleObject(value = "{\"name\":\"GameStart\",\"quantity\":1,\"type\":\"buy\"}"))))
    @PostMapping(path = {ORDERS, "/orders/"}, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ApiData<TradeReply> trade(HttpServletRequest request, HttpServletResponse response,
            @Parameter(description = "Makes a retried order safe: the same key gets the first order's transaction"
                    + " number and trades nothing. 1 to 128 of A-Z a-z 0-9 . _ : -", example = "client-7:42")
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
        return ApiData.of(traded(router, idempotencyKey, request, response));
    }

    /**
     * The plain orders, answered as {@link #trade} would answer them but in front of Spring MVC
     * ({@link PlainApiFilter}); declared here so that a {@code @WebMvcTest} of this controller serves it too. An
     * order with its key sent more than once goes to the controller, which reads the values as one, joined by commas.
     */
    @Bean
    static FilterRegistrationBean<PlainApiFilter> plainTrades(OrderRouter router, JsonMapper json) {
        return PlainApiFilter.post(ORDERS, OrderController::keyAtMostOnce,
                (request, response) -> traded(router, request.getHeader(IDEMPOTENCY_KEY), request, response), json);
    }

    private static boolean keyAtMostOnce(HttpServletRequest request) {
        Enumeration<String> keys = request.getHeaders(IDEMPOTENCY_KEY);
        if (keys.hasMoreElements()) {
            keys.nextElement();
        }
        return !keys.hasMoreElements();
    }

    /** The order in the request's body traded, under the client's key or a new one; the key goes in the answer. */
    private static TradeReply traded(OrderRouter router, String idempotencyKey, HttpServletRequest request,
            HttpServletResponse response) {
        if (idempotencyKey != null) {
            TradeRules.checkRequestId(IDEMPOTENCY_KEY, idempotencyKey);
        }
        String requestId = idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
        TradeLog.tagRequest(List.of(requestId));
        Trade trade = OrderForm.parse(body(request), requestId);
        // on every answer from here on, the error ones too: a client that sent no key learns the one to repeat the
        // order with (the key a 504 asks for; docs/api.md, "When the outcome is unknown")
        response.setHeader(IDEMPOTENCY_KEY, requestId);
        long number = router.trade(trade);
        TradeLog.LOG.debug("{} {} {}: transaction {}", trade.type().wireName(), trade.quantity(), trade.name(),
                number);
        return new TradeReply(number);
    }

    @Operation(summary = "An order by its transaction number")
    @GetMapping(QUERY)
    ApiData<Order> order(@Parameter(description = "a non-negative integer below 2^63", example = "0",
            schema = @Schema(type = "integer", format = "int64", minimum = "0"))
            @PathVariable String number) {
        return ApiData.of(router.order(orderNumber(number)));
    }

    /**
     * The plain order queries, answered as {@link #order} would answer them but in front of Spring MVC
     * ({@link PlainApiFilter}); declared here so that a {@code @WebMvcTest} of this controller serves it too.
     */
    @Bean
    static FilterRegistrationBean<PlainApiFilter> plainOrderQueries(OrderRouter router, JsonMapper json) {
        return PlainApiFilter.get(QUERY, PLAIN_NUMBER.asMatchPredicate(),
                (number, response) -> router.order(Long.parseLong(number)), json);
    }

    private static long orderNumber(String number) {
        try {
            if (NUMBER.matcher(number).matches()) {
                return Long.parseLong(number);
            }
        } catch (NumberFormatException beyond64Bits) {
            // the same answer as for any other non-number
        }
        throw ApiException.badRequest("order number must be a non-negative integer");
    }

    private static byte[] body(HttpServletRequest request) {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        byte[] body;
        try {
            // one byte more than allowed tells a chunked body that is too large from one that just fits
            body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw ApiException.badRequest("could not read the request body");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return body;
    }

    private static ApiException tooLarge() {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "request body too large: an order has at most "
                + MAX_BODY_BYTES + " bytes");
    }

    /** The order as {@link OrderForm} reads it, for the API description only. */
    @Schema(name = "OrderRequest", requiredProperties = {"name", "quantity", "type"}, additionalProperties =
            Schema.AdditionalPropertiesValue.FALSE)
    record OrderBody(
            @Schema(pattern = TradeRules.NAME_PATTERN, example = "GameStart") String name,
            @Schema(minimum = "1", maximum = "1000000", example = "1") long quantity,
            @Schema(example = "buy") TradeType type) {
    }
}
