package org.stockbazaar.support;

import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.web.client.RestClient;

/**
 * Where every client of another service comes from: Spring Boot's {@link RestClient.Builder} (so every call is
 * observed: the {@code http.client.requests} metrics and trace propagation), over {@link KeepAliveHttp}'s pooled
 * Apache HttpClient with the caller's timeouts, trusting the certificates of the {@code bazaar.internal.ssl-bundle}
 * for {@code https} addresses.
 */
public final class ServiceClients {

    private final Supplier<RestClient.Builder> builders;
    private final SslBundle ssl;
    private final String token;

    /**
     * @param builders a new builder per client (Spring Boot's is a prototype bean: each client is configured alone)
     * @param ssl      the bundle for {@code https} addresses, or null for the JDK's defaults
     */
    public ServiceClients(Supplier<RestClient.Builder> builders, SslBundle ssl, String token) {
        this.builders = builders;
        this.ssl = ssl;
        this.token = token;
    }

    /** Clients built outside a Spring context (tests, tools): plain builders, no bundle. */
    public static ServiceClients plain(String token) {
        return new ServiceClients(RestClient::builder, null, token);
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
