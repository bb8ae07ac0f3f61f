package org.stockbazaar.support;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
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
 * carries a call (one read that finds nothing; {@link IdleConnectionCheck} checks HttpClient's the same way, after
 * a second idle), so that a call is not written into a connection that the other side closed. It fails as
 * {@link JsonClient}'s calls do: a connection that could not be made is a {@link ResourceAccessException} caused
 * by a {@link ConnectException} ({@link KeepAliveHttp#failedBeforeSending}); any other I/O failure, once the call
 * may have been written, a {@link ResourceAccessException} caused by it.
 *
 * <p>Each connection stays in non-blocking mode and waits for its answer in a {@link Selector} of its own, so a
 * call costs the check's read, one write, one wait and one read. A blocking channel with a read timeout switches
 * itself to non-blocking and back around every timed read (two {@code fcntl} calls a switch), and the check would
 * switch it twice more: more than twice the system calls for the same call.
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
    private final long readTimeoutNanos;
    /** The other side's frame port, 0 if it takes none; it throws what an HTTP call to it would. */
    private final IntSupplier portLookup;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile int port = UNKNOWN;
    private volatile long portKnownAt;

    FrameClient(String host, String secret, Duration connectTimeout, Duration readTimeout, IntSupplier portLookup) {
        this.host = host;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
        this.readTimeoutNanos = readTimeout.toNanos();
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
            connection.request(path, body);
            Answer answer = connection.answer();
            if (connection.unasked) {
                connection.close(); // bytes after the answer: the next call cannot trust what it would read
            } else {
                idle.push(connection);
            }
            return answer;
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
            connection = new Connection(channel, to, readTimeoutNanos);
            connection.hello(secret);
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

    /** One connection in non-blocking mode, with the selector its calls wait in; used by one call at a time. */
    private static final class Connection {

        /** An answer's head: its status and its body's length. */
        private static final int HEAD = 2 * Integer.BYTES;

        private final SocketChannel channel;
        private final Selector selector;
        private final SelectionKey key;
        private final int port;
        private final long readTimeoutNanos;
        /** A request's head (the path and the body's length) is written here, then sent with the body. */
        private final ByteArrayOutputStream head = new ByteArrayOutputStream(64);
        private final DataOutputStream headOut = new DataOutputStream(head);
        /** An answer is read into this first: the head and, most often, the whole body. */
        private final ByteBuffer in = ByteBuffer.allocateDirect(16 * 1024);
        private final ByteBuffer probe = ByteBuffer.allocate(1);
        /** True once bytes came after an answer: nobody asked for them, so the connection is not used again. */
        private boolean unasked;

        Connection(SocketChannel channel, int port, long readTimeoutNanos) throws IOException {
            this.channel = channel;
            this.port = port;
            this.readTimeoutNanos = readTimeoutNanos;
            channel.configureBlocking(false);
            this.selector = Selector.open();
            try {
                this.key = channel.register(selector, SelectionKey.OP_READ);
            } catch (IOException e) {
                selector.close();
                throw e;
            }
        }

        void hello(byte[] secret) throws IOException {
            head.reset();
            headOut.writeInt(FrameServer.VERSION);
            headOut.writeInt(secret.length);
            headOut.write(secret);
            write(ByteBuffer.wrap(head.toByteArray()));
            ByteBuffer status = ByteBuffer.allocate(Integer.BYTES);
            await(SelectionKey.OP_READ);
            readFully(status);
            int answered = status.getInt(0);
            if (answered != FrameServer.OK) {
                throw new IOException("the frame port refused this service's hello with " + answered
                        + ": check bazaar.internal.token");
            }
        }

        /** Sends a request: its head and body in one gathering write as far as the socket takes them. */
        void request(String path, byte[] body) throws IOException {
            head.reset();
            headOut.writeUTF(path);
            headOut.writeInt(body.length);
            write(ByteBuffer.wrap(head.toByteArray()), ByteBuffer.wrap(body));
        }

        /**
         * Reads the answer to the request just sent: waits for it first, since it is never there at once. Bytes read
         * after it mark the connection {@link #unasked}.
         */
        Answer answer() throws IOException {
            in.clear();
            while (in.position() < HEAD) {
                await(SelectionKey.OP_READ);
                read(in);
            }
            int status = in.getInt(0);
            int length = in.getInt(Integer.BYTES);
            if (length < 0 || length > FrameServer.MAX_BODY) {
                throw new IOException("an answer of " + length + " bytes");
            }
            int have = in.position() - HEAD;
            if (have > length) {
                unasked = true;
                have = length;
            }
            byte[] body = new byte[length];
            in.flip().position(HEAD);
            in.get(body, 0, have);
            ByteBuffer rest = ByteBuffer.wrap(body, have, length - have);
            readFully(rest);
            return new Answer(status, body);
        }

        /**
         * True if the other side neither closed it nor sent anything since the last answer: one read, which
         * finds nothing on a healthy connection.
         */
        boolean healthy() {
            try {
                return channel.read(probe.clear()) == 0;
            } catch (IOException e) {
                return false;
            }
        }

        private void readFully(ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                if (read(buffer) == 0) {
                    await(SelectionKey.OP_READ);
                }
            }
        }

        private int read(ByteBuffer buffer) throws IOException {
            int n = channel.read(buffer);
            if (n < 0) {
                throw new EOFException("the other side closed the connection");
            }
            return n;
        }

        /** Writes the buffers in order, in gathering writes, waiting while the socket takes no more. */
        private void write(ByteBuffer... buffers) throws IOException {
            long left = 0;
            for (ByteBuffer buffer : buffers) {
                left += buffer.remaining();
            }
            while (left > 0) {
                long written = channel.write(buffers);
                if (written == 0) {
                    await(SelectionKey.OP_WRITE);
                }
                left -= written;
            }
        }

        /**
         * Waits until the channel can be read (or written), for at most the read timeout, as a blocking socket's
         * {@code SO_TIMEOUT} would: a {@link SocketTimeoutException} when it cannot. An interrupted caller fails
         * at once, as a blocking channel's read would (and the connection is closed, as that would close it).
         */
        private void await(int operation) throws IOException {
            if (key.interestOps() != operation) {
                key.interestOps(operation);
            }
            long deadline = System.nanoTime() + readTimeoutNanos;
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted while waiting for the other side");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("Read timed out");
                }
                if (selector.select(Math.max(1, Duration.ofNanos(left).toMillis())) > 0) {
                    selector.selectedKeys().clear();
                    if (operation == SelectionKey.OP_WRITE) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                    return;
                }
            }
        }

        void close() {
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
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
