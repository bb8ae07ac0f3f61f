package org.stockbazaar.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An internal endpoint served as a {@link JsonEndpoint} answers every request, good or bad, as the same method
 * behind an annotated {@code @PostMapping} with a {@code @RequestBody}, or a {@code @GetMapping} with a number as
 * its {@code @PathVariable}, does: same status, same body.
 */
@WebMvcTest(properties = "bazaar.internal.token=test-token")
@ContextConfiguration(classes = {ServiceSupportConfiguration.class, ApiErrorAdvice.class,
        JsonEndpointTest.Orders.class})
class JsonEndpointTest {

    private static final String JSON = "application/json";

    @Autowired
    private MockMvcTester mvc;

    /** A request: method, content type (or none), body (or none), whether it carries the secret, path's end. */
    record Call(String method, String contentType, String body, boolean secret, String suffix) {

        Call(String method, String contentType, String body, boolean secret) {
            this(method, contentType, body, secret, "");
        }

        static Call post(String body) {
            return new Call("POST", JSON, body, true);
        }

        static Call get(String suffix) {
            return new Call("GET", null, null, true, suffix);
        }
    }

    static Stream<Arguments> calls() {
        return Stream.of(
                arguments("a good body", Call.post("{\"quantity\":3}"), 200),
                arguments("JSON with a charset", new Call("POST", JSON + ";charset=UTF-8", "{\"quantity\":3}", true),
                        200),
                arguments("a vendor JSON type", new Call("POST", "application/vnd.bazaar+json", "{\"quantity\":3}",
                        true), 200),
                arguments("a field of the wrong type", Call.post("{\"quantity\":1.5}"), 400),
                arguments("a number out of range", Call.post("{\"quantity\":9223372036854775808}"), 400),
                arguments("a field as a string", Call.post("{\"quantity\":\"3\"}"), 400),
                arguments("cut-off JSON", Call.post("{\"quantity\":"), 400),
                arguments("an array", Call.post("[1]"), 400),
                arguments("JSON null", Call.post("null"), 400),
                arguments("no body", new Call("POST", JSON, null, true), 400),
                arguments("plain text", new Call("POST", "text/plain", "{\"quantity\":3}", true), 415),
                arguments("no content type", new Call("POST", null, "{\"quantity\":3}", true), 415),
                arguments("a content type that does not parse", new Call("POST", "json", "{\"quantity\":3}", true),
                        415),
                arguments("GET", new Call("GET", null, null, true), 405),
                arguments("PUT with a good body", new Call("PUT", JSON, "{\"quantity\":3}", true), 405),
                arguments("no secret", new Call("POST", JSON, "{\"quantity\":3}", false), 401),
                arguments("the controller refuses it", Call.post("{\"quantity\":-1}"), 400),
                arguments("the controller fails", Call.post("{\"quantity\":13}"), 500));
    }

    private static Arguments arguments(String name, Call call, int status) {
        return Arguments.of(Named.of(name, call), status);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void answersAsAnAnnotatedControllerMethodDoes(Call call, int status) throws Exception {
        assertSameAnswer(call, "", status);
    }

    static Stream<Arguments> queries() {
        return Stream.of(
                arguments("a number", Call.get("/7"), 200),
                arguments("a number with a plus sign", Call.get("/+7"), 200),
                arguments("zero", Call.get("/0"), 200),
                arguments("a word", Call.get("/seven"), 400),
                arguments("a fraction", Call.get("/1.5"), 400),
                arguments("a number out of range", Call.get("/9223372036854775808"), 400),
                arguments("no number", Call.get("/"), 404),
                arguments("a segment more", Call.get("/7/8"), 404),
                arguments("POST", new Call("POST", JSON, "{\"quantity\":3}", true, "/7"), 405),
                arguments("no secret", new Call("GET", null, null, false, "/7"), 401),
                arguments("the controller refuses it", Call.get("/-1"), 404),
                arguments("the controller fails", Call.get("/13"), 500));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void answersAQueryAsAnAnnotatedControllerMethodDoes(Call call, int status) throws Exception {
        assertSameAnswer(call, "/orders", status);
    }

    private void assertSameAnswer(Call call, String path, int status) throws Exception {
        MvcTestResult annotated = send("/internal/annotated" + path, call);
        MvcTestResult direct = send("/internal/direct" + path, call);

        assertThat(annotated).hasStatus(status);
        assertThat(direct).hasStatus(status);
        assertThat(direct).bodyText().isEqualTo(annotated.getResponse().getContentAsString());
        assertThat(direct.getResponse().getContentType()).startsWith(JSON);
    }

    private MvcTestResult send(String path, Call call) {
        var request = mvc.method(HttpMethod.valueOf(call.method())).uri(path + call.suffix());
        if (call.contentType() != null) {
            request.contentType(call.contentType());
        }
        if (call.body() != null) {
            request.content(call.body());
        }
        if (call.secret()) {
            request.header(InternalProperties.HEADER, "test-token");
        }
        return request.exchange();
    }

    record Order(long quantity) {
    }

    @RestController
    static class Orders {

        @PostMapping("/internal/annotated")
        ApiData<Long> annotated(@RequestBody Order order) {
            return trade(order);
        }

        @Bean("/internal/direct")
        JsonEndpoint direct(JsonEndpoint.Factory endpoints) {
            return endpoints.post(Order.class, this::trade);
        }

        @GetMapping("/internal/annotated/orders/{number}")
        ApiData<Long> annotatedQuery(@PathVariable long number) {
            return query(number);
        }

        @Bean("/internal/direct/orders/*")
        JsonEndpoint directQuery(JsonEndpoint.Factory endpoints) {
            return endpoints.getByNumber("number", this::query);
        }

        ApiData<Long> query(long number) {
            if (number < 0) {
                throw ApiException.notFound("order not found");
            }
            if (number == 13) {
                throw new IllegalStateException("unlucky");
            }
            return ApiData.of(number);
        }

        ApiData<Long> trade(Order order) {
            if (order.quantity() < 0) {
                throw ApiException.badRequest("quantity must be positive");
            }
            if (order.quantity() == 13) {
                throw new IllegalStateException("unlucky");
            }
            return ApiData.of(order.quantity());
        }
    }
}
