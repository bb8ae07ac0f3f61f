package org.stockbazaar.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Requests that Tomcat refuses before Spring MVC sees them, sent as raw bytes (an HTTP client would not send them). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bazaar.internal.token=test-token", "server.address=127.0.0.1",
            "server.tomcat.connection-timeout=4s"})
class JsonErrorReportValveTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void aRequestLineBeyond8KbIsA414NamingTheLimit() throws IOException {
        String reply = send("GET /stocks/" + "A".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(reply).startsWith("HTTP/1.1 414 ").endsWith(
                "{\"error\":{\"code\":414,\"message\":\"request line too long: a URL has at most 8 KB\"}}");
    }

    @Test
    void headersBeyond8KbAreA431NamingTheLimit() throws IOException {
        String reply = send("GET /stocks/A HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n");

        assertThat(reply).startsWith("HTTP/1.1 431 ").endsWith("{\"error\":{\"code\":431,\"message\":"
                + "\"request headers too large: at most 8 KB and 100 headers\"}}");
    }

    @Test
    void moreThan100HeadersAreA431NamingTheLimit() throws IOException {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            headers.append("X-H").append(i).append(": v\r\n");
        }
        String reply = send("GET /stocks/A HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");

        assertThat(reply).startsWith("HTTP/1.1 431 ").contains("\"code\":431");
    }

    @Test
    void anInvalidPercentEncodingIsStillA400MalformedRequest() throws IOException {
        String reply = send("GET /stocks/%zz HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(reply).startsWith("HTTP/1.1 400 ")
                .endsWith("{\"error\":{\"code\":400,\"message\":\"malformed request\"}}");
    }

    @Test
    void anUnknownHttpVersionIsA505NamedAsSuch() throws IOException {
        String reply = send("GET /stocks/A HTTP/9.9\r\nHost: x\r\n\r\n");

        assertThat(reply).startsWith("HTTP/1.1 505 ")
                .endsWith("{\"error\":{\"code\":505,\"message\":\"http version not supported\"}}");
    }

    @Test
    void aRequestWithinTheLimitsReachesTheController() throws IOException {
        String reply = send("GET /stocks/" + "A".repeat(7_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(reply).startsWith("HTTP/1.1 200 ").endsWith("\"7000\"}");
    }

    @Test
    void aBodyThatStopsIsA408AndTheConnectionClosesAfterOneTimeout() throws IOException {
        long start = System.nanoTime();
        String reply = send("POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 46\r\n\r\n{\"name\":");
        Duration answered = Duration.ofNanos(System.nanoTime() - start);

        String body = "{\"error\":{\"code\":408,\"message\":\"request timeout\"}}";
        // the whole answer: its body, then the last chunk
        assertThat(reply).startsWith("HTTP/1.1 408 ").contains("\r\n\r\n32\r\n" + body + "\r\n")
                .endsWith("\r\n0\r\n\r\n");
        // the 4 s connection timeout once (Tomcat checks it about once a second), not twice (reading on for the rest of
        // the body)
        assertThat(answered).isGreaterThanOrEqualTo(Duration.ofMillis(3_900)).isLessThan(Duration.ofMillis(7_000));
    }

    /** Sends the bytes, reads the answer until the server closes the connection (it does after an error). */
    private String send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ServiceSupportConfiguration.class, ApiErrorAdvice.class, JsonErrorController.class, Echo.class})
    static class App {
    }

    @RestController
    static class Echo {

        @GetMapping("/stocks/{name}")
        ApiData<String> length(@PathVariable String name) {
            return ApiData.of(String.valueOf(name.length()));
        }

        @PostMapping("/orders")
        ApiData<String> length(@RequestBody byte[] body) {
            return ApiData.of(String.valueOf(body.length));
        }
    }
}
