package org.stockbazaar.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Which failed calls can have reached the other service: the question a caller asks before it says "not done". */
class KeepAliveHttpTest {

    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @Test
    void refusedConnectionFailedBeforeSending() throws IOException {
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }

        assertThat(KeepAliveHttp.failedBeforeSending(post(closedPort))).isTrue();
    }

    @Test
    void serviceThatTakesTheRequestAndNeverAnswersMayHaveActedOnIt() throws IOException {
        ServerSocket silent = listening();
        Thread.ofVirtual().start(() -> accept(silent, false));

        assertThat(KeepAliveHttp.failedBeforeSending(post(silent.getLocalPort()))).isFalse();
    }

    @Test
    void serviceThatReadsTheRequestAndHangsUpMayHaveActedOnIt() throws IOException {
        ServerSocket crashing = listening();
        Thread.ofVirtual().start(() -> accept(crashing, true));

        assertThat(KeepAliveHttp.failedBeforeSending(post(crashing.getLocalPort()))).isFalse();
    }

    private ServerSocket listening() throws IOException {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        opened.add(socket);
        return socket;
    }

    /** Takes one connection and reads what arrives; then closes it, or keeps it open without a word. */
    private void accept(ServerSocket server, boolean hangUp) {
        try {
            Socket connection = server.accept();
            opened.add(connection);
            connection.getInputStream().read(new byte[4096]);
            if (hangUp) {
                connection.close();
            }
        } catch (IOException closedByTheTest) {
            // the test is over
        }
    }

    private static RestClientException post(int port) {
        RestClient client = ServiceClients.plain("token").client(Duration.ofMillis(300), Duration.ofMillis(300))
                .baseUrl("http://127.0.0.1:" + port).build();
        return catchThrowableOfType(RestClientException.class,
                () -> client.post().uri("/internal/orders").body("{}").retrieve().toBodilessEntity());
    }
}
