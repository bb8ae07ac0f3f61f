package org.stockbazaar.frontend.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.math.BigDecimal;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.stockbazaar.frontend.cache.Versioned;
import org.stockbazaar.support.ApiException;

@WebMvcTest(controllers = StockController.class, properties = "bazaar.internal.token=test-token")
class StockControllerTest {

    private static final String INVALID_NAME =
            "invalid stock name: use 1 to 64 letters, digits, '.', '_' or '-'";

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private StockLookup lookup;

    @Test
    void lookupAnswersWithTheStockInTheDataEnvelope() {
        given(lookup.lookup("GameStart")).willReturn(new Versioned<>(new Stock("GameStart", new BigDecimal("15.99"), 100), 1));

        MvcTestResult result = mvc.get().uri("/stocks/GameStart").exchange();

        assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson()
                .isStrictlyEqualTo("{\"data\":{\"name\":\"GameStart\",\"price\":15.99,\"quantity\":100}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"BRK.B", "X", "game_start-2", "...", "A.."})
    void namesOfLettersDigitsDotsDashesAndUnderscoresReachTheLookup(String name) {
        given(lookup.lookup(name)).willReturn(new Versioned<>(new Stock(name, BigDecimal.ONE, 1), 1));

        assertThat(mvc.get().uri("/stocks/{name}", name).exchange()).hasStatusOk();
        verify(lookup).lookup(name);
    }

    @Test
    void longestAllowedNameReachesTheLookup() {
        String name = "A".repeat(64);
        given(lookup.lookup(name)).willReturn(new Versioned<>(new Stock(name, BigDecimal.ONE, 1), 1));

        assertThat(mvc.get().uri("/stocks/{name}", name).exchange()).hasStatusOk();
        verify(lookup).lookup(name);
    }

    @Test
    void unknownStockIsA404() {
        given(lookup.lookup("Nope")).willThrow(ApiException.notFound("stock not found"));

        assertError(mvc.get().uri("/stocks/Nope").exchange(), HttpStatus.NOT_FOUND, "stock not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/stocks/a%20b", "/stocks/Game$tart", "/stocks/%C3%A9t%C3%A9", "/stocks/..;x",
            "/stocks/.;x", "/stocks/..", "/stocks/."})
    void malformedNameIsRefusedBeforeTheLookup(String path) {
        assertError(mvc.get().uri(URI.create(path)).exchange(), HttpStatus.BAD_REQUEST, INVALID_NAME);
        verifyNoInteractions(lookup);
    }

    @Test
    void nameLongerThan64CharactersIsRefusedBeforeTheLookup() {
        assertError(mvc.get().uri("/stocks/{name}", "A".repeat(65)).exchange(), HttpStatus.BAD_REQUEST,
                INVALID_NAME);
        verifyNoInteractions(lookup);
    }

    @Test
    void postIsNotAllowedOnAStock() {
        assertError(mvc.post().uri("/stocks/GameStart").exchange(), HttpStatus.METHOD_NOT_ALLOWED,
                "method POST not allowed here");
        verifyNoInteractions(lookup);
    }

    @Test
    void deleteIsNotAllowedOnAStock() {
        MvcTestResult result = mvc.delete().uri("/stocks/GameStart").exchange();

        assertError(result, HttpStatus.METHOD_NOT_ALLOWED, "method DELETE not allowed here");
        // RFC 9110: a 405 says which methods are
        assertThat(result).headers().hasValue("Allow", "GET");
        verifyNoInteractions(lookup);
    }

    @Test
    void unknownPathIsA404InTheErrorModel() {
        assertError(mvc.get().uri("/nope").exchange(), HttpStatus.NOT_FOUND, "no such endpoint");
    }

    @Test
    void catalogUnavailableIsA503() {
        given(lookup.lookup(anyString()))
                .willThrow(new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "catalog service unavailable"));

        assertError(mvc.get().uri("/stocks/GameStart").exchange(), HttpStatus.SERVICE_UNAVAILABLE,
                "catalog service unavailable");
    }

    @Test
    void unexpectedFailureIsAPlain500WithoutItsDetails() {
        given(lookup.lookup(anyString())).willThrow(new IllegalStateException("secret detail of the failure"));

        MvcTestResult result = mvc.get().uri("/stocks/GameStart").exchange();

        assertError(result, HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
        assertThat(result).body().asString()
                .doesNotContain("secret detail", "IllegalStateException", "Exception", "\tat ", "org.stockbazaar");
    }

    /** Every error: the status, JSON, and exactly {"error":{"code":status,"message":...}}. */
    private static void assertError(MvcTestResult result, HttpStatus status, String message) {
        assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().isStrictlyEqualTo(
                "{\"error\":{\"code\":" + status.value() + ",\"message\":\"" + message + "\"}}");
    }
}
