package org.stockbazaar.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
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

    @Test
    void askedAddressIsTheOneTheServiceBindsTo() {
        assertThat(Healthcheck.readinessUrl(Map.of("SERVER_PORT", "8093")))
                .isEqualTo("http://127.0.0.1:8093/actuator/health/readiness");
        assertThat(Healthcheck.readinessUrl(Map.of("SERVER_ADDRESS", "10.1.2.3", "SERVER_PORT", "8091")))
                .isEqualTo("http://10.1.2.3:8091/actuator/health/readiness");
        assertThat(Healthcheck.readinessUrl(Map.of("SERVER_ADDRESS", "::1", "SERVER_PORT", "8092")))
                .isEqualTo("http://[::1]:8092/actuator/health/readiness");
    }

    @Test
    void wildcardAddressIsAskedOnTheLoopback() {
        for (String wildcard : new String[] {"0.0.0.0", "::", "[::]", " "}) {
            assertThat(Healthcheck.readinessUrl(Map.of("SERVER_ADDRESS", wildcard, "SERVER_PORT", "8091")))
                    .isEqualTo("http://127.0.0.1:8091/actuator/health/readiness");
        }
    }

    @Test
    void configuredAddressReachesTheService() {
        String url = Healthcheck.readinessUrl(Map.of("SERVER_ADDRESS", "127.0.0.1",
                "SERVER_PORT", Integer.toString(server.getAddress().getPort())));
        assertThat(Healthcheck.status(url)).isEqualTo(200);
    }

    private static String readinessUrl(int port) {
        return "http://127.0.0.1:" + port + Healthcheck.READINESS;
    }
}
