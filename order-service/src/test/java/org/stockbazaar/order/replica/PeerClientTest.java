package org.stockbazaar.order.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stockbazaar.order.OrderProperties;
import org.stockbazaar.order.replication.Messages.Prepare;
import org.stockbazaar.order.replication.Messages.PrepareReply;
import org.stockbazaar.support.ServiceClients;

/**
 * An election asks both peers to promise. One answers at once; the other is hung like a SIGSTOPped JVM: the kernel
 * accepts its connections, and nothing ever answers.
 */
class PeerClientTest {

    private final ServerSocket hung = hungPeer();
    private HttpServer answering;

    @BeforeEach
    void startAnsweringPeer() throws IOException {
        answering = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        answering.start();
    }

    @AfterEach
    void stopPeers() throws IOException {
        answering.stop(0);
        hung.close();
    }

    @Test
    void aMajorityOfPromisesEndsTheElectionWithoutWaitingForAHungPeer() {
        answerPrepareWith(true);
        PeerClient peers = peerClient(Duration.ofSeconds(60));

        List<PrepareReply> replies = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> peers.prepareAll(new Prepare(2, 1), PeerClientTest::promisedByOne));

        assertThat(replies).extracting(PrepareReply::replicaId, PrepareReply::promised).containsExactly(
                tuple(2, true));
    }

    @Test
    void withoutAMajorityOfPromisesItWaitsForEveryPeerToAnswerOrTimeOut() {
        answerPrepareWith(false);
        Duration readTimeout = Duration.ofMillis(500);
        PeerClient peers = peerClient(readTimeout);

        long start = System.nanoTime();
        List<PrepareReply> replies = peers.prepareAll(new Prepare(2, 1), PeerClientTest::promisedByOne);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(replies).extracting(PrepareReply::promised).containsExactly(false);
        assertThat(took).isGreaterThanOrEqualTo(readTimeout);
    }

    /** Three replicas: one peer's promise and the candidate's own make a majority. */
    private static boolean promisedByOne(List<PrepareReply> replies) {
        return replies.stream().anyMatch(PrepareReply::promised);
    }

    private void answerPrepareWith(boolean promised) {
        answering.createContext("/internal/replica/prepare", exchange -> {
            byte[] body = ("{\"data\":{\"replicaId\":2,\"promised\":" + promised
                    + ",\"promisedEpoch\":2,\"logEpoch\":1,\"lastIndex\":7}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    private PeerClient peerClient(Duration readTimeout) {
        OrderProperties properties = new OrderProperties(1, List.of(
                "1=http://127.0.0.1:1",
                "2=http://127.0.0.1:" + answering.getAddress().getPort(),
                "3=http://127.0.0.1:" + hung.getLocalPort()),
                Path.of("unused"), URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1), readTimeout,
                Duration.ofSeconds(3), 1000, Duration.ofMillis(20), Duration.ofMillis(10), false);
        return new PeerClient(properties, ServiceClients.plain("test-token"));
    }

    private static ServerSocket hungPeer() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
