package org.stockbazaar.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthcheckTest {

    private final AtomicInteger readiness = new AtomicInteger(200);
    private HttpServer server;

    @BeforeEach
    void startService() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(Healthcheck.READINESS, exchange -> {
            byte[] body = "{\"status\":\"...\"}".getBytes();
            exchange.sendResponseHeaders(readiness.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopService() {
        server.stop(0);
    }

    @Test
    void readyServiceIsHealthy() {
        assertThat(Healthcheck.status(readinessUrl(server.getAddress().getPort()))).isEqualTo(200);
    }

    @Test
    void serviceThatIsNotReadyYetReportsItsStatus() {
        readiness.set(503);
        assertThat(Healthcheck.status(readinessUrl(server.getAddress().getPort()))).isEqualTo(503);
    }

    @Test
    void serviceThatDoesNotAnswerIsUnhealthy() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(Healthcheck.status(readinessUrl(closedPort))).isEqualTo(-1);
    }

    private static String readinessUrl(int port) {
        return "http://127.0.0.1:" + port + Healthcheck.READINESS;
    }
}
