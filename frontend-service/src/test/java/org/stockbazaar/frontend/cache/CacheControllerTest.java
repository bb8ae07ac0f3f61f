package org.stockbazaar.frontend.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

@WebMvcTest(controllers = CacheController.class, properties = "bazaar.internal.token=test-token")
@Import(CacheControllerTest.RealCache.class)
class CacheControllerTest {

    private static final String HEADER = "X-Bazaar-Internal-Token";

    @Autowired
    private MockMvcTester mvc;

    @Autowired
    private StockCache cache;

    @BeforeEach
    void emptyCache() {
        cache.clear();
    }

    @Test
    void viewWithoutTheTokenIsUnauthorized() {
        assertError(mvc.get().uri("/internal/cache").exchange(), HttpStatus.UNAUTHORIZED,
                "internal endpoint: missing X-Bazaar-Internal-Token");
    }

    @Test
    void viewWithAWrongTokenIsForbidden() {
        assertError(mvc.get().uri("/internal/cache").header(HEADER, "guessed").exchange(), HttpStatus.FORBIDDEN,
                "internal endpoint: wrong internal token");
        assertError(mvc.get().uri("/internal/cache").header(HEADER, "test-token-and-more").exchange(),
                HttpStatus.FORBIDDEN, "internal endpoint: wrong internal token");
    }

    @Test
    void viewWithTheTokenListsTheKeysNextVictimFirstWithTheCounters() {
        long hits = cache.hits();
        long misses = cache.misses();
        cache.get("GameStart", () -> "quote");
        cache.get("BoarCo", () -> "quote");
        cache.get("MenhirCo", () -> "quote");
        cache.get("GameStart", () -> "quote");

        MvcTestResult result = mvc.get().uri("/internal/cache").header(HEADER, "test-token").exchange();

        assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().extractingPath("$.data.keys").asArray()
                .containsExactly("BoarCo", "MenhirCo", "GameStart");
        assertThat(result).bodyJson().extractingPath("$.data.enabled").isEqualTo(true);
        assertThat(result).bodyJson().extractingPath("$.data.policy").isEqualTo("lru");
        assertThat(result).bodyJson().extractingPath("$.data.capacity").isEqualTo(5);
        assertThat(result).bodyJson().extractingPath("$.data.hits").asNumber().isEqualTo((int) hits + 1);
        assertThat(result).bodyJson().extractingPath("$.data.misses").asNumber().isEqualTo((int) misses + 3);
    }

    @Test
    void invalidationWithTheTokenDropsTheKey() {
        cache.put("GameStart", "quote");
        cache.put("BoarCo", "quote");

        assertThat(mvc.delete().uri("/internal/cache/GameStart").header(HEADER, "test-token").exchange())
                .hasStatus(HttpStatus.NO_CONTENT).body().isEmpty();

        assertThat(cache.keysInEvictionOrder()).containsExactly("BoarCo");
    }

    @Test
    void invalidationWithoutTheTokenIsRefusedAndTheKeyStays() {
        cache.put("GameStart", "quote");

        assertError(mvc.delete().uri("/internal/cache/GameStart").exchange(), HttpStatus.UNAUTHORIZED,
                "internal endpoint: missing X-Bazaar-Internal-Token");
        assertError(mvc.delete().uri("/internal/cache/GameStart").header(HEADER, "guessed").exchange(),
                HttpStatus.FORBIDDEN, "internal endpoint: wrong internal token");

        assertThat(cache.keysInEvictionOrder()).containsExactly("GameStart");
    }

    @Test
    void groupedEvictionsDropEveryNamedKeyAndOnlyThose() {
        cache.put("GameStart", "quote");
        cache.put("BoarCo", "quote");
        cache.put("MenhirCo", "quote");

        assertThat(mvc.post().uri("/internal/cache/evictions").header(HEADER, "test-token")
                .contentType(MediaType.APPLICATION_JSON).content("{\"names\":[\"GameStart\",\"MenhirCo\",\"NoSuchCo\"]}")
                .exchange()).hasStatus(HttpStatus.NO_CONTENT).body().isEmpty();

        assertThat(cache.keysInEvictionOrder()).containsExactly("BoarCo");
    }

    @Test
    void groupedEvictionsWithoutTheTokenOrWithoutNamesChangeNothing() {
        cache.put("GameStart", "quote");

        assertError(mvc.post().uri("/internal/cache/evictions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"names\":[\"GameStart\"]}").exchange(), HttpStatus.UNAUTHORIZED,
                "internal endpoint: missing X-Bazaar-Internal-Token");
        assertThat(mvc.post().uri("/internal/cache/evictions").header(HEADER, "test-token")
                .contentType(MediaType.APPLICATION_JSON).content("{}").exchange())
                .hasStatus(HttpStatus.BAD_REQUEST);

        assertThat(cache.keysInEvictionOrder()).containsExactly("GameStart");
    }

    @Test
    void clearWithTheTokenEmptiesTheCacheAndWithoutItDoesNothing() {
        cache.put("GameStart", "quote");
        cache.put("BoarCo", "quote");

        assertError(mvc.delete().uri("/internal/cache").exchange(), HttpStatus.UNAUTHORIZED,
                "internal endpoint: missing X-Bazaar-Internal-Token");
        assertThat(cache.keysInEvictionOrder()).containsExactly("GameStart", "BoarCo");

        assertThat(mvc.delete().uri("/internal/cache").header(HEADER, "test-token").exchange())
                .hasStatus(HttpStatus.NO_CONTENT);
        assertThat(cache.keysInEvictionOrder()).isEmpty();
    }

    private static void assertError(MvcTestResult result, HttpStatus status, String message) {
        assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().isStrictlyEqualTo(
                "{\"error\":{\"code\":" + status.value() + ",\"message\":\"" + message + "\"}}");
    }

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CacheProperties.class)
    static class RealCache {

        @Bean
        StockCache stockCache(CacheProperties properties) {
            return LeasedCache.of(properties);
        }
    }
}
