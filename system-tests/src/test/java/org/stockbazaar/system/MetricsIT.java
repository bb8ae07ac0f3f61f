package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every service's {@code /actuator/prometheus}, read as a Prometheus scrape would (docs/metrics.md): the domain's
 * meters are there, with values that follow from a trade and a lookup, and only for holders of the internal secret.
 */
class MetricsIT {

    private final Stack stack = Stack.get();
    private final Api api = new Api(stack.token);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    @Test
    void aTradeCostsTheFrontEndThatRoutedItNoEvictionPushAndItsClientReadsItsOwnTrade() {
        URI frontend = stack.frontendUrl();
        assertThat(api.get(frontend.resolve("/stocks/MenhirCo")).status()).isEqualTo(200);
        double pushesBefore = pushesTo(frontend);

        for (int i = 0; i < 5; i++) {
            long before = api.get(frontend.resolve("/stocks/MenhirCo")).data().get("quantity").asLong();
            assertThat(api.post(frontend.resolve("/orders"), Map.of("name", "MenhirCo", "quantity", 1, "type", "buy"))
                    .status()).isEqualTo(200);
            // the front end dropped the stock itself once the trade was answered
            assertThat(api.get(frontend.resolve("/stocks/MenhirCo")).data().get("quantity").asLong())
                    .isEqualTo(before - 1);
        }

        // the catalog pushed the trades' evictions to no one: the front end that routed them drops them itself
        assertThat(pushesTo(frontend)).isEqualTo(pushesBefore);
    }

    /** How many eviction pushes the front end has answered so far. */
    private double pushesTo(URI frontend) {
        return scrape(frontend).total("http_server_requests_seconds_count", "uri=\"/internal/cache/evictions\"")
                .orElse(0.0);
    }

    @Test
    void everyServiceExportsItsDomainMetersAfterATradeAndALookup() {
        assertThat(api.post(stack.frontendUrl().resolve("/orders"),
                Map.of("name", "GameStart", "quantity", 1, "type", "buy")).status()).isEqualTo(200);
        assertThat(api.get(stack.frontendUrl().resolve("/stocks/GameStart")).status()).isEqualTo(200);
        assertThat(api.get(stack.frontendUrl().resolve("/stocks/GameStart")).status()).isEqualTo(200);

        Scrape frontend = scrape(stack.frontendUrl());
        assertThat(frontend.value("bazaar_trades_total", "outcome=\"acknowledged\"")).hasValueSatisfying(
                acknowledged -> assertThat(acknowledged).isGreaterThanOrEqualTo(1));
        assertThat(frontend.value("bazaar_trade_latency_seconds_count", "outcome=\"acknowledged\""))
                .hasValueSatisfying(count -> assertThat(count).isGreaterThanOrEqualTo(1));
        assertThat(frontend.value("bazaar_trade_latency_seconds_bucket", "outcome=\"acknowledged\",le=\"+Inf\""))
                .as("a histogram, so Prometheus can compute quantiles").isPresent();
        assertThat(frontend.value("bazaar_cache_hits_total", "")).hasValueSatisfying(
                hits -> assertThat(hits).isGreaterThanOrEqualTo(1));
        assertThat(frontend.value("bazaar_cache_misses_total", "")).isPresent();
        assertThat(frontend.value("bazaar_cache_evictions_total", "")).isPresent();

        // calls between services are observed as Spring Boot's RestClient.Builder does it, but for the three on a
        // trade's path and the cache's misses, which are counted where they arrive (architecture.md)
        assertThat(frontend.total("http_client_requests_seconds_count",
                "method=\"GET\",uri=\"/internal/replica/status\"")).as("the front end's probes of the replicas")
                .hasValueSatisfying(calls -> assertThat(calls).isGreaterThanOrEqualTo(1));

        Scrape catalog = scrape(stack.catalog.url());
        assertThat(catalog.value("bazaar_catalog_trades_total", "outcome=\"applied\"")).hasValueSatisfying(
                applied -> assertThat(applied).isGreaterThanOrEqualTo(1));
        assertThat(catalog.value("bazaar_catalog_trades_total", "outcome=\"repeated\"")).isPresent();
        assertThat(catalog.value("bazaar_catalog_journal_fsync_seconds_count", "")).hasValueSatisfying(
                fsyncs -> assertThat(fsyncs).isGreaterThanOrEqualTo(1));
        // the three calls on a trade's path arrive in frames (internal-frames.md), counted in their own timer
        assertThat(catalog.total("bazaar_internal_frames_seconds_count",
                "status=\"200\",uri=\"/internal/committed\"")).as("the leader's feed, in frames")
                .hasValueSatisfying(calls -> assertThat(calls).isGreaterThanOrEqualTo(1));
        // so do the front end's cache misses (the trade above dropped GameStart from its cache)
        assertThat(catalog.total("bazaar_internal_frames_seconds_count",
                "status=\"200\",uri=\"/internal/lookup\"")).as("the front end's cache misses, in frames")
                .hasValueSatisfying(calls -> assertThat(calls).isGreaterThanOrEqualTo(1));

        // other tests crash and restart replicas on the shared stack: the leader is whichever running one says so
        int leader = await().atMost(Duration.ofSeconds(30)).until(this::runningLeader, id -> id > 0);
        Scrape atLeader = scrape(stack.replicaUrl(leader));
        assertThat(atLeader.value("bazaar_replica_epoch", "")).hasValueSatisfying(
                epoch -> assertThat(epoch).isGreaterThanOrEqualTo(1));
        assertThat(atLeader.value("bazaar_elections_won_total", "")).hasValueSatisfying(
                won -> assertThat(won).isGreaterThanOrEqualTo(1));
        assertThat(atLeader.value("bazaar_order_journal_fsync_seconds_count", "")).hasValueSatisfying(
                fsyncs -> assertThat(fsyncs).isGreaterThanOrEqualTo(1));
        assertThat(atLeader.value("bazaar_leader_commit_seconds_bucket", "le=\"+Inf\"")).isPresent();
        assertThat(atLeader.value("bazaar_syncup_active", "")).hasValue(0.0);
        assertThat(atLeader.total("bazaar_internal_frames_seconds_count",
                "status=\"200\",uri=\"/internal/orders\""))
                .as("the front end's trades, in frames")
                .hasValueSatisfying(calls -> assertThat(calls).isGreaterThanOrEqualTo(1));
        assertThat(atLeader.total("http_client_requests_seconds_count",
                "method=\"POST\",uri=\"/internal/leader\"")).as("the leader's notice to the catalog")
                .hasValueSatisfying(calls -> assertThat(calls).isGreaterThanOrEqualTo(1));
        assertThat(IntStream.rangeClosed(1, 3).filter(id -> id != leader && stack.replicaRunning(id))
                .mapToObj(id -> scrape(stack.replicaUrl(id)).total("bazaar_internal_frames_seconds_count",
                        "uri=\"/internal/replica/append\"").orElse(0.0))
                .mapToDouble(Double::doubleValue).sum()).as("the leader's appends, at its followers")
                .isGreaterThanOrEqualTo(1);
        for (int follower : IntStream.rangeClosed(1, 3).filter(id -> id != leader).toArray()) {
            String tag = "follower=\"" + follower + "\"";
            assertThat(atLeader.value("bazaar_replication_lag_entries", tag)).as("lag of follower %d", follower)
                    .hasValueSatisfying(entries -> assertThat(entries).isGreaterThanOrEqualTo(0));
            assertThat(atLeader.value("bazaar_replication_lag_seconds", tag)).as("lag of follower %d", follower)
                    .hasValueSatisfying(seconds -> assertThat(seconds).isGreaterThanOrEqualTo(0));
        }
    }

