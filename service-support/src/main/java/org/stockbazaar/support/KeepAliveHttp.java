package org.stockbazaar.support;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * How one service calls another: the JDK's HTTP/1.1 client, which pools keep-alive connections per host (the earlier
 * system opened a channel per request and saturated the machine), with a connect and a read timeout on every call.
 */
public final class KeepAliveHttp {

    private KeepAliveHttp() {
    }

    public static RestClient.Builder restClient(Duration connectTimeout, Duration readTimeout) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(readTimeout);
        return RestClient.builder().requestFactory(requests);
    }
}
