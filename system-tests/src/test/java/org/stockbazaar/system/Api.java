package org.stockbazaar.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A keep-alive HTTP client speaking the services' JSON, as a user's client would. */
final class Api {

    static final String INTERNAL_HEADER = "X-Bazaar-Internal-Token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String token;

    Api(String token) {
        this(token, client().build());
    }

    /** With {@code http} instead: one that trusts a test CA, say. */
    Api(String token, HttpClient http) {
        this.token = token;
        this.http = http;
    }

    /** How the tests' clients are built: HTTP/1.1 (as the services speak it), a connect timeout of 1 s. */
    static HttpClient.Builder client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1));
    }

    Reply get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    Reply internalGet(URI uri) {
        return send(HttpRequest.newBuilder(uri).header(INTERNAL_HEADER, token).GET());
    }

    Reply internalDelete(URI uri) {
        return send(HttpRequest.newBuilder(uri).header(INTERNAL_HEADER, token).DELETE());
    }

    Reply internalPost(URI uri, Object body) {
        return send(HttpRequest.newBuilder(uri).header(INTERNAL_HEADER, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    Reply post(URI uri, Object body) {
        return postWithHeaders(uri, body, Map.of());
    }

    Reply postWithHeaders(URI uri, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        headers.forEach(request::header);
        return send(request);
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            // beyond the front end's order deadline (10 s) and one call to a replica: its slowest answers still come
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Reply(response.statusCode(), body.isEmpty() ? null : JSON.readTree(body), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Reply(int status, JsonNode body, HttpHeaders headers) {

        /** A response header's first value, or null. */
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        JsonNode data() {
            return body.get("data");
        }
    }
}
