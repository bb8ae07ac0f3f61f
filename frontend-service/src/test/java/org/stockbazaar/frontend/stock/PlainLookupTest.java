package org.stockbazaar.frontend.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.stockbazaar.frontend.cache.LeasedCache;
import org.stockbazaar.frontend.cache.StockCache;
import org.stockbazaar.frontend.cache.Versioned;
import org.stockbazaar.support.ApiException;

/**
 * The lookups that {@link org.stockbazaar.frontend.web.PlainApiFilter} answers in front of Spring MVC get exactly
 * the controller's answer (status, body, {@code X-Cache}, content type), through the real cache, and are timed under
 * the controller's pattern; every other lookup still reaches the controller. Which one answered: a request that
 * reached Spring MVC has a handler in its result. An order answered there is timed under its path too (what it
 * answers: {@code OrderControllerTest}).
 */
@SpringBootTest(properties = {
        "bazaar.internal.token=test-token",
        "bazaar.cache.size=2",
        "bazaar.frontend.catalog-url=http://127.0.0.1:1",
        "bazaar.frontend.replicas=1=http://127.0.0.1:1"})
@AutoConfigureMockMvc
class PlainLookupTest {

    /** An Accept that takes JSON but is not one of the filter's plain ones: the controller answers it. */
    private static final String LISTED = "application/json, text/plain;q=0.5";

    @Autowired
    private MockMvcTester mvc;

    @Autowired
    private StockCache cache;

    @Autowired
    private MeterRegistry meters;

    @MockitoBean
    private CatalogClient catalog;

    @BeforeEach
    void emptyCacheAndAnyStock() {
        LeasedCache.holdingLease(cache);
        given(catalog.lookup(anyString())).willAnswer(call -> quote(call.getArgument(0)));
        given(catalog.lookup("Nope")).willThrow(ApiException.notFound("stock not found"));
        given(catalog.lookup("Down")).willThrow(CatalogClient.unavailable());
    }

    @Test
    void aMissAndAHitAreAnsweredInFrontOfSpringMvcAsTheControllerAnswersThem() {
        MvcTestResult miss = lookup("GameStart", request -> request);
        MvcTestResult hit = lookup("GameStart", request -> request);
        cache.evict("GameStart");
        MvcTestResult controllerMiss = lookup("GameStart", request -> request.header(HttpHeaders.ACCEPT, LISTED));
        MvcTestResult controllerHit = lookup("GameStart", request -> request.header(HttpHeaders.ACCEPT, LISTED));

        assertAnsweredBy(null, miss, hit);
        assertAnsweredBy(StockController.class, controllerMiss, controllerHit);
        assertThat(miss.getResponse().getHeader(StockController.CACHE_HEADER)).isEqualTo("miss");
        assertThat(hit.getResponse().getHeader(StockController.CACHE_HEADER)).isEqualTo("hit");
        assertSameAnswer(miss, controllerMiss);
        assertSameAnswer(hit, controllerHit);
        assertThat(hit).bodyJson()
                .isStrictlyEqualTo("{\"data\":{\"name\":\"GameStart\",\"price\":15.99,\"quantity\":100}}");
    }

    @Test
    void whatTheLookupRefusesIsAnsweredInTheErrorModelAsTheControllerAnswersIt() {
        for (String name : new String[] {"Nope", "Down"}) {
            MvcTestResult filtered = lookup(name, request -> request);
            MvcTestResult controller = lookup(name, request -> request.header(HttpHeaders.ACCEPT, LISTED));

            assertAnsweredBy(null, filtered);
            assertAnsweredBy(StockController.class, controller);
            assertSameAnswer(filtered, controller);
        }
        assertThat(lookup("Nope", request -> request)).hasStatus(HttpStatus.NOT_FOUND).bodyJson()
                .isStrictlyEqualTo("{\"error\":{\"code\":404,\"message\":\"stock not found\"}}");
        assertThat(lookup("Down", request -> request)).hasStatus(HttpStatus.SERVICE_UNAVAILABLE).bodyJson()
                .isStrictlyEqualTo("{\"error\":{\"code\":503,\"message\":\"catalog service unavailable\"}}");
    }

