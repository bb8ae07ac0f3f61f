package org.stockbazaar.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which failed calls can have reached the other service (the question a caller asks before it says "not done"),
 * and what happens to a pooled connection after a pause.
 */
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

    @Test
    void connectionIdleForMoreThanASecondIsReusedWhenTheOtherSideKeptIt() throws Exception {
        Server server = server(0);
        RestClient client = client(server.port());

        assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("ok");
        pastTheInactivityCheck();
        assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("ok");

        assertThat(server.clientPorts()).hasSize(2).containsOnly(server.clientPorts().getFirst());
    }

    @Test
    void callAfterTheOtherServiceRestartedGoesThroughOnANewConnection() throws Exception {
        Server first = server(0);
        RestClient client = client(first.port());
        assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("ok");

        first.stop();
        Server restarted = server(first.port());
        pastTheInactivityCheck();

        assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("ok");
        assertThat(restarted.clientPorts()).hasSize(1).doesNotContain(first.clientPorts().getFirst());
    }

    @Test
    void idleConnectionIsHealthyUntilTheOtherSideClosesItAndStaysUsable() throws Exception {
        Connection connection = connection();
        Socket client = connection.client();
        Socket accepted = connection.server();
        client.setSoTimeout(2_000);

        assertThat(IdleConnectionCheck.isClosedByPeer(client.getChannel())).isFalse();
        accepted.getOutputStream().write('x');
        assertThat(client.getInputStream().read()).as("a blocking read with a timeout after the check").isEqualTo('x');

        accepted.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> IdleConnectionCheck.isClosedByPeer(client.getChannel()));
    }

    @Test
    void bytesNobodyAskedForMakeAConnectionStale() throws Exception {
        Connection connection = connection();
        Socket client = connection.client();

        connection.server().getOutputStream().write("HTTP/1.1 408 Request Timeout\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        await().atMost(Duration.ofSeconds(5)).until(() -> IdleConnectionCheck.isClosedByPeer(client.getChannel()));
    }

    @Test
    void tlsConnectionIdleForMoreThanASecondIsReusedWithoutANewHandshake(@TempDir Path folder) throws Exception {
        KeyStore keys = selfSignedFor127001(folder);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        serverContext.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        Server server = serve(https);
        SslBundle trusting = SslBundle.of(SslStoreBundle.of(null, null, keys));
        RestClient client = new ServiceClients(RestClient::builder, trusting, "token", JsonMapper.builder().build(), false)
                .client(Duration.ofSeconds(5), Duration.ofSeconds(5)).baseUrl("https://127.0.0.1:" + server.port()).build();

        assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("ok");
        pastTheInactivityCheck();
        assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("ok");

        assertThat(server.clientPorts()).hasSize(2).containsOnly(server.clientPorts().getFirst());
    }

    private static final String PASSWORD = "changeit";

    /** A key and certificate for 127.0.0.1 made by the JDK's keytool; the same store serves as the trust store. */
    private static KeyStore selfSignedFor127001(Path folder) throws Exception {
        Path store = folder.resolve("keystore.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "service", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext",
                "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        return keys;
    }

    /** Both ends of a connection: a socket as the pool makes them, and the one the test's server accepted. */
    private record Connection(Socket client, Socket server) {
    }

    private Connection connection() throws IOException {
        ServerSocket listening = listening();
        Socket client = IdleConnectionCheck.CHANNEL_SOCKETS.create(null);
        opened.add(client);
        client.connect(listening.getLocalSocketAddress());
        Socket server = listening.accept();
        opened.add(server);
        return new Connection(client, server);
    }

    /**
     * The pause under test: HttpClient checks a pooled connection only once it has been idle for longer than
     * {@code validateAfterInactivity} (1 s, {@link KeepAliveHttp}).
     */
    private static void pastTheInactivityCheck() throws InterruptedException {
        Thread.sleep(1_300);
    }

    private static RestClient client(int port) {
        return client(port, Duration.ofSeconds(2));
    }

    /** A client of 127.0.0.1:port as the services make them, {@code timeout} to connect and to read. */
    private static RestClient client(int port, Duration timeout) {
        return ServiceClients.plain("token").client(timeout, timeout).baseUrl("http://127.0.0.1:" + port).build();
    }

    /** An HTTP server on {@code port} (0: any) that answers "ok" on keep-alive connections; stopped after the test. */
    private Server server(int port) throws IOException {
        return serve(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0));
    }

    private Server serve(HttpServer http) {
        Server server = new Server(http, new CopyOnWriteArrayList<>());
        http.createContext("/", exchange -> {
            server.clientPorts().add(exchange.getRemoteAddress().getPort());
            byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        opened.add(server);
        return server;
    }

    /** A running server and the client port of each request it answered. */
    private record Server(HttpServer http, List<Integer> clientPorts) implements AutoCloseable {

        int port() {
            return http.getAddress().getPort();
        }

        void stop() {
            http.stop(0);
        }

        @Override
        public void close() {
            stop();
        }
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
        RestClient client = client(port, Duration.ofMillis(300));
        return catchThrowableOfType(RestClientException.class,
                () -> client.post().uri("/internal/orders").body("{}").retrieve().toBodilessEntity());
    }
}
