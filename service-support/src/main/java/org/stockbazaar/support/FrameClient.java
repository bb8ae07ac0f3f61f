package org.stockbazaar.support;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.IntSupplier;
import org.springframework.web.client.ResourceAccessException;

/**
 * The calling side of {@link FrameServer}, for one {@link JsonClient}: a few open connections to the other
 * service's frame port, one call at a time on each (docs/internal-frames.md).
 *
 * <p>The port comes from the other side ({@code GET /internal/frames}, through {@code portLookup}) at the first
 * call, and again when a connection to it is refused (the other side restarted, on another port) or, if the other
 * side took no frames, after {@link #RETRY_NONE_NANOS}. A pooled connection is checked without blocking before it
 * carries a call (a few microseconds; {@link IdleConnectionCheck} checks HttpClient's the same way, after a second
 * idle), so that a call is not written into a connection that the other side closed. It fails as
 * {@link JsonClient}'s calls do: a connection that could not be made is a {@link ResourceAccessException} caused
 * by a {@link ConnectException} ({@link KeepAliveHttp#failedBeforeSending}); any other I/O failure, once the call
 * may have been written, a {@link ResourceAccessException} caused by it.
 */
final class FrameClient {

    /** An answer: its HTTP status and JSON body. */
    record Answer(int status, byte[] body) {
    }

    private static final long RETRY_NONE_NANOS = Duration.ofSeconds(5).toNanos();
    private static final int UNKNOWN = -1;

    private final String host;
    private final byte[] secret;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    /** The other side's frame port, 0 if it takes none; it throws what an HTTP call to it would. */
    private final IntSupplier portLookup;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile int port = UNKNOWN;
    private volatile long portKnownAt;

    FrameClient(String host, String secret, Duration connectTimeout, Duration readTimeout, IntSupplier portLookup) {
        this.host = host;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
        this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
        this.portLookup = portLookup;
    }

    /** The answer to a request of {@code body} to {@code path}; null if the other side takes no frames. */
    Answer call(String path, byte[] body) {
        int to = port();
        if (to == 0) {
            return null;
        }
        Connection connection = idleConnection(to);
        if (connection == null) {
            try {
                connection = open(to);
            } catch (ConnectException refused) {
                // restarted on another port, or no longer taking frames: nothing was sent, ask again
                port = UNKNOWN;
                to = port();
                if (to == 0) {
                    return null;
                }
                connection = openOrFail(to);
            }
        }
        try {
            connection.out.writeUTF(path);
            connection.out.writeInt(body.length);
            connection.out.write(body);
            connection.out.flush();
            int status = connection.in.readInt();
            int length = connection.in.readInt();
            if (length < 0 || length > FrameServer.MAX_BODY) {
                throw new IOException("an answer of " + length + " bytes");
            }
            byte[] answer = new byte[length];
            connection.in.readFully(answer);
            idle.push(connection);
            return new Answer(status, answer);
        } catch (IOException e) {
            connection.close();
            throw new ResourceAccessException("I/O error on a frame for \"" + path + "\" to " + host + ":" + to
                    + ": " + e.getMessage(), e);
        }
    }

    private int port() {
        int known = port;
        if (known == UNKNOWN || known == 0 && System.nanoTime() - portKnownAt > RETRY_NONE_NANOS) {
            known = portLookup.getAsInt();
            portKnownAt = System.nanoTime();
            port = known;
        }
        return known;
    }

    /** The most recently used open connection to {@code to} that is still healthy; stale ones are closed. */
    private Connection idleConnection(int to) {
        for (Connection connection = idle.poll(); connection != null; connection = idle.poll()) {
            if (connection.port == to && connection.healthy()) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private Connection openOrFail(int to) {
        try {
            return open(to);
        } catch (ConnectException e) {
            throw new ResourceAccessException("I/O error opening a frame connection to " + host + ":" + to + ": "
                    + e.getMessage(), e);
        }
    }

    /** A new connection, the hello answered; a failure to connect is a {@link ConnectException}. */
    private Connection open(int to) throws ConnectException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
        } catch (IOException e) {
            throw new ResourceAccessException("Cannot open a socket: " + e.getMessage(), e);
        }
        try {
            channel.socket().connect(new InetSocketAddress(host, to), connectTimeoutMillis);
        } catch (IOException e) {
            Connection.close(channel);
            ConnectException refused = new ConnectException(e instanceof SocketTimeoutException
                    ? "connect timed out" : e.getMessage());
            refused.initCause(e);
            throw refused;
        }
        Connection connection = null;
        try {
            channel.socket().setTcpNoDelay(true);
            channel.socket().setSoTimeout(readTimeoutMillis);
            connection = new Connection(channel, to);
            connection.out.writeInt(FrameServer.VERSION);
            connection.out.writeInt(secret.length);
            connection.out.write(secret);
            connection.out.flush();
            int status = connection.in.readInt();
            if (status != FrameServer.OK) {
                throw new IOException("the frame port refused this service's hello with " + status
                        + ": check bazaar.internal.token");
            }
            return connection;
        } catch (IOException e) {
            if (connection != null) {
                connection.close();
            } else {
                Connection.close(channel);
            }
            // before any request: nothing of the call was sent
            ConnectException failed = new ConnectException("hello to " + host + ":" + to + " failed: "
                    + e.getMessage());
            failed.initCause(e);
            throw failed;
        }
    }

    private static final class Connection {

        private final SocketChannel channel;
        private final int port;
        private final DataInputStream in;
        private final DataOutputStream out;

        Connection(SocketChannel channel, int port) throws IOException {
            this.channel = channel;
            this.port = port;
            this.in = new DataInputStream(new BufferedInputStream(channel.socket().getInputStream()));
            this.out = new DataOutputStream(new BufferedOutputStream(channel.socket().getOutputStream()));
        }

        /** True if the other side neither closed it nor sent anything since the last answer; read without waiting. */
        boolean healthy() {
            try {
                if (in.available() > 0) {
                    return false;
                }
                channel.configureBlocking(false);
                try {
                    return channel.read(ByteBuffer.allocate(1)) == 0;
                } finally {
                    channel.configureBlocking(true);
                }
            } catch (IOException e) {
                return false;
            }
        }

        void close() {
            close(channel);
        }

        static void close(SocketChannel channel) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
