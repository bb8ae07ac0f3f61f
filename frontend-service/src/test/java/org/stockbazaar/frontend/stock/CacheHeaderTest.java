package org.stockbazaar.frontend.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.stockbazaar.frontend.cache.LeasedCache;
import org.stockbazaar.frontend.cache.StockCache;
import org.stockbazaar.frontend.cache.Versioned;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.InternalProperties;

/**
 * {@code X-Cache} through the real lookup and cache (two entries, LRU), with the catalog mocked: the header says
 * whether each answer came from the cache, and always agrees with the cache's own hit and miss counters.
 */
@SpringBootTest(properties = {
        "bazaar.internal.token=test-token",
        "bazaar.cache.size=2",
        "bazaar.frontend.catalog-url=http://127.0.0.1:1",
        "bazaar.frontend.replicas=1=http://127.0.0.1:1"})
@AutoConfigureMockMvc
class CacheHeaderTest {

    @Autowired
    private MockMvcTester mvc;

    @Autowired
    private StockCache cache;

    @MockitoBean
    private CatalogClient catalog;

    private final ExecutorService clients = Executors.newFixedThreadPool(4);

    @BeforeEach
    void emptyCacheAndTenStocks() {
        LeasedCache.holdingLease(cache);
        given(catalog.lookup(anyString())).willAnswer(call -> quote(call.getArgument(0)));
    }

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @Test
    void firstLookupIsAMissAndTheNextOneAHit() {
        assertThat(cacheHeader("GameStart")).isEqualTo("miss");
        assertThat(cacheHeader("GameStart")).isEqualTo("hit");
        assertThat(cacheHeader("GameStart")).isEqualTo("hit");
    }

    @Test
    void stockEvictedByNewerOnesIsAMissAgain() {
        cacheHeader("GameStart");
        cacheHeader("BoarCo");
        cacheHeader("MenhirCo");

        assertThat(cacheHeader("GameStart")).as("two entries: MenhirCo evicted GameStart").isEqualTo("miss");
        assertThat(cacheHeader("MenhirCo")).isEqualTo("hit");
    }

    @Test
    void stockInvalidatedByATradeIsAMissAgain() {
        cacheHeader("GameStart");

        assertThat(mvc.post().uri("/internal/cache/evictions").header(InternalProperties.HEADER, "test-token")
                .contentType(MediaType.APPLICATION_JSON).content("{\"names\":[\"GameStart\"]}").exchange())
                .hasStatus(HttpStatus.NO_CONTENT);

        assertThat(cacheHeader("GameStart")).isEqualTo("miss");
    }

    @Test
    void errorsCarryNoCacheHeaderAndLeaveTheNextAnswerRight() {
        cacheHeader("GameStart");
        given(catalog.lookup("Nope")).willThrow(ApiException.notFound("stock not found"));
        given(catalog.lookup("Down")).willThrow(CatalogClient.unavailable());

        MvcTestResult notFound = mvc.get().uri("/stocks/Nope").exchange();
        MvcTestResult unavailable = mvc.get().uri("/stocks/Down").exchange();
        MvcTestResult invalid = mvc.get().uri("/stocks/a$b").exchange();

        assertThat(notFound).hasStatus(HttpStatus.NOT_FOUND).doesNotContainHeader("X-Cache");
        assertThat(unavailable).hasStatus(HttpStatus.SERVICE_UNAVAILABLE).doesNotContainHeader("X-Cache");
        assertThat(invalid).hasStatus(HttpStatus.BAD_REQUEST).doesNotContainHeader("X-Cache");
        assertThat(cacheHeader("GameStart")).as("a failed load on this thread is not taken for a miss")
                .isEqualTo("hit");
    }

    @Test
    void concurrentMissesOfOneStockAreEachAMissInTheHeaderAndTheCounters() throws Exception {
        // both loads are held in the catalog until both are there: neither caller is served by the other's load
        CountDownLatch bothLoading = new CountDownLatch(2);
        given(catalog.lookup("GameStart")).willAnswer(call -> {
            bothLoading.countDown();
            assertThat(bothLoading.await(5, TimeUnit.SECONDS)).isTrue();
            return quote("GameStart");
        });
        long misses = cache.misses();

        Future<String> first = clients.submit(() -> cacheHeader("GameStart"));
        Future<String> second = clients.submit(() -> cacheHeader("GameStart"));

        assertThat(List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS)))
                .containsExactly("miss", "miss");
        assertThat(cache.misses() - misses).isEqualTo(2);
        assertThat(cacheHeader("GameStart")).isEqualTo("hit");
    }

    @Test
    void headersCountExactlyTheCachesHitsAndMissesUnderConcurrentLookups() throws Exception {
        List<String> stocks = List.of("GameStart", "BoarCo", "MenhirCo");
        long hits = cache.hits();
        long misses = cache.misses();

        List<Future<List<String>>> runs = new ArrayList<>();
        for (int client = 0; client < 4; client++) {
            runs.add(clients.submit(() -> {
                List<String> headers = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    headers.add(cacheHeader(stocks.get(ThreadLocalRandom.current().nextInt(stocks.size()))));
                    if (i % 25 == 0) {
                        cache.evict(stocks.get(0));
                    }
                }
                return headers;
            }));
        }
        List<String> headers = new ArrayList<>();
        for (Future<List<String>> run : runs) {
            headers.addAll(run.get(30, TimeUnit.SECONDS));
        }

        assertThat(headers).hasSize(800).containsOnly("hit", "miss");
        assertThat(headers.stream().filter("hit"::equals).count()).isEqualTo(cache.hits() - hits).isPositive();
        assertThat(headers.stream().filter("miss"::equals).count()).isEqualTo(cache.misses() - misses).isPositive();
    }

    private String cacheHeader(String name) {
        MvcTestResult result = mvc.get().uri("/stocks/{name}", name).exchange();
        assertThat(result).hasStatusOk();
        return result.getResponse().getHeader("X-Cache");
    }

    private static Versioned<Stock> quote(String name) {
        return new Versioned<>(new Stock(name, new BigDecimal("15.99"), 100), 1);
    }
}
