package org.stockbazaar.client.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The load client's connection against a server that keeps connections alive, closes them, and misbehaves. */
class BazaarConnectionTest {

    private static final String STOCK = "{\"data\":{\"name\":\"GameStart\",\"price\":15.99,\"quantity\":100}}";

    private ScriptedServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void requestsOneAfterAnotherShareOneKeptAliveConnection() throws Exception {
        server = new ScriptedServer((connection, request, out) -> answer(out, 200, "", STOCK));
        BazaarConnection client = new BazaarConnection(server.url(), Duration.ofSeconds(5));

        for (int i = 0; i < 5; i++) {
            assertThat(client.lookup("GameStart").data().path("quantity").asLong()).isEqualTo(100);
        }

        assertThat(server.connections.get()).isEqualTo(1);
        assertThat(server.requests).hasSize(5).allMatch(line -> line.equals("GET /stocks/GameStart HTTP/1.1"));
    }

    @Test
    void afterAnAnswerThatClosesTheConnectionTheNextRequestOpensANewOne() throws Exception {
        // as Tomcat does after 100 requests on one connection
        server = new ScriptedServer((connection, request, out) -> {
            answer(out, 200, "Connection: close\r\n", STOCK);
            return false;
        });
        BazaarConnection client = new BazaarConnection(server.url(), Duration.ofSeconds(5));

        assertThat(client.lookup("GameStart").ok()).isTrue();
        assertThat(client.lookup("GameStart").ok()).isTrue();

        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void aLookupMeetingAConnectionTheServerClosedUnseenIsSentOnceMoreOnANewOne() throws Exception {
        // the first connection answers once, then the server drops it without a word (an idle timeout, a restart)
        server = new ScriptedServer((connection, request, out) -> {
            answer(out, 200, "", STOCK);
            return connection > 1;
        });
        BazaarConnection client = new BazaarConnection(server.url(), Duration.ofSeconds(5));
        assertThat(client.lookup("GameStart").ok()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.closed.get() == 1);

        BazaarConnection.Reply again = client.lookup("GameStart");

        assertThat(again.ok()).isTrue();
        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void aTradeMeetingAConnectionTheServerClosedIsNotSentAgain() throws Exception {
        server = new ScriptedServer((connection, request, out) -> {
            answer(out, 200, "", "{\"data\":{\"transaction_number\":" + (connection - 1) + "}}");
            return connection > 1;
        });
        BazaarConnection client = new BazaarConnection(server.url(), Duration.ofSeconds(5));
        assertThat(client.trade("GameStart", "buy", 1).data().path("transaction_number").asLong()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.closed.get() == 1);

        BazaarConnection.Reply lost = client.trade("GameStart", "buy", 1);

        // no answer, and no second try: only the caller knows whether the trade may be repeated (its key)
        assertThat(lost.status()).isZero();
        assertThat(server.requests).containsExactly("POST /orders HTTP/1.1");
        // the next request goes out on a new connection
        assertThat(client.trade("GameStart", "buy", 1).data().path("transaction_number").asLong()).isEqualTo(1);
    }

    @Test
    void aChunkedAnswerIsReadWholeAndTheCacheHeaderReachesTheReply() throws Exception {
        server = new ScriptedServer((connection, request, out) -> {
            byte[] body = STOCK.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 200 \r\nContent-Type: application/json\r\nX-Cache: hit\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write((Integer.toHexString(10) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 10);
            out.write(("\r\n" + Integer.toHexString(body.length - 10) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 10, body.length - 10);
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return true;
        });
        BazaarConnection client = new BazaarConnection(server.url(), Duration.ofSeconds(5));

        BazaarConnection.Reply reply = client.lookup("GameStart");

        assertThat(reply.cache()).isEqualTo("hit");
        assertThat(reply.data().path("name").asString()).isEqualTo("GameStart");
        assertThat(client.lookup("GameStart").ok()).isTrue();
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void theRequestIdTheFrontEndMadeForAKeylessTradeReachesTheReply() throws Exception {
        server = new ScriptedServer((connection, request, out) -> answer(out, 504,
                "Idempotency-Key: 3f9c2a4e-made-by-the-front-end\r\n",
                "{\"error\":{\"code\":504,\"message\":\"trade outcome unknown\"}}"));
        BazaarConnection client = new BazaarConnection(server.url(), Duration.ofSeconds(5));

        BazaarConnection.Reply reply = client.trade("GameStart", "buy", 1);

        assertThat(reply.status()).isEqualTo(504);
        assertThat(reply.key()).isEqualTo("3f9c2a4e-made-by-the-front-end");
        assertThat(server.requests).containsExactly("POST /orders HTTP/1.1");
    }

    @Test
    void aServerThatNeverAnswersGivesNoAnswerOnceTheReadTimeoutPasses() throws Exception {
        server = new ScriptedServer((connection, request, out) -> {
            Thread.sleep(10_000);
            return false;
        });
        BazaarConnection client = new BazaarConnection(server.url(), Duration.ofMillis(300));

        BazaarConnection.Reply reply = client.lookup("GameStart");

        assertThat(reply.status()).isZero();
        assertThat(reply.problem()).contains("timed out");
        assertThat(reply.cache()).isNull();
    }

    @Test
    void anErrorPageThatIsNotJsonIsKeptAsText() throws Exception {
        server = new ScriptedServer((connection, request, out) -> answer(out, 502, "", "<html>Bad Gateway</html>"));
        BazaarConnection client = new BazaarConnection(server.url(), Duration.ofSeconds(5));

        BazaarConnection.Reply reply = client.lookup("GameStart");

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.body()).isNull();
        assertThat(reply.problem()).isEqualTo("<html>Bad Gateway</html>");
    }

    private static boolean answer(OutputStream out, int status, String headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " \r\nContent-Type: application/json\r\n" + headers + "Content-Length: "
                + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return true;
    }

    /** Answers each request of a connection; the connection stays open while the answerer returns true. */
    @FunctionalInterface
    private interface Answerer {
        boolean answer(int connection, String requestLine, OutputStream out) throws Exception;
    }

    /** A server on a socket of its own, so that a test decides exactly when a connection closes. */
    private static final class ScriptedServer implements AutoCloseable {

        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final ServerSocket socket;

        ScriptedServer(Answerer answerer) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        int number = connections.incrementAndGet();
                        Thread serving = new Thread(() -> serve(connection, number, answerer));
                        serving.setDaemon(true);
                        serving.start();
                    } catch (IOException closing) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        private void serve(Socket connection, int number, Answerer answerer) {
            try (connection) {
                InputStream in = new BufferedInputStream(connection.getInputStream());
                OutputStream out = connection.getOutputStream();
                boolean open = true;
                while (open) {
                    String requestLine = readLine(in);
                    if (requestLine == null) {
                        return;
                    }
                    int length = 0;
                    for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    in.readNBytes(length);
                    requests.add(requestLine);
                    open = answerer.answer(number, requestLine, out);
                }
            } catch (Exception e) {
                // the client went away, or the test ended
            } finally {
                closed.incrementAndGet();
            }
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    return null;
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
