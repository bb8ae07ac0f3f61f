package org.stockbazaar.support;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
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
     * defaults.
     *
     * <p>Built here rather than with Spring Boot's {@code ClientHttpRequestFactoryBuilder}: the pool's sockets must
     * come from {@link IdleConnectionCheck#CHANNEL_SOCKETS} so that a connection idle for a while is checked without
     * a wait, and Boot's builder has no hook for the socket factory. What Boot's builder set is set here the same
     * way: the timeouts, no redirects, and the bundle's protocols, ciphers and host name check. Not the system
     * properties' proxy settings: calls between services go straight to the other service.
     */
    public static ClientHttpRequestFactory requestFactory(Duration connectTimeout, Duration readTimeout,
            SslBundle ssl) {
        // the timeouts are the client's own (its default request config), which the factory uses as they are
        return new HttpComponentsClientHttpRequestFactory(client(connectTimeout, readTimeout, ssl));
    }

    /** The pooled client itself, for a caller that uses it without {@code RestClient} ({@link JsonClient}). */
    static CloseableHttpClient client(Duration connectTimeout, Duration readTimeout, SslBundle ssl) {
        PoolingHttpClientConnectionManager pool = new ChannelSocketPool()
                .useSystemProperties() // for the JDK's TLS defaults when there is no bundle, as before
                .setConnectionFactory(IdleConnectionCheck.CONNECTIONS)
                .setTlsSocketStrategy(ssl == null ? null : tls(ssl))
                .setMaxConnPerRoute(POOL_PER_ROUTE)
                .setMaxConnTotal(POOL_PER_ROUTE * 4)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .setSocketTimeout((int) readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        // a connection idle for a while is checked before reuse: the server may have closed it
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(pool)
                // a connection from the pool within the connect timeout, an answer within the read timeout: for
                // calls through the request factory above and through a JsonClient alike
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .setResponseTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .build())
                .disableAutomaticRetries()
                // internal calls never redirect, compress, set cookies or authenticate: leaving those steps out of
                // HttpClient's chain saves work on every call
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .evictIdleConnections(TimeValue.of(30, TimeUnit.SECONDS))
                .build();
    }

    /** The bundle's trust, protocols and ciphers, and the usual host name check (what Spring Boot's builder does). */
    private static TlsSocketStrategy tls(SslBundle ssl) {
        SslOptions options = ssl.getOptions();
        return new DefaultClientTlsStrategy(ssl.createSslContext(), options.getEnabledProtocols(),
                options.getCiphers(), null, new DefaultHostnameVerifier());
    }

    /** HttpClient's pool with its sockets from {@link IdleConnectionCheck#CHANNEL_SOCKETS}. */
    private static final class ChannelSocketPool extends PoolingHttpClientConnectionManagerBuilder {

        @Override
        protected HttpClientConnectionOperator createConnectionOperator(SchemePortResolver ports, DnsResolver dns,
                TlsSocketStrategy tls) {
            return new DefaultHttpClientConnectionOperator(IdleConnectionCheck.CHANNEL_SOCKETS, ports, dns,
                    RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, tls).build());
        }
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
