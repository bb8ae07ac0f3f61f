package org.stockbazaar.support;

import java.io.IOException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Identifiable;
import org.apache.hc.core5.util.Timeout;

/**
 * The check of a pooled connection that has been idle (HttpClient's {@code validateAfterInactivity}), made without
 * waiting. HttpClient's own check reads from the connection with a 1 ms timeout, so a healthy connection costs a
 * 1 ms wait: a trade after a pause crosses four internal calls one after another and paid it on each. Here the
 * connection's socket comes from a {@link SocketChannel}, and the check reads it once in non-blocking mode: the end
 * of the stream (the other side closed it, as a service does when it stops or dies) or an error means stale; bytes
 * that nobody asked for (a server's parting answer before it closes) mean stale too; nothing at all means healthy.
 * For a TLS connection the check reads the plain socket under it, so any record waiting there (a close_notify, or a
 * late session ticket) sends the connection away: never wrong, at worst a new handshake.
 */
final class IdleConnectionCheck {

    /** Sockets that can be read without blocking: channel-backed, except through a SOCKS proxy (never used here). */
    static final DetachedSocketFactory CHANNEL_SOCKETS = proxy -> proxy == null || proxy.type() == Proxy.Type.DIRECT
            ? SocketChannel.open().socket()
            : new Socket(proxy);

    /** HttpClient's connections, each checked by {@link #isClosedByPeer} instead of a timed read. */
    static final HttpConnectionFactory<ManagedHttpClientConnection> CONNECTIONS =
            socket -> new Checked(ManagedHttpClientConnectionFactory.INSTANCE.createConnection(socket));

    private IdleConnectionCheck() {
    }

    /**
     * True if a read would not wait for the other side's next word: it has closed the connection, reset it, or sent
     * something unasked. Between two uses of the connection only: it switches the channel to non-blocking and back.
     */
    static boolean isClosedByPeer(SocketChannel channel) {
        try {
            synchronized (channel.blockingLock()) {
                channel.configureBlocking(false);
                try {
                    return channel.read(ByteBuffer.allocate(1)) != 0;
                } finally {
                    channel.configureBlocking(true);
                }
            }
        } catch (IOException | RuntimeException broken) {
            return true;
        }
    }

    /** HttpClient's own connection with the check above; everything else is passed through. */
    private static final class Checked implements ManagedHttpClientConnection, Identifiable {

        private final ManagedHttpClientConnection connection;
        /** The socket under the connection (under the TLS socket if any), set on every bind. */
        private volatile Socket plain;

        Checked(ManagedHttpClientConnection connection) {
            this.connection = connection;
        }

        @Override
        public boolean isStale() throws IOException {
            Socket socket = plain;
            SocketChannel channel = socket == null ? null : socket.getChannel();
            if (!connection.isOpen() || channel == null) {
                return connection.isStale();
            }
            return isClosedByPeer(channel);
        }

        @Override
        public void bind(Socket socket) throws IOException {
            connection.bind(socket);
            plain = socket;
        }

        @Override
        public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
            connection.bind(sslSocket, socket);
            plain = socket;
        }

        @Override
        public Socket getSocket() {
            return connection.getSocket();
        }

        @Override
        public SSLSession getSSLSession() {
            return connection.getSSLSession();
        }

        @Override
        public void passivate() {
            connection.passivate();
        }

        @Override
        public void activate() {
            connection.activate();
        }

        @Override
        public boolean isConsistent() {
            return connection.isConsistent();
        }

        @Override
        public void sendRequestHeader(ClassicHttpRequest request) throws HttpException, IOException {
            connection.sendRequestHeader(request);
        }

        @Override
        public void terminateRequest(ClassicHttpRequest request) throws HttpException, IOException {
            connection.terminateRequest(request);
        }

        @Override
        public void sendRequestEntity(ClassicHttpRequest request) throws HttpException, IOException {
            connection.sendRequestEntity(request);
        }

        @Override
        public ClassicHttpResponse receiveResponseHeader() throws HttpException, IOException {
            return connection.receiveResponseHeader();
        }

        @Override
        public void receiveResponseEntity(ClassicHttpResponse response) throws HttpException, IOException {
            connection.receiveResponseEntity(response);
        }

        @Override
        public boolean isDataAvailable(Timeout timeout) throws IOException {
            return connection.isDataAvailable(timeout);
        }

        @Override
        public void flush() throws IOException {
            connection.flush();
        }

        @Override
        public void close() throws IOException {
            connection.close();
        }

        @Override
        public void close(CloseMode closeMode) {
            connection.close(closeMode);
        }

        @Override
        public EndpointDetails getEndpointDetails() {
            return connection.getEndpointDetails();
        }

        @Override
        public SocketAddress getLocalAddress() {
            return connection.getLocalAddress();
        }

        @Override
        public SocketAddress getRemoteAddress() {
            return connection.getRemoteAddress();
        }

        @Override
        public ProtocolVersion getProtocolVersion() {
            return connection.getProtocolVersion();
        }

        @Override
        public boolean isOpen() {
            return connection.isOpen();
        }

        @Override
        public Timeout getSocketTimeout() {
            return connection.getSocketTimeout();
        }

        @Override
        public void setSocketTimeout(Timeout timeout) {
            connection.setSocketTimeout(timeout);
        }

        @Override
        public String getId() {
            return connection instanceof Identifiable identifiable ? identifiable.getId() : connection.toString();
        }

        @Override
        public String toString() {
            return connection.toString();
        }
    }
}
