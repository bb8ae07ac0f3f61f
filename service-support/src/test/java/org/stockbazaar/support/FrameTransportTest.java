package org.stockbazaar.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A post through a {@link JsonClient} goes in a frame when the other side takes them ({@link FrameServer}) and is
 * answered exactly as over HTTP, errors included; a call goes on when the other side stops taking frames or takes
 * them on another port; the frame port opens only to the internal secret, and closes a connection that says nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bazaar.internal.token=test-token", "spring.main.banner-mode=off"})
class FrameTransportTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final TypeReference<ApiData<String>> TEXT = new TypeReference<>() {
    };
    private static final TypeReference<ApiData<Long>> LONG = new TypeReference<>() {
    };

    @LocalServerPort
    private int port;
    @Autowired
    private FrameServer frames;
    @Autowired
    private MeterRegistry meters;

    @AfterEach
    void framesBackOn() {
        if (!frames.isRunning()) {
            frames.start();
        }
    }

    private JsonClient client(boolean frames) {
        return new ServiceClients(RestClient::builder, null, "test-token", JsonMapper.builder().build(), frames)
                .json("http://127.0.0.1:" + port, TIMEOUT, TIMEOUT);
    }

    /** How a post ended, as far as a caller can tell: its value, or the exception's class, status and error. */
    record Outcome(Object value, Class<?> failure, Integer status, ApiError error) {

        static Outcome of(JsonClient client, Object body) {
            try {
                return new Outcome(client.post("/internal/direct", body, LONG), null, null, null);
            } catch (RestClientResponseException answered) {
                return new Outcome(null, answered.getClass(), answered.getStatusCode().value(),
                        answered.getResponseBodyAs(ApiError.class));
            }
        }
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of(Named.of("a good body", Map.of("quantity", 3))),
                Arguments.of(Named.of("a field of the wrong type", Map.of("quantity", 1.5))),
                Arguments.of(Named.of("a field as a string", Map.of("quantity", "3"))),
                Arguments.of(Named.of("a number out of range", Map.of("quantity", new java.math.BigInteger(
                        "9223372036854775808")))),
                Arguments.of(Named.of("an array", List.of(1))),
                Arguments.of(Named.of("JSON null", (Object) null)),
                Arguments.of(Named.of("the controller refuses it", Map.of("quantity", -1))),
                Arguments.of(Named.of("the controller fails", Map.of("quantity", 13))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void aFramedPostIsAnsweredAsOverHttp(Object body) {
        double framedBefore = framed();

        Outcome overHttp = Outcome.of(client(false), body);
        Outcome inFrames = Outcome.of(client(true), body);

        assertThat(inFrames).isEqualTo(overHttp);
        assertThat(framed()).isEqualTo(framedBefore + 1);
    }

    @Test
    void aCallGoesOnWhenTheOtherSideTakesFramesOnAnotherPortOrNone() {
        JsonClient client = client(true);
        assertThat(client.post("/internal/direct", Map.of("quantity", 5), LONG).data()).isEqualTo(5);

        frames.stop();
        double framedBefore = framed();
        // no frames: the pooled connection is found closed, the port asked again, and the post goes over HTTP
        assertThat(postOnceTheCloseArrived(client, 6)).isEqualTo(6);
        assertThat(framed()).isEqualTo(framedBefore);

        frames.start();
        // frames again, on another free port, once the client asks again (new clients ask at their first post)
        JsonClient fresh = client(true);
        assertThat(fresh.post("/internal/direct", Map.of("quantity", 7), LONG).data()).isEqualTo(7);
        assertThat(framed()).isEqualTo(framedBefore + 1);
        assertThat(frames.port()).isPositive();
    }

    @Test
    void aConnectionRefusedAtTheKnownPortAsksForTheNewOne() {
        JsonClient client = client(true);
        assertThat(client.post("/internal/direct", Map.of("quantity", 5), LONG).data()).isEqualTo(5);
        frames.stop();
        frames.start();
        double framedBefore = framed();

        // the old port refuses: nothing was sent, so the client asks for the port and posts in a frame there
        assertThat(postOnceTheCloseArrived(client, 8)).isEqualTo(8);
        assertThat(framed()).isEqualTo(framedBefore + 1);
    }

    @Test
    void aBodyAndAnAnswerLargerThanTheSocketsBuffersGoWhole() {
        // far more than a socket takes at once either way, and than the client's first read of an answer
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 2 * 1024 * 1024; i++) {
            text.append(i).append(' ');
        }
        double echoedBefore = framed("/internal/echo");

        String echoed = client(true).post("/internal/echo", new Blob(text.toString()), TEXT).data();

        assertThat(echoed).isEqualTo(text.toString());
        assertThat(framed("/internal/echo")).isEqualTo(echoedBefore + 1);
    }

    @Test
    void aSilentAnswerTimesOutAsAnIoFailureAfterSending() {
        assertThatThrownBy(() -> client(true).post("/internal/slow", Map.of("quantity", 1), LONG))
                .isInstanceOf(ResourceAccessException.class)
                .hasRootCauseInstanceOf(SocketTimeoutException.class)
                .satisfies(e -> assertThat(KeepAliveHttp.failedBeforeSending((ResourceAccessException) e))
                        .isFalse());
    }

    @Test
    void anInterruptedCallerStopsWaitingForItsAnswer() throws Exception {
        JsonClient client = client(true);
        assertThat(client.post("/internal/direct", Map.of("quantity", 2), LONG).data()).isEqualTo(2);
        Orders.slowTaken.drainPermits();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                client.post("/internal/slow", Map.of("quantity", 1), LONG);
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        caller.start();
        assertThat(Orders.slowTaken.tryAcquire(10, TimeUnit.SECONDS)).isTrue();

        caller.interrupt();
        caller.join(Duration.ofSeconds(10));

        // not the read timeout (a SocketTimeoutException, itself an InterruptedIOException): the interrupt
        assertThat(failure.get()).isInstanceOf(ResourceAccessException.class)
                .hasRootCauseExactlyInstanceOf(InterruptedIOException.class);
        assertThat(KeepAliveHttp.failedBeforeSending((ResourceAccessException) failure.get())).isFalse();
    }

    @Test
    void theFramePortOpensOnlyToTheInternalSecret() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", frames.port())) {
            socket.setSoTimeout(2000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] wrong = "wrong-token".getBytes(StandardCharsets.UTF_8);
            out.writeInt(FrameServer.VERSION);
            out.writeInt(wrong.length);
            out.write(wrong);
            out.flush();

            assertThat(in.readInt()).isEqualTo(403);
            assertThatThrownBy(in::readInt).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void aConnectionThatSaysNoHelloIsClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", frames.port())) {
            socket.setSoTimeout(Math.toIntExact(FrameServer.HELLO_TIMEOUT.multipliedBy(3).toMillis()));

            // the server closes it (end of stream) well before this read would time out
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    /**
     * The post's answer, posted again while it fails as a post written into a connection the other side had closed.
     * A stop closes the connections at once, but on a busy machine the kernel may deliver that close (a FIN over
     * loopback) only after the client checked its pooled connection; such a post fails after sending, as one on an
     * HTTP keep-alive connection would, and its connection is dropped. The other side answered none of them (the
     * callers check the frame count).
     */
    private static long postOnceTheCloseArrived(JsonClient client, long quantity) {
        return await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
                .ignoreExceptionsMatching(e -> e instanceof ResourceAccessException
                        && !KeepAliveHttp.failedBeforeSending((ResourceAccessException) e))
                .until(() -> client.post("/internal/direct", Map.of("quantity", quantity), LONG).data(),
                        answer -> true);
    }

    private double framed() {
        // of /internal/direct only: the slow endpoint's answer may be counted late, during another test
        return framed("/internal/direct");
    }

    private double framed(String uri) {
        return meters.find("bazaar.internal.frames").tag("uri", uri).timers().stream()
                .mapToDouble(timer -> timer.count()).sum();
    }

    record Order(long quantity) {
    }

    record Blob(String text) {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({ServiceSupportConfiguration.class, ApiErrorAdvice.class, FrameController.class, Orders.class})
    static class App {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @RestController
    static class Orders {

        @Bean("/internal/direct")
        JsonEndpoint direct(JsonEndpoint.Factory endpoints) {
            return endpoints.post(Order.class, this::trade);
        }

        @Bean("/internal/echo")
        JsonEndpoint echo(JsonEndpoint.Factory endpoints) {
            return endpoints.post(Blob.class, blob -> ApiData.of(blob.text()));
        }

        /** A permit for each request the slow endpoint has taken. */
        static final Semaphore slowTaken = new Semaphore(0);

        /** Answers after three times the clients' read timeout. */
        @Bean("/internal/slow")
        JsonEndpoint slow(JsonEndpoint.Factory endpoints) {
            return endpoints.post(Order.class, order -> {
                slowTaken.release();
                try {
                    Thread.sleep(TIMEOUT.multipliedBy(3));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ApiData.of(order.quantity());
            });
        }

        ApiData<Long> trade(Order order) {
            if (order.quantity() < 0) {
                throw ApiException.badRequest("quantity must be positive");
            }
            if (order.quantity() == 13) {
                throw new IllegalStateException("unlucky");
            }
            return ApiData.of(order.quantity());
        }
    }
}
