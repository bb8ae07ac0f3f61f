package org.stockbazaar.frontend.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.stockbazaar.frontend.cache.Versioned;

/** With the cache off every answer comes from the catalog, and says so. */
@SpringBootTest(properties = {
        "bazaar.internal.token=test-token",
        "bazaar.cache.enabled=false",
        "bazaar.frontend.replicas=1=http://127.0.0.1:1"})
@AutoConfigureMockMvc
class CacheOffHeaderTest {

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private CatalogClient catalog;

    @Test
    void everyLookupIsAMissWithTheCacheOff() {
        given(catalog.lookup(anyString())).willReturn(new Versioned<>(new Stock("GameStart", new BigDecimal("15.99"), 100), 1));

        for (int i = 0; i < 3; i++) {
            assertThat(mvc.get().uri("/stocks/GameStart").exchange()).hasStatusOk()
                    .hasHeader("X-Cache", "miss");
        }
    }
}