    @Test
    void managementEndpointsButHealthNeedTheInternalSecret() {
        List<URI> services = new ArrayList<>(List.of(stack.frontendUrl(), stack.catalog.url()));
        IntStream.rangeClosed(1, 3).filter(stack::replicaRunning).forEach(id -> services.add(stack.replicaUrl(id)));
        for (URI service : services) {
            for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator")) {
                Text refused = get(service.resolve(path), Map.of());
                assertThat(refused.status()).as("%s%s without the secret", service, path).isEqualTo(401);
                JsonNode error = JsonMapper.builder().build().readTree(refused.body()).get("error");
                assertThat(error.get("code").asInt()).isEqualTo(401);
                assertThat(error.get("message").asString()).startsWith("management endpoint: missing");
            }
            assertThat(get(service.resolve("/actuator/prometheus"), Map.of("Authorization", "Bearer wrong")).status())
                    .as("a wrong secret").isEqualTo(403);
            assertThat(get(service.resolve("/actuator/prometheus"),
                    Map.of("Authorization", "Bearer " + stack.token)).status()).as("the secret as a Bearer token")
                    .isEqualTo(200);
            assertThat(get(service.resolve("/actuator/health"), Map.of()).status()).as("%s health", service)
                    .isEqualTo(200);
        }
    }

    /** The replica that reports itself leader, among those running; 0 if none does (yet). */
    private int runningLeader() {
        for (int id = 1; id <= 3; id++) {
            if (stack.replicaRunning(id)
                    && scrape(stack.replicaUrl(id)).value("bazaar_replica_leader", "").orElse(0.0) == 1) {
                return id;
            }
        }
        return 0;
    }

    private Scrape scrape(URI service) {
        Text reply = get(service.resolve("/actuator/prometheus"), Map.of(Api.INTERNAL_HEADER, stack.token));
        assertThat(reply.status()).as("scrape of %s", service).isEqualTo(200);
        return new Scrape(reply.body());
    }

    private Text get(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Text(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Text(int status, String body) {
    }

    /** Prometheus's text format: {@code name{label="v",...} value} per line. */
    private record Scrape(String text) {

        /** The sample named {@code name} whose labels are exactly {@code labels} ({@code a="x",b="y"}, any order). */
        Optional<Double> value(String name, String labels) {
            Set<String> wanted = labelSet(labels);
            return text.lines().filter(line -> !line.startsWith("#"))
                    .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                    .filter(line -> labelSet(line.startsWith(name + "{")
                            ? line.substring(name.length() + 1, line.lastIndexOf('}')) : "").equals(wanted))
                    .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .findFirst();
        }

        /** The sum over the series of {@code name} whose labels include all of {@code labels}; empty if none. */
        Optional<Double> total(String name, String labels) {
            Set<String> wanted = labelSet(labels);
            return text.lines().filter(line -> !line.startsWith("#"))
                    .filter(line -> line.startsWith(name + "{"))
                    .filter(line -> labelSet(line.substring(name.length() + 1, line.lastIndexOf('}')))
                            .containsAll(wanted))
                    .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .reduce(Double::sum);
        }

        /** Our label values hold no commas. */
        private static Set<String> labelSet(String labels) {
            return Arrays.stream(labels.split(",")).filter(label -> !label.isBlank()).collect(Collectors.toSet());
        }
    }
}
