package org.stockbazaar.frontend.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.stockbazaar.support.ApiError;
import org.stockbazaar.support.ApiException;
import tools.jackson.databind.json.JsonMapper;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeType;

@WebMvcTest(controllers = OrderController.class, properties = "bazaar.internal.token=test-token")
class OrderControllerTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String ORDER = "{\"name\":\"GameStart\",\"quantity\":1,\"type\":\"buy\"}";
    private static final String MALFORMED = "malformed JSON: expected an object with name, quantity and type";
    private static final String TOO_LARGE = "request body too large: an order has at most 4096 bytes";
    private static final String INVALID_NAME = "invalid stock name: use 1 to 64 letters, digits, '.', '_' or '-'";
    private static final String INVALID_QUANTITY = "quantity must be an integer from 1 to 1000000";
    private static final String INVALID_TYPE = "type must be \"buy\" or \"sell\"";
    private static final String INVALID_KEY = "Idempotency-Key must be 1 to 128 letters, digits, '.', '_', ':' or '-'";
    private static final String INVALID_NUMBER = "order number must be a non-negative integer";

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private OrderRouter router;

    @ParameterizedTest
    @ValueSource(strings = {"/orders", "/orders/"})
    void tradeAnswersItsTransactionNumber(String path) {
        given(router.trade(any())).willReturn(7L);

        MvcTestResult result = mvc.post().uri(path).contentType(MediaType.APPLICATION_JSON).content(ORDER).exchange();

        assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().isStrictlyEqualTo("{\"data\":{\"transaction_number\":7}}");
        Trade sent = sentTrade();
        assertThat(sent.name()).isEqualTo("GameStart");
        assertThat(sent.type()).isEqualTo(TradeType.BUY);
        assertThat(sent.quantity()).isEqualTo(1);
    }

    /** A new type of trade needs nothing here: the form takes it by its wire name. */
    @ParameterizedTest
    @EnumSource(TradeType.class)
    void everyTypeOfTradeIsAcceptedByItsWireName(TradeType type) {
        given(router.trade(any())).willReturn(7L);
        String body = "{\"name\":\"GameStart\",\"quantity\":2,\"type\":\"" + type.wireName() + "\"}";

        assertThat(mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).content(body).exchange())
                .hasStatusOk();

        assertThat(sentTrade().type()).isSameAs(type);
    }

    @Test
    void idempotencyKeyIsTheRequestId() {
        given(router.trade(any())).willReturn(3L);

        assertThat(mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER)
                .header("Idempotency-Key", "client-7:order.42_A-b").exchange()).hasStatusOk();

        verify(router).trade(new Trade("client-7:order.42_A-b", "GameStart", TradeType.BUY, 1));
    }

    @Test
    void withoutAnIdempotencyKeyEachTradeGetsItsOwnUuid() {
        given(router.trade(any())).willReturn(3L);

        mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER).exchange();
        mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER).exchange();

        ArgumentCaptor<Trade> sent = ArgumentCaptor.forClass(Trade.class);
        verify(router, times(2)).trade(sent.capture());
        List<String> ids = sent.getAllValues().stream().map(Trade::requestId).toList();
        ids.forEach(id -> assertThat(UUID.fromString(id).toString()).isEqualTo(id));
        assertThat(ids.get(0)).isNotEqualTo(ids.get(1));
    }

    @Test
    void everyAnswerToACheckedOrderNamesItsKey() {
        given(router.trade(any())).willReturn(3L);

        MvcTestResult keyed = mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER)
                .header("Idempotency-Key", "client-7:42").exchange();
        MvcTestResult unkeyed = mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER)
                .exchange();

        assertThat(keyed).hasStatusOk().hasHeader("Idempotency-Key", "client-7:42");
        ArgumentCaptor<Trade> sent = ArgumentCaptor.forClass(Trade.class);
        verify(router, times(2)).trade(sent.capture());
        assertThat(unkeyed).hasStatusOk().hasHeader("Idempotency-Key", sent.getAllValues().get(1).requestId());
    }

    @Test
    void unknownOutcomeIsA504NamingTheKeyAndRepeatingWithThatKeyIsTheSameTrade() {
        given(router.trade(any())).willAnswer(call -> {
            throw OrderRouter.outcomeUnknown(call.<Trade>getArgument(0).requestId());
        });

        MvcTestResult unknown = mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER)
                .exchange();

        String key = unknown.getResponse().getHeader("Idempotency-Key");
        assertThat(key).isNotNull();
        assertError(unknown, HttpStatus.GATEWAY_TIMEOUT, OrderRouter.OUTCOME_UNKNOWN.formatted(key));
        mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER)
                .header("Idempotency-Key", key).exchange();
        ArgumentCaptor<Trade> sent = ArgumentCaptor.forClass(Trade.class);
        verify(router, times(2)).trade(sent.capture());
        assertThat(sent.getAllValues().get(1)).isEqualTo(sent.getAllValues().get(0));
    }

    @Test
    void refusedOrderHasNoKey() {
        assertThat(perform(json("{}"))).hasStatus(HttpStatus.BAD_REQUEST).doesNotContainHeader("Idempotency-Key");
        verifyNoInteractions(router);
    }

    @Test
    void largestOrderWithTheLongestNameInAnyFieldOrderWithCharsetAndWhitespaceIsAccepted() {
        given(router.trade(any())).willReturn(0L);
        String name = "A".repeat(64);
        String body = " {\n \"type\" : \"sell\", \"quantity\": 1000000,\t\"name\": \"" + name + "\" } ";

        assertThat(mvc.post().uri("/orders").contentType("application/json;charset=UTF-8").content(body).exchange())
                .hasStatusOk();

        Trade sent = sentTrade();
        assertThat(sent.name()).isEqualTo(name);
        assertThat(sent.type()).isEqualTo(TradeType.SELL);
        assertThat(sent.quantity()).isEqualTo(1_000_000);
    }

    @Test
    void bodyOfExactly4096BytesIsAccepted() {
        given(router.trade(any())).willReturn(0L);
        String body = ORDER + " ".repeat(4096 - ORDER.length());

        assertThat(mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).content(body).exchange())
                .hasStatusOk();
    }

    @Test
    void orderIsAnsweredInTheDataEnvelope() {
        given(router.order(0)).willReturn(new Order(0, "GameStart", TradeType.BUY, 1));

        MvcTestResult result = mvc.get().uri("/orders/0").exchange();

        assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().isStrictlyEqualTo(
                "{\"data\":{\"number\":0,\"name\":\"GameStart\",\"type\":\"buy\",\"quantity\":1}}");
    }

    @Test
    void largestOrderNumberReachesTheRouter() {
        given(router.order(Long.MAX_VALUE)).willReturn(new Order(Long.MAX_VALUE, "GameStart", TradeType.BUY, 1));

        MvcTestResult result = mvc.get().uri("/orders/9223372036854775807").exchange();

        assertThat(result).hasStatusOk();
        assertThat(result.getMvcResult().getHandler()).as("19 digits: the controller reads them").isNotNull();
    }

    /**
     * A plain query (a number of at most 18 digits, no Accept or a plain one) is answered in front of Spring MVC (no
     * handler in the result, {@code PlainApiFilter}) with exactly the controller's answer, found or refused.
     */
    @Test
    void plainOrderQueriesGetTheControllersAnswerInFrontOfSpringMvc() {
        given(router.order(7)).willReturn(new Order(7, "GameStart", TradeType.SELL, 3));
        given(router.order(12)).willThrow(ApiException.notFound("order not found"));
        given(router.order(13))
                .willThrow(new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "no order replica available"));

        for (String path : List.of("/orders/7", "/orders/007", "/orders/12", "/orders/13")) {
            MvcTestResult plain = mvc.get().uri(path).exchange();
            MvcTestResult starred = mvc.get().uri(path).header(HttpHeaders.ACCEPT, "*/*").exchange();
            MvcTestResult listed =
                    mvc.get().uri(path).header(HttpHeaders.ACCEPT, "application/json, */*").exchange();

            assertThat(plain.getMvcResult().getHandler()).as("%s without Accept", path).isNull();
            assertThat(starred.getMvcResult().getHandler()).as("%s with Accept */*", path).isNull();
            assertThat(listed.getMvcResult().getHandler()).as("%s with a list of types", path).isNotNull();
            for (MvcTestResult filtered : List.of(plain, starred)) {
                assertThat(filtered.getResponse().getStatus()).isEqualTo(listed.getResponse().getStatus());
                assertThat(filtered.getResponse().getContentType()).isEqualTo(listed.getResponse().getContentType());
                assertThat(filtered.getResponse().getContentAsByteArray())
                        .isEqualTo(listed.getResponse().getContentAsByteArray());
            }
        }
        assertThat(mvc.get().uri("/orders/007").exchange()).bodyJson().isStrictlyEqualTo(
                "{\"data\":{\"number\":7,\"name\":\"GameStart\",\"type\":\"sell\",\"quantity\":3}}");
    }

    /**
     * A plain order (content type {@code application/json} as such, no Accept or a plain one, the key at most once) is
     * answered in front of Spring MVC (no handler in the result, {@code PlainApiFilter}) with exactly the answer the
     * controller gives the same order sent with a charset, traded or refused, the key's header included.
     */
    @Test
    void plainTradesGetTheControllersAnswerInFrontOfSpringMvc() {
        given(router.trade(any())).willAnswer(call -> switch (call.<Trade>getArgument(0).name()) {
            case "GameStart" -> 7L;
            case "BoarCo" -> throw new ApiException(HttpStatus.CONFLICT, "not enough stock: only 3 left");
            case "MenhirCo" -> throw OrderRouter.outcomeUnknown(call.<Trade>getArgument(0).requestId());
            default -> throw new IllegalStateException("a bug");
        });
        List<String> bodies = List.of(ORDER, ORDER.replace("GameStart", "BoarCo"),
                ORDER.replace("GameStart", "MenhirCo"), ORDER.replace("GameStart", "FishCo"), "{\"name\":1}",
                ORDER + " ".repeat(4096));

        for (String body : bodies) {
            for (String key : List.of("client-7:42", "a b")) {
                MvcTestResult plain = mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", key).content(body).exchange();
                MvcTestResult controller = mvc.post().uri("/orders").contentType("application/json;charset=UTF-8")
                        .header("Idempotency-Key", key).content(body).exchange();

                assertThat(plain.getMvcResult().getHandler()).as("%s, key %s", body, key).isNull();
                assertThat(controller.getMvcResult().getHandler()).isNotNull();
                assertThat(plain.getResponse().getStatus()).as(body).isEqualTo(controller.getResponse().getStatus());
                assertThat(plain.getResponse().getContentType()).isEqualTo(controller.getResponse().getContentType());
                assertThat(plain.getResponse().getHeader("Idempotency-Key"))
                        .isEqualTo(controller.getResponse().getHeader("Idempotency-Key"));
                assertThat(plain.getResponse().getContentAsByteArray())
                        .isEqualTo(controller.getResponse().getContentAsByteArray());
            }
        }
        assertError(mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).content(bodies.get(3))
                .exchange(), HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    @Test
    void orderWithItsKeySentTwiceGoesToTheControllerWhichReadsTheKeysAsOne() {
        MvcTestResult twice = mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", "a", "b").content(ORDER).exchange();

        assertThat(twice.getMvcResult().getHandler()).isNotNull();
        assertError(twice, HttpStatus.BAD_REQUEST, INVALID_KEY);
        verifyNoInteractions(router);
    }

    /** Refused before it trades: a 406 after the trade would hide the number of a trade that happened. */
    @Test
    void orderThatAcceptsNoJsonIsRefusedBeforeItTrades() {
        given(router.trade(any())).willReturn(7L);

        MvcTestResult html = mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.ACCEPT, "text/html").content(ORDER).exchange();

        assertError(html, HttpStatus.NOT_ACCEPTABLE, "only application/json responses are available");
        verifyNoInteractions(router);
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                // content type and size
                bad("no content type", post(null, ORDER), HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "content type not supported: send application/json"),
                bad("text/plain", post("text/plain", ORDER), HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "content type not supported: send application/json"),
                bad("a form", post("application/x-www-form-urlencoded", "name=GameStart&quantity=1&type=buy"),
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE, "content type not supported: send application/json"),
                bad("4097 bytes", json(ORDER + " ".repeat(4097 - ORDER.length())), HttpStatus.CONTENT_TOO_LARGE,
                        TOO_LARGE),
                bad("a megabyte", json("[" + "1,".repeat(500_000) + "1]"), HttpStatus.CONTENT_TOO_LARGE,
                        TOO_LARGE),
                // not an object
                bad("empty body", json(""), HttpStatus.BAD_REQUEST, MALFORMED),
                bad("not JSON", json("name=GameStart"), HttpStatus.BAD_REQUEST, MALFORMED),
                bad("cut short", json("{\"name\":\"GameStart\","), HttpStatus.BAD_REQUEST, MALFORMED),
                bad("an array", json("[" + ORDER + "]"), HttpStatus.BAD_REQUEST, MALFORMED),
                bad("a string", json("\"GameStart\""), HttpStatus.BAD_REQUEST, MALFORMED),
                bad("null", json("null"), HttpStatus.BAD_REQUEST, MALFORMED),
                bad("a number", json("1"), HttpStatus.BAD_REQUEST, MALFORMED),
                bad("trailing data", json(ORDER + " x"), HttpStatus.BAD_REQUEST, MALFORMED),
                bad("two objects", json(ORDER + ORDER), HttpStatus.BAD_REQUEST, MALFORMED),
                bad("a field twice", json("{\"name\":\"GameStart\",\"quantity\":1,\"type\":\"buy\",\"type\":\"sell\"}"),
                        HttpStatus.BAD_REQUEST, MALFORMED),
                bad("single quotes", json("{'name':'GameStart','quantity':1,'type':'buy'}"), HttpStatus.BAD_REQUEST,
                        MALFORMED),
                // fields
                bad("no name", json("{\"quantity\":1,\"type\":\"buy\"}"), HttpStatus.BAD_REQUEST,
                        "missing field: name"),
                bad("no quantity", json("{\"name\":\"GameStart\",\"type\":\"buy\"}"), HttpStatus.BAD_REQUEST,
                        "missing field: quantity"),
                bad("no type", json("{\"name\":\"GameStart\",\"quantity\":1}"), HttpStatus.BAD_REQUEST,
                        "missing field: type"),
                bad("empty object", json("{}"), HttpStatus.BAD_REQUEST, "missing field: name"),
                bad("an extra field", json("{\"name\":\"GameStart\",\"quantity\":1,\"type\":\"buy\",\"price\":2}"),
                        HttpStatus.BAD_REQUEST, "unknown field: price (an order has only name, quantity and type)"),
                bad("a misspelt field", json("{\"nmae\":\"GameStart\",\"quantity\":1,\"type\":\"buy\"}"),
                        HttpStatus.BAD_REQUEST, "unknown field: nmae (an order has only name, quantity and type)"),
                bad("a long extra field", json("{\"" + "x".repeat(100) + "\":1}"), HttpStatus.BAD_REQUEST,
                        "unknown field: " + "x".repeat(64) + "... (an order has only name, quantity and type)"),
                bad("a long extra field of emoji, cut between two", json("{\"" + "\uD83D\uDE00".repeat(100) + "\":1}"),
                        HttpStatus.BAD_REQUEST, "unknown field: " + "\uD83D\uDE00".repeat(64)
                                + "... (an order has only name, quantity and type)"),
                // name
                bad("name a number", order("1", "1", "\"buy\""), HttpStatus.BAD_REQUEST, INVALID_NAME),
                bad("name null", order("null", "1", "\"buy\""), HttpStatus.BAD_REQUEST, INVALID_NAME),
                bad("name empty", order("\"\"", "1", "\"buy\""), HttpStatus.BAD_REQUEST, INVALID_NAME),
                bad("name with a space", order("\"Game Start\"", "1", "\"buy\""), HttpStatus.BAD_REQUEST,
                        INVALID_NAME),
                bad("name with a slash", order("\"Game/Start\"", "1", "\"buy\""), HttpStatus.BAD_REQUEST,
                        INVALID_NAME),
                bad("name ..", order("\"..\"", "1", "\"buy\""), HttpStatus.BAD_REQUEST, INVALID_NAME),
                bad("name .", order("\".\"", "1", "\"buy\""), HttpStatus.BAD_REQUEST, INVALID_NAME),
                bad("name not ASCII", order("\"\u00e9t\u00e9\"", "1", "\"buy\""), HttpStatus.BAD_REQUEST,
                        INVALID_NAME),
                bad("name of 65 characters", order("\"" + "A".repeat(65) + "\"", "1", "\"buy\""),
                        HttpStatus.BAD_REQUEST, INVALID_NAME),
                bad("name an object", order("{}", "1", "\"buy\""), HttpStatus.BAD_REQUEST, INVALID_NAME),
                // type
                bad("type BUY", order("\"GameStart\"", "1", "\"BUY\""), HttpStatus.BAD_REQUEST, INVALID_TYPE),
                bad("type Sell", order("\"GameStart\"", "1", "\"Sell\""), HttpStatus.BAD_REQUEST, INVALID_TYPE),
                bad("type hold", order("\"GameStart\"", "1", "\"hold\""), HttpStatus.BAD_REQUEST, INVALID_TYPE),
                bad("type with a space", order("\"GameStart\"", "1", "\" buy\""), HttpStatus.BAD_REQUEST,
                        INVALID_TYPE),
                bad("type empty", order("\"GameStart\"", "1", "\"\""), HttpStatus.BAD_REQUEST, INVALID_TYPE),
                bad("type null", order("\"GameStart\"", "1", "null"), HttpStatus.BAD_REQUEST, INVALID_TYPE),
                bad("type a number", order("\"GameStart\"", "1", "1"), HttpStatus.BAD_REQUEST, INVALID_TYPE),
                bad("type true", order("\"GameStart\"", "1", "true"), HttpStatus.BAD_REQUEST, INVALID_TYPE),
                bad("type a list", order("\"GameStart\"", "1", "[\"buy\"]"), HttpStatus.BAD_REQUEST, INVALID_TYPE),
                // quantity
                bad("quantity 1.5", order("\"GameStart\"", "1.5", "\"buy\""), HttpStatus.BAD_REQUEST,
                        INVALID_QUANTITY),
                bad("quantity 1.0", order("\"GameStart\"", "1.0", "\"buy\""), HttpStatus.BAD_REQUEST,
                        INVALID_QUANTITY),
                bad("quantity 1e3", order("\"GameStart\"", "1e3", "\"buy\""), HttpStatus.BAD_REQUEST,
                        INVALID_QUANTITY),
                bad("quantity \"3\"", order("\"GameStart\"", "\"3\"", "\"buy\""), HttpStatus.BAD_REQUEST,
                        INVALID_QUANTITY),
                bad("quantity true", order("\"GameStart\"", "true", "\"buy\""), HttpStatus.BAD_REQUEST,
                        INVALID_QUANTITY),
                bad("quantity null", order("\"GameStart\"", "null", "\"buy\""), HttpStatus.BAD_REQUEST,
                        INVALID_QUANTITY),
                bad("quantity a list", order("\"GameStart\"", "[1]", "\"buy\""), HttpStatus.BAD_REQUEST,
                        INVALID_QUANTITY),
                bad("quantity 0", order("\"GameStart\"", "0", "\"buy\""), HttpStatus.BAD_REQUEST, INVALID_QUANTITY),
                bad("quantity -0", order("\"GameStart\"", "-0", "\"buy\""), HttpStatus.BAD_REQUEST,
                        INVALID_QUANTITY),
                bad("quantity -1", order("\"GameStart\"", "-1", "\"buy\""), HttpStatus.BAD_REQUEST,
                        INVALID_QUANTITY),
                bad("quantity 1000001", order("\"GameStart\"", "1000001", "\"buy\""), HttpStatus.BAD_REQUEST,
                        INVALID_QUANTITY),
                bad("quantity 2^63", order("\"GameStart\"", "9223372036854775808", "\"buy\""),
                        HttpStatus.BAD_REQUEST, INVALID_QUANTITY),
                bad("quantity 2^64 + 1", order("\"GameStart\"", "18446744073709551617", "\"buy\""),
                        HttpStatus.BAD_REQUEST, INVALID_QUANTITY),
                bad("quantity -2^63 - 1", order("\"GameStart\"", "-9223372036854775809", "\"buy\""),
                        HttpStatus.BAD_REQUEST, INVALID_QUANTITY),
                // Idempotency-Key
                bad("empty key", keyed(""), HttpStatus.BAD_REQUEST, INVALID_KEY),
                bad("key with a space", keyed("my key"), HttpStatus.BAD_REQUEST, INVALID_KEY),
                bad("key with a slash", keyed("a/b"), HttpStatus.BAD_REQUEST, INVALID_KEY),
                bad("key with a comma", keyed("a,b"), HttpStatus.BAD_REQUEST, INVALID_KEY),
                bad("key of 129 characters", keyed("k".repeat(129)), HttpStatus.BAD_REQUEST, INVALID_KEY),
                // order numbers
                bad("order abc", get("/orders/abc"), HttpStatus.BAD_REQUEST, INVALID_NUMBER),
                bad("order -1", get("/orders/-1"), HttpStatus.BAD_REQUEST, INVALID_NUMBER),
                bad("order +1", get("/orders/+1"), HttpStatus.BAD_REQUEST, INVALID_NUMBER),
                bad("order 1.5", get("/orders/1.5"), HttpStatus.BAD_REQUEST, INVALID_NUMBER),
                bad("order 1e3", get("/orders/1e3"), HttpStatus.BAD_REQUEST, INVALID_NUMBER),
                bad("order 0x1", get("/orders/0x1"), HttpStatus.BAD_REQUEST, INVALID_NUMBER),
                bad("order 2^63", get("/orders/9223372036854775808"), HttpStatus.BAD_REQUEST, INVALID_NUMBER),
                bad("order beyond 64 bits", get("/orders/99999999999999999999999"), HttpStatus.BAD_REQUEST,
                        INVALID_NUMBER),
                bad("order with a space", get("/orders/%201"), HttpStatus.BAD_REQUEST, INVALID_NUMBER),
                // methods
                bad("GET /orders", get("/orders"), HttpStatus.METHOD_NOT_ALLOWED, "method GET not allowed here"),
                bad("DELETE an order", new Call("DELETE", "/orders/1", null, null, null),
                        HttpStatus.METHOD_NOT_ALLOWED, "method DELETE not allowed here"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestIsRefusedWithItsReasonAndGoesNowhere(Call call, HttpStatus status, String message) {
        assertError(perform(call), status, message);
        verifyNoInteractions(router);
    }

    @Test
    void anOrderInAnotherContentTypeIsToldTheOneAccepted() {
        MvcTestResult result = mvc.post().uri("/orders").contentType("text/plain").content(ORDER).exchange();

        assertError(result, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "content type not supported: send application/json");
        assertThat(result).headers().hasValue("Accept", "application/json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE"})
    void orderNotInUtf8IsMalformedEvenThoughJacksonCouldReadIt(String charset) {
        MvcTestResult result = mvc.post().uri("/orders").contentType("application/json;charset=" + charset)
                .content(ORDER.getBytes(Charset.forName(charset))).exchange();

        assertError(result, HttpStatus.BAD_REQUEST, MALFORMED);
        verifyNoInteractions(router);
    }

    @Test
    void orderInUtf8AfterAByteOrderMarkTrades() {
        given(router.trade(any())).willReturn(7L);
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = ByteBuffer.allocate(3 + ORDER.length()).put(bom).put(ORDER.getBytes(StandardCharsets.UTF_8))
                .array();

        assertThat(mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).content(body).exchange())
                .hasStatusOk().bodyJson().isStrictlyEqualTo("{\"data\":{\"transaction_number\":7}}");
    }

    @Test
    void chunkedBodyOverTheLimitIsRefusedWithoutReadingItAll() {
        MockHttpServletRequest chunked = new MockHttpServletRequest("POST", "/orders") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        chunked.setContent((ORDER + " ".repeat(10_000)).getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> new OrderController(router).trade(chunked, new MockHttpServletResponse(), null))
                .isInstanceOf(ApiException.class).hasMessage(TOO_LARGE);
        verifyNoInteractions(router);
    }

    static Stream<Arguments> refusalsOfTheLeader() {
        return Stream.of(
                Arguments.of(HttpStatus.CONFLICT, "not enough stock: only 3 left"),
                Arguments.of(HttpStatus.CONFLICT, "request id already used for a different trade"),
                Arguments.of(HttpStatus.NOT_FOUND, "stock not found"),
                Arguments.of(HttpStatus.BAD_REQUEST, "quantity must be an integer from 1 to 1000000"),
                Arguments.of(HttpStatus.SERVICE_UNAVAILABLE, "no order replica available"),
                Arguments.of(HttpStatus.SERVICE_UNAVAILABLE, "catalog service unavailable"));
    }

    @ParameterizedTest
    @MethodSource("refusalsOfTheLeader")
    void routerRefusalOfATradeReachesTheClientUnchanged(HttpStatus status, String message) {
        given(router.trade(any())).willThrow(new ApiException(status, message));

        assertError(mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).content(ORDER).exchange(),
                status, message);
    }

    @Test
    void unknownOrderIsA404() {
        given(router.order(anyLong())).willThrow(ApiException.notFound("order not found"));

        assertError(mvc.get().uri("/orders/12").exchange(), HttpStatus.NOT_FOUND, "order not found");
    }

    @Test
    void orderQueryWithNoReplicaIsA503() {
        given(router.order(anyLong()))
                .willThrow(new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "no order replica available"));

        assertError(mvc.get().uri("/orders/12").exchange(), HttpStatus.SERVICE_UNAVAILABLE,
                "no order replica available");
    }

    private Trade sentTrade() {
        ArgumentCaptor<Trade> sent = ArgumentCaptor.forClass(Trade.class);
        verify(router).trade(sent.capture());
        return sent.getValue();
    }

    private MvcTestResult perform(Call call) {
        MockMvcTester.MockMvcRequestBuilder request =
                mvc.method(HttpMethod.valueOf(call.method())).uri(URI.create(call.path()));
        if (call.contentType() != null) {
            request.contentType(call.contentType());
        }
        if (call.body() != null) {
            request.content(call.body());
        }
        if (call.idempotencyKey() != null) {
            request.header("Idempotency-Key", call.idempotencyKey());
        }
        return request.exchange();
    }

    /** Every error: the status, JSON, and exactly {"error":{"code":status,"message":...}}. */
    private static void assertError(MvcTestResult result, HttpStatus status, String message) {
        assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().isStrictlyEqualTo(JSON.writeValueAsString(ApiError.of(status.value(), message)));
    }

    private static Arguments bad(String description, Call call, HttpStatus status, String message) {
        return Arguments.of(Named.of(description, call), status, message);
    }

    private static Call post(String contentType, String body) {
        return new Call("POST", "/orders", contentType, body, null);
    }

    private static Call get(String path) {
        return new Call("GET", path, null, null, null);
    }

    private static Call json(String body) {
        return post(MediaType.APPLICATION_JSON_VALUE, body);
    }

    private static Call order(String name, String quantity, String type) {
        return json("{\"name\":" + name + ",\"quantity\":" + quantity + ",\"type\":" + type + "}");
    }

    private static Call keyed(String idempotencyKey) {
        return new Call("POST", "/orders", MediaType.APPLICATION_JSON_VALUE, ORDER, idempotencyKey);
    }

    record Call(String method, String path, String contentType, String body, String idempotencyKey) {
    }
}
