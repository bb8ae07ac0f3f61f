package org.stockbazaar.catalog.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.stockbazaar.support.ApiException;

/**
 * A front end's cache miss ({@code POST /internal/lookup}) gets what a public lookup gets, the stock and its
 * version, behind the internal secret.
 */
@WebMvcTest(controllers = StockController.class, properties = "bazaar.internal.token=test-token")
class CacheLookupTest {

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private Catalog catalog;

    private MvcTestResult lookup(String body, String token) {
        return mvc.post().uri("/internal/lookup").header("X-Bazaar-Internal-Token", token)
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    @Test
    void aMissGetsTheStockAndTheVersionThePublicLookupGives() {
        Stock stock = new Stock("GameStart", new BigDecimal("15.99"), 97, 3);
        given(catalog.published("GameStart")).willReturn(new Catalog.Published(stock, 12));

        MvcTestResult internal = lookup("{\"name\":\"GameStart\"}", "test-token");
        MvcTestResult publicLookup = mvc.get().uri("/stocks/GameStart").exchange();

        String stockJson = "{\"name\":\"GameStart\",\"price\":15.99,\"quantity\":97,\"volume\":3}";
        assertThat(internal).hasStatusOk();
        assertThat(internal).bodyJson().isStrictlyEqualTo("{\"data\":{\"stock\":" + stockJson + ",\"version\":12}}");
        assertThat(publicLookup).bodyJson().isStrictlyEqualTo("{\"data\":" + stockJson + "}");
        assertThat(publicLookup).hasHeader("X-Stock-Version", "12");
    }

    @Test
    void anUnknownStockIsNotFoundAndANamelessLookupIsRefused() {
        given(catalog.published("Nope")).willThrow(ApiException.notFound("stock not found"));

        MvcTestResult unknown = lookup("{\"name\":\"Nope\"}", "test-token");
        MvcTestResult nameless = lookup("{}", "test-token");

        assertThat(unknown).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(unknown).bodyJson().extractingPath("$.error.message").isEqualTo("stock not found");
        assertThat(nameless).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(nameless).bodyJson().extractingPath("$.error.message").isEqualTo("name is required");
    }

    @Test
    void itIsBehindTheInternalSecret() {
        assertThat(lookup("{\"name\":\"GameStart\"}", "wrong")).hasStatus(HttpStatus.FORBIDDEN);
    }
}
