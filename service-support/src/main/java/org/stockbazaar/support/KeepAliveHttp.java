package org.stockbazaar.support;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.util.TimeValue;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClientException;

/**
 * How one service calls another: Apache HttpClient 5 (classic, blocking) with a pool of keep-alive connections
 * (the earlier system opened a channel per request and saturated the machine), a connect and a read timeout on
 * every call, and no automatic retries: each caller decides what a failure means and whether repeating is safe.
 *
 * <p>Not the JDK's {@code HttpClient}: its blocking calls run on {@code CompletableFuture}s, and on a 2-core machine
 * the common pool has a parallelism of 1, so every completion starts a new thread (docs/architecture.md, "Calls
 * between services").
 */
public final class KeepAliveHttp {

    /** Connections kept per target service: more than the request threads that can call it at once in practice. */
    private static final int POOL_PER_ROUTE = 64;

    private KeepAliveHttp() {
    }

    /**
     * The request factory of one client: its own pool, {@code connectTimeout} to get a connection (from the pool
     * too) and {@code readTimeout} for each answer; {@code ssl} for {@code https} addresses, or null for the JDK's
     * defaults. Built with Spring Boot's {@link ClientHttpRequestFactoryBuilder#httpComponents()}, which applies
     * the timeouts and the bundle; the customizers below keep what Boot leaves at HttpClient's defaults.
     */
    public static ClientHttpRequestFactory requestFactory(Duration connectTimeout, Duration readTimeout,
            SslBundle ssl) {
        return ClientHttpRequestFactoryBuilder.httpComponents()
                .withConnectionManagerCustomizer(pool -> pool
                        .setMaxConnPerRoute(POOL_PER_ROUTE)
                        .setMaxConnTotal(POOL_PER_ROUTE * 4))
                .withConnectionConfigCustomizer(connection -> connection
                        // a connection idle for a while is checked before reuse: the server may have closed it
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1)))
                .withHttpClientCustomizer(client -> client
                        .disableAutomaticRetries()
                        // internal calls never redirect, compress, set cookies or authenticate: leaving those steps
                        // out of HttpClient's chain saves work on every call
                        .disableRedirectHandling()
                        .disableContentCompression()
                        .disableCookieManagement()
                        .disableAuthCaching()
                        .disableConnectionState()
                        .evictIdleConnections(TimeValue.of(30, TimeUnit.SECONDS)))
                .withCustomizer(requests -> {
                    requests.setConnectionRequestTimeout(connectTimeout);
                    requests.setReadTimeout(readTimeout);
                })
                .build(HttpClientSettings.defaults()
                        .withTimeouts(connectTimeout, readTimeout)
                        .withRedirects(HttpRedirects.DONT_FOLLOW)
                        .withSslBundle(ssl));
    }

    /**
     * True if a call of a {@link ServiceClients} client failed before any of its request left this process: no connection to
     * be had (refused, or none within the connect timeout or from the pool in time). Any other failure (a read
     * timeout, a connection reset or closed mid-call, an answer that could not be read) came after the request was
     * written, so the other service may have received and acted on it.
     */
    public static boolean failedBeforeSending(RestClientException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
                    || cause instanceof ConnectionRequestTimeoutException || cause instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
