package org.stockbazaar.support;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.UnknownHttpStatusCodeException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The calling side of a {@link JsonEndpoint}: a JSON body posted to, or a number got from, one of another
 * service's internal endpoints that trades, order queries and cache misses cross, over {@link KeepAliveHttp}'s
 * pooled client, with the internal secret, and the answer read with the service's {@link JsonMapper}. It leaves out
 * what {@code RestClient} adds around a call (its request and response specs, message-converter selection, the
 * {@code http.client.requests} observation), which cost the leader and the front end about half of what each of
 * these calls costs them ({@code docs/performance.md}, "Internal calls on a trade's path"); the domain's own timers
 * measure these calls instead ({@code docs/metrics.md}). Its posts go in frames on a plain connection where the other
 * side takes them ({@link FrameClient}, {@code docs/internal-frames.md}), which leaves out Tomcat and HttpClient too.
 *
 * <p>It fails as a {@code RestClient} call does, so that callers handle both alike: an error status is a
 * {@link RestClientResponseException} (4xx {@link HttpClientErrorException}, 5xx {@link HttpServerErrorException})
 * whose body reads back as the error model ({@link RestClientResponseException#getResponseBodyAs}); a failure to
 * connect or to read an answer is a {@link ResourceAccessException} with the I/O exception as its cause
 * ({@link KeepAliveHttp#failedBeforeSending} reads it); an answer that is not the JSON expected is a
 * {@link RestClientException}.
 */
public final class JsonClient {

    /** {@code application/json} without a charset parameter, as {@code RestClient} sends it: JSON is UTF-8. */
    private static final ContentType JSON = ContentType.create(MediaType.APPLICATION_JSON_VALUE);

    private static final TypeReference<ApiData<FrameController.FramePort>> FRAME_PORT = new TypeReference<>() {
    };

    private final CloseableHttpClient http;
    private final String baseUrl;
    private final String token;
    private final JsonMapper json;
    /** The other side's frame port when it has one (docs/internal-frames.md); null when this service sends none. */
    private final FrameClient frames;

    /** With {@code frames}, posts go in frames where the other side takes them ({@link FrameServer}). */
    JsonClient(CloseableHttpClient http, String baseUrl, String token, JsonMapper json, boolean frames,
            Duration connectTimeout, Duration readTimeout) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.json = json;
        this.frames = frames ? new FrameClient(URI.create(this.baseUrl).getHost(), token, connectTimeout,
                readTimeout, this::framePort) : null;
    }

    /**
     * Posts {@code body} as JSON to {@code path} ({@code /internal/committed}); answers the body as {@code answer}.
     * In a frame if the other side takes them, else over HTTP; the same answer and the same exceptions either way.
     */
    public <T> T post(String path, Object body, TypeReference<T> answer) {
        if (frames != null) {
            FrameClient.Answer framed = frames.call(path, json.writeValueAsBytes(body));
            if (framed != null) {
                HttpStatusCode status = HttpStatusCode.valueOf(framed.status());
                if (status.isError()) {
                    HttpHeaders headers = new HttpHeaders();
                    headers.setContentType(MediaType.APPLICATION_JSON);
                    HttpStatus known = HttpStatus.resolve(framed.status());
                    throw failure(status, known == null ? "" : known.getReasonPhrase(), headers, framed.body());
                }
                return read(framed.body(), answer);
            }
        }
        URI uri = URI.create(baseUrl + path);
        HttpPost post = new HttpPost(uri);
        post.setEntity(new ByteArrayEntity(json.writeValueAsBytes(body), JSON));
        return execute(post, uri, answer);
    }

    /** Gets {@code path} ({@code /internal/orders/7}); answers the body as {@code answer}. */
    public <T> T get(String path, TypeReference<T> answer) {
        URI uri = URI.create(baseUrl + path);
        return execute(new HttpGet(uri), uri, answer);
    }

    private <T> T execute(HttpUriRequestBase request, URI uri, TypeReference<T> answer) {
        request.addHeader(InternalProperties.HEADER, token);
        request.addHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
        try {
            return http.execute(request, response -> answerOf(response, answer));
        } catch (IOException e) {
            throw new ResourceAccessException("I/O error on " + request.getMethod() + " request for \"" + uri
                    + "\": " + e.getMessage(), e);
        }
    }

    /** The other side's frame port ({@code GET /internal/frames}); 0 if it takes none or has no such endpoint. */
    private int framePort() {
        try {
            FrameController.FramePort port = get(FrameController.PATH, FRAME_PORT).data();
            return port == null ? 0 : port.port();
        } catch (HttpClientErrorException.NotFound e) {
            return 0;
        }
    }

    private <T> T answerOf(ClassicHttpResponse response, TypeReference<T> answer) throws IOException {
        byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
        HttpStatusCode status = HttpStatusCode.valueOf(response.getCode());
        if (status.isError()) {
            HttpHeaders headers = new HttpHeaders();
            for (Header header : response.getHeaders()) {
                headers.add(header.getName(), header.getValue());
            }
            throw failure(status, response.getReasonPhrase() == null ? "" : response.getReasonPhrase(), headers, body);
        }
        return read(body, answer);
    }

    private <T> T read(byte[] body, TypeReference<T> answer) {
        try {
            return json.readValue(body, answer);
        } catch (JacksonException e) {
            throw new RestClientException("Error while extracting response for type [" + answer.getType() + "]", e);
        }
    }

    /** What {@code RestClient}'s default status handler throws for the same answer. */
    private RestClientResponseException failure(HttpStatusCode status, String reason, HttpHeaders headers,
            byte[] body) {
        RestClientResponseException failure;
        if (status.is4xxClientError()) {
            failure = HttpClientErrorException.create(status, reason, headers, body, StandardCharsets.UTF_8);
        } else if (status.is5xxServerError()) {
            failure = HttpServerErrorException.create(status, reason, headers, body, StandardCharsets.UTF_8);
        } else {
            failure = new UnknownHttpStatusCodeException(status.value(), reason, headers, body, StandardCharsets.UTF_8);
        }
        failure.setBodyConvertFunction(
                type -> json.readValue(body, json.getTypeFactory().constructType(type.getType())));
        return failure;
    }
}
