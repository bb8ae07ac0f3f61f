package org.stockbazaar.support;

import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where every client of another service comes from: Spring Boot's {@link RestClient.Builder} (so every call is
 * observed: the {@code http.client.requests} metrics and trace propagation), over {@link KeepAliveHttp}'s pooled
 * Apache HttpClient with the caller's timeouts, trusting the certificates of the {@code bazaar.internal.ssl-bundle}
 * for {@code https} addresses; or, for the internal calls on a trade's path and the front end's cache misses, a
 * {@link JsonClient} over the same kind of pool, which posts in frames where the other side takes them.
 */
public final class ServiceClients {

    private final Supplier<RestClient.Builder> builders;
    private final SslBundle ssl;
    private final String token;
    private final JsonMapper json;
    private final boolean frames;

    /**
     * @param builders a new builder per client (Spring Boot's is a prototype bean: each client is configured alone)
     * @param ssl      the bundle for {@code https} addresses, or null for the JDK's defaults
     * @param json     the mapper of the service, for {@link JsonClient}s
     * @param frames   whether {@link JsonClient}s post in frames where the other side takes them
     *                 ({@link InternalProperties#frames})
     */
    public ServiceClients(Supplier<RestClient.Builder> builders, SslBundle ssl, String token, JsonMapper json,
            boolean frames) {
        this.builders = builders;
        this.ssl = ssl;
        this.token = token;
        this.json = json;
        this.frames = frames;
    }

    /**
     * Clients built outside a Spring context (tests, tools): plain builders, no bundle, Jackson's default mapper,
     * every call over HTTP.
     */
    public static ServiceClients plain(String token) {
        return new ServiceClients(RestClient::builder, null, token, JsonMapper.builder().build(), false);
    }

    /**
     * A client of another service's {@link JsonEndpoint}s (the internal calls on a trade's path, a cache miss) at
     * {@code baseUrl}: the internal secret on every call, its own pool, and its posts in frames where the other
     * side takes them.
     */
    public JsonClient json(String baseUrl, Duration connectTimeout, Duration readTimeout) {
        return new JsonClient(KeepAliveHttp.client(connectTimeout, readTimeout, ssl), baseUrl, token, json, frames,
                connectTimeout, readTimeout);
    }

    /** A client of another service's {@code /internal/**} endpoints: the internal secret on every call. */
    public RestClient.Builder internal(Duration connectTimeout, Duration readTimeout) {
        return client(connectTimeout, readTimeout).defaultHeader(InternalProperties.HEADER, token);
    }

    /** A client of another service's public endpoints. */
    public RestClient.Builder client(Duration connectTimeout, Duration readTimeout) {
        return builders.get().requestFactory(KeepAliveHttp.requestFactory(connectTimeout, readTimeout, ssl));
    }
}