    @Test
    void plainAcceptsAreTheFiltersAndOthersTheControllers() {
        assertAnsweredBy(null, lookup("GameStart", request -> request.header(HttpHeaders.ACCEPT, "*/*")),
                lookup("GameStart", request -> request.header(HttpHeaders.ACCEPT, "application/json")));

        MvcTestResult html = lookup("GameStart", request -> request.header(HttpHeaders.ACCEPT, "text/html"));

        assertAnsweredBy(StockController.class, html);
        assertThat(html).hasStatus(HttpStatus.NOT_ACCEPTABLE);
    }

    @Test
    void anEncodedNameAndAHeadGoToTheController() {
        MvcTestResult encoded = mvc.get().uri(URI.create("/stocks/%47ameStart")).exchange();
        MvcTestResult head = mvc.head().uri("/stocks/GameStart").exchange();

        assertAnsweredBy(StockController.class, encoded, head);
        assertThat(encoded).hasStatusOk().bodyJson().extractingPath("$.data.name").isEqualTo("GameStart");
        assertThat(head).hasStatusOk().hasHeader(StockController.CACHE_HEADER, "hit");
    }

    @Test
    void anUnexpectedFailureGoesToTheControllerForItsPlain500() {
        given(catalog.lookup("Broken")).willThrow(new IllegalStateException("secret detail of the failure"));

        MvcTestResult broken = lookup("Broken", request -> request);

        assertAnsweredBy(StockController.class, broken);
        assertThat(broken).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR).bodyJson()
                .isStrictlyEqualTo("{\"error\":{\"code\":500,\"message\":\"internal error\"}}");
        verify(catalog, times(2)).lookup("Broken");
    }

    @Test
    void aLookupAnsweredInFrontOfSpringMvcIsTimedUnderTheControllersPattern() {
        long before = timedLookups("200");
        long notFoundBefore = timedLookups("404");

        assertAnsweredBy(null, lookup("GameStart", request -> request), lookup("Nope", request -> request));

        assertThat(timedLookups("200") - before).isEqualTo(1);
        assertThat(timedLookups("404") - notFoundBefore).isEqualTo(1);
    }

    @Test
    void anOrderAnsweredInFrontOfSpringMvcIsTimedUnderItsPathToo() {
        long before = timed("POST", "/orders", "400");

        MvcTestResult refused = mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).content("{}")
                .exchange();

        assertAnsweredBy(null, refused);
        assertThat(refused).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(timed("POST", "/orders", "400") - before).isEqualTo(1);
    }

    private MvcTestResult lookup(String name, Function<MockMvcRequestBuilder, MockMvcRequestBuilder> headers) {
        return headers.apply(mvc.get().uri("/stocks/{name}", name)).exchange();
    }

    /** {@code GET}s with this status in {@code http.server.requests} under the controller's pattern. */
    private long timedLookups(String status) {
        return timed("GET", StockController.PATTERN, status);
    }

    /** Requests with this method, pattern and status in {@code http.server.requests}. */
    private long timed(String method, String pattern, String status) {
        var timer = meters.find("http.server.requests")
                .tags("method", method, "uri", pattern, "status", status).timer();
        return timer == null ? 0 : timer.count();
    }

    /** By the filter ({@code controller} null: Spring MVC never saw the request), or by that controller. */
    private static void assertAnsweredBy(Class<?> controller, MvcTestResult... results) {
        for (MvcTestResult result : results) {
            Object handler = result.getMvcResult().getHandler();
            if (controller == null) {
                assertThat(handler).as("answered in front of Spring MVC").isNull();
            } else {
                assertThat(handler).as("answered by the controller").isNotNull();
                assertThat(handler.toString()).contains(controller.getSimpleName());
            }
        }
    }

    private static void assertSameAnswer(MvcTestResult filtered, MvcTestResult controller) {
        assertThat(filtered.getResponse().getStatus()).isEqualTo(controller.getResponse().getStatus());
        assertThat(filtered.getResponse().getContentType()).isEqualTo(controller.getResponse().getContentType());
        assertThat(filtered.getResponse().getHeader(StockController.CACHE_HEADER))
                .isEqualTo(controller.getResponse().getHeader(StockController.CACHE_HEADER));
        assertThat(new String(filtered.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8))
                .isEqualTo(new String(controller.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
    }

    private static Versioned<Stock> quote(String name) {
        return new Versioned<>(new Stock(name, new BigDecimal("15.99"), 100), 1);
    }
}
