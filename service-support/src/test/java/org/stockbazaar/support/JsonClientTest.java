package org.stockbazaar.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.core.type.TypeReference;

/**
 * A call through a {@link JsonClient}, post or get, sends what a {@code RestClient} call of the services sends, and
 * answers or fails as that call does, so that the callers' handling of refusals and silences holds for both.
 */
class JsonClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final ServiceClients CLIENTS = ServiceClients.plain("token");

    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    /** What the server was sent: "<method> <path> <token header> <content type> <body>" per request. */
    private final List<String> received = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    record Applied(long applied) {
    }

    record Feed(long epoch, List<String> orders) {
    }

    /** How a call ended: the value it answered, or what it threw, as far as a caller can tell them apart. */
    record Outcome(Object value, Class<?> failure, Integer status, ApiError error) {

        static Outcome of(Supplier<ApiData<Applied>> call) {
            try {
                return new Outcome(call.get(), null, null, null);
            } catch (RuntimeException thrown) {
                return failed(thrown);
            }
        }

        private static Outcome failed(RuntimeException thrown) {
            if (thrown instanceof RestClientResponseException answered) {
                return new Outcome(null, answered.getClass(), answered.getStatusCode().value(),
                        answered.getResponseBodyAs(ApiError.class));
            }
            return new Outcome(null, thrown instanceof RestClientException ? RestClientException.class
                    : thrown.getClass(), null, null);
        }
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                answer("an answer", 200, "application/json", "{\"data\":{\"applied\":7}}"),
                answer("a leader's refusal", 409, "application/json",
                        "{\"error\":{\"code\":409,\"message\":\"not enough stock\"}}"),
                answer("a wrong secret", 403, "application/json",
                        "{\"error\":{\"code\":403,\"message\":\"internal endpoint: wrong token\"}}"),
                answer("a replica catching up", 503, "application/json",
                        "{\"error\":{\"code\":503,\"message\":\"replica 1 is catching up\"}}"),
                answer("an unexpected failure", 500, "application/json",
                        "{\"error\":{\"code\":500,\"message\":\"internal error\"}}"),
                answer("an answer that is not JSON", 200, "application/json", "<html>"),
                answer("an answer without the expected fields", 200, "application/json", "{\"data\":{\"x\":1}}"));
    }

    private static Arguments answer(String name, int status, String type, String body) {
        return Arguments.of(Named.of(name, status), type, body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void postsAndFailsAsARestClientCallDoes(int status, String type, String body) throws IOException {
        assertBothAnswerAlike(JsonClientTest::post, status, type, body,
                "POST /internal/committed token application/json {\"epoch\":3,\"orders\":[\"a\",\"b\"]}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void getsAndFailsAsARestClientCallDoes(int status, String type, String body) throws IOException {
        assertBothAnswerAlike(JsonClientTest::get, status, type, body, "GET /internal/orders/7 token null ");
    }

    /** Both clients make {@code call} to a server answering so, end alike, and send it the same {@code request}. */
    private void assertBothAnswerAlike(Function<Calls, Supplier<ApiData<Applied>>> call, int status, String type,
            String body, String request) throws IOException {
        String url = "http://127.0.0.1:" + answering(status, type, body);

        Outcome lean = Outcome.of(call.apply(lean(url)));
        Outcome rest = Outcome.of(call.apply(rest(url)));

        assertThat(lean).isEqualTo(rest);
        assertThat(lean.status()).isEqualTo(status == 200 ? null : status);
        assertThat(received).hasSize(2).allSatisfy(sent -> assertThat(sent).isEqualTo(request));
    }

    @Test
    void aRefusedConnectionFailedBeforeSendingForBoth() throws IOException {
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }

        assertBothFailToReach("http://127.0.0.1:" + closedPort, true);
    }

    @Test
    void aServiceThatReadsTheCallAndHangsUpMayHaveActedOnItForBoth() throws IOException {
        ServerSocket crashing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        opened.add(crashing);
        Thread.ofVirtual().start(() -> {
            while (!crashing.isClosed()) {
                try (Socket socket = crashing.accept(); InputStream in = socket.getInputStream()) {
                    in.read(new byte[4096]);
                } catch (IOException closed) {
                    return;
                }
            }
        });

        assertBothFailToReach("http://127.0.0.1:" + crashing.getLocalPort(), false);
    }

    /**
     * Both clients fail with a {@link ResourceAccessException}, and agree on whether the call left this process,
     * for a post and for a get.
     */
    private static void assertBothFailToReach(String url, boolean beforeSending) {
        for (Calls client : List.of(lean(url), rest(url))) {
            for (Supplier<ApiData<Applied>> call : List.of(post(client), get(client))) {
                assertThat(catchThrowable(call::get)).isInstanceOfSatisfying(ResourceAccessException.class,
                        e -> assertThat(KeepAliveHttp.failedBeforeSending(e)).isEqualTo(beforeSending));
            }
        }
    }

    /** The two calls the services make: a post of a body, a get of a number. */
    interface Calls {
        ApiData<Applied> post(String path, Feed feed);

        ApiData<Applied> get(String path);
    }

    private static Supplier<ApiData<Applied>> post(Calls client) {
        return () -> client.post("/internal/committed", new Feed(3, List.of("a", "b")));
    }

    private static Supplier<ApiData<Applied>> get(Calls client) {
        return () -> client.get("/internal/orders/7");
    }

    private static Calls lean(String url) {
        JsonClient client = CLIENTS.json(url, TIMEOUT, TIMEOUT);
        TypeReference<ApiData<Applied>> applied = new TypeReference<>() {
        };
        return new Calls() {
            @Override
            public ApiData<Applied> post(String path, Feed feed) {
                return client.post(path, feed, applied);
            }

            @Override
            public ApiData<Applied> get(String path) {
                return client.get(path, applied);
            }
        };
    }

    /** The same calls as Spring's {@code RestClient} from {@link ServiceClients} makes them. */
    private static Calls rest(String url) {
        RestClient client = CLIENTS.internal(TIMEOUT, TIMEOUT).baseUrl(url).build();
        ParameterizedTypeReference<ApiData<Applied>> applied = new ParameterizedTypeReference<>() {
        };
        return new Calls() {
            @Override
            public ApiData<Applied> post(String path, Feed feed) {
                return client.post().uri(path).body(feed).retrieve().body(applied);
            }

            @Override
            public ApiData<Applied> get(String path) {
                return client.get().uri(path).retrieve().body(applied);
            }
        };
    }

    /** A server that answers every call with {@code status}, {@code type} and {@code body}; its port. */
    private int answering(int status, String type, String body) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/internal", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst(InternalProperties.HEADER) + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        http.start();
        opened.add(() -> http.stop(0));
        return http.getAddress().getPort();
    }
}
