package org.stockbazaar.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FrameClient} against a stand-in for {@link FrameServer} on a plain socket, which answers each request with
 * its body and, if told to, with bytes nobody asked for after the answer: a connection is used again only while
 * nothing unasked arrived on it.
 */
class FrameClientTest {

    private static final String SECRET = "frame-client-test";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean unasked;

    FrameClientTest() throws IOException {
        Thread acceptor = new Thread(this::accept, "stand-in-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void close() throws IOException {
        listening.close();
    }

    private FrameClient client() {
        return new FrameClient("127.0.0.1", SECRET, TIMEOUT, TIMEOUT, listening::getLocalPort);
    }

    @Test
    void aHealthyConnectionCarriesTheNextCall() {
        FrameClient client = client();

        assertThat(text(client.call("/echo", bytes("one")))).isEqualTo("200 one");
        assertThat(text(client.call("/echo", bytes("two")))).isEqualTo("200 two");

        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void anAnswerFollowedByBytesNobodyAskedForIsTakenAndItsConnectionLeft() {
        FrameClient client = client();
        unasked = true;

        assertThat(text(client.call("/echo", bytes("one")))).isEqualTo("200 one");
        unasked = false;
        assertThat(text(client.call("/echo", bytes("two")))).isEqualTo("200 two");

        assertThat(connections.get()).isEqualTo(2);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** An answer as "status body". */
    private static String text(FrameClient.Answer answer) {
        return answer.status() + " " + new String(answer.body(), StandardCharsets.UTF_8);
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket socket = listening.accept();
                connections.incrementAndGet();
                Thread serving = new Thread(() -> serve(socket), "stand-in");
                serving.setDaemon(true);
                serving.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            // buffered: the answer and what follows it leave in one write
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            in.readInt(); // the protocol version
            in.readFully(new byte[in.readInt()]); // the secret
            out.writeInt(FrameServer.OK);
            out.flush();
            while (true) {
                in.readUTF();
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                out.writeInt(200);
                out.writeInt(body.length);
                out.write(body);
                if (unasked) {
                    out.write(bytes("unasked"));
                }
                out.flush();
            }
        } catch (IOException ended) {
            // the client closed the connection
        }
    }
}
