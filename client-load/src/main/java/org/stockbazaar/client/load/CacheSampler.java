package org.stockbazaar.client.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.stockbazaar.client.api.BazaarConnection;
import org.stockbazaar.client.api.BazaarConnection.Reply;
import org.stockbazaar.client.results.CacheSample;
import tools.jackson.databind.JsonNode;

/**
 * Samples the front end's cache ({@code GET /internal/cache}: its keys, hits, misses, evictions) on a schedule during
 * a run, on its own connection, so the report can show the cache's contents and hit rate over time. A sample the
 * front end does not answer (it is restarting) is skipped.
 */
final class CacheSampler implements AutoCloseable {

    private final BazaarConnection frontend;
    private final String token;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cache-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final List<CacheSample> samples = new ArrayList<>();

    CacheSampler(URI frontendUrl, String token, Duration every) {
        this.frontend = new BazaarConnection(frontendUrl, Duration.ofSeconds(2));
        this.token = token;
        schedule.scheduleAtFixedRate(this::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            Reply reply = frontend.internal("/internal/cache", token);
            if (reply.status() != 200) {
                return;
            }
            JsonNode data = reply.data();
            String keys = StreamSupport.stream(data.path("keys").spliterator(), false)
                    .map(key -> key.asString()).collect(Collectors.joining(" "));
            CacheSample sample = new CacheSample(System.currentTimeMillis(), data.path("enabled").asBoolean(),
                    data.path("policy").asString(""), data.path("capacity").asInt(0), data.path("hits").asLong(0),
                    data.path("misses").asLong(0), data.path("evictions").asLong(0), keys);
            synchronized (samples) {
                samples.add(sample);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<CacheSample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() throws InterruptedException {
        schedule.shutdownNow();
        schedule.awaitTermination(5, TimeUnit.SECONDS);
    }
}
