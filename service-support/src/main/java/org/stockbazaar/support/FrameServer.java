package org.stockbazaar.support;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.method.ControllerAdviceBean;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's {@link JsonEndpoint}s that take a JSON body, served on plain connections as well as over HTTP
 * (docs/internal-frames.md): the three internal calls on a trade's path and a cache miss, without Tomcat, the
 * servlet filters and HttpClient around them, which cost a trade more than the work they carry. A caller
 * ({@link FrameClient}) learns the port from {@code GET /internal/frames}.
 *
 * <p>A connection opens with a hello (an int, the protocol version; a short byte string, the internal secret),
 * answered with an int status: 200, or 403 and the connection closed; one that says no hello within
 * {@link #HELLO_TIMEOUT} is closed. Then, one at a time, a request (the endpoint's
 * path as modified UTF-8, an int length, the JSON body) and its answer (an int HTTP status, an int length, the JSON
 * body: what the endpoint answers over HTTP, the error model included, mapped by the same
 * {@code @RestControllerAdvice} methods). Each connection has a platform thread of its own that blocks in its read,
 * so the kernel wakes the thread that serves the request: callers keep few connections, one per call in flight.
 * A connection is a blocking {@link SocketChannel}, so that once the hello is in (read with a timeout), each
 * request is one blocking read: a {@link Socket} that has once had a timeout stays non-blocking, and would read,
 * find nothing, poll and read again for every request.
 * Not started with TLS between the services ({@link InternalProperties#frames}): those calls then stay on HTTPS.
 */
final class FrameServer implements SmartLifecycle {

    static final int VERSION = 1;
    static final int OK = 200;
    /** The longest body taken; a longer one closes the connection unread (the largest batches are far smaller). */
    static final int MAX_BODY = 16 * 1024 * 1024;
    private static final int MAX_SECRET = 1024;
    /**
     * How long a new connection may take to say its hello: a caller sends it as soon as it has connected, so a
     * connection that says nothing this long is not one of our services and is closed, its thread freed.
     */
    static final Duration HELLO_TIMEOUT = Duration.ofSeconds(2);
    /** How long a stop waits for the requests being answered. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(FrameServer.class);

    private final ApplicationContext context;
    private final InternalProperties internal;
    private final JsonMapper json;
    private final String bindAddress;
    private final ObjectProvider<MeterRegistry> meters;
    private final InternalSecret secret;
    /** Each open connection, and whether it is answering a request now. */
    private final Map<SocketChannel, AtomicBoolean> connections = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private Map<String, JsonEndpoint> endpoints = Map.of();
    private List<ControllerAdviceBean> advice = List.of();
    private volatile ServerSocketChannel server;

    FrameServer(ApplicationContext context, InternalProperties internal, JsonMapper json, String bindAddress,
            ObjectProvider<MeterRegistry> meters) {
        this.context = context;
        this.internal = internal;
        this.json = json;
        this.bindAddress = bindAddress;
        this.meters = meters;
        this.secret = new InternalSecret(internal);
    }

    /** The port frames are taken on; 0 while none are (TLS between the services, frames off, or stopped). */
    int port() {
        ServerSocketChannel listening = server;
        return listening == null ? 0 : listening.socket().getLocalPort();
    }

    @Override
    public void start() {
        if (!internal.frames()) {
            return;
        }
        endpoints = context.getBeansOfType(JsonEndpoint.class).entrySet().stream()
                .filter(endpoint -> endpoint.getValue().takesFrames())
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
        if (endpoints.isEmpty()) {
            return; // nothing to take in frames (the front end answers none of the three calls)
        }
        advice = ControllerAdviceBean.findAnnotatedBeans(context);
        ServerSocketChannel listening = null;
        try {
            // the address the HTTP server binds (server.address), all of them if it is unset
            InetAddress address = bindAddress == null || bindAddress.isBlank() ? null
                    : InetAddress.getByName(bindAddress.strip());
            listening = ServerSocketChannel.open();
            listening.bind(new InetSocketAddress(address, internal.framePort()));
            server = listening;
        } catch (IOException e) {
            if (listening != null) {
                close(listening);
            }
            throw new IllegalStateException("Cannot take frames on port " + internal.framePort() + ": "
                    + e.getMessage(), e);
        }
        Thread acceptor = new Thread(this::accept, "frames-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        log.info("Taking frames for {} on port {}", endpoints.keySet(), port());
    }

    @Override
    public void stop() {
        ServerSocketChannel listening = server;
        server = null;
        if (listening != null) {
            close(listening);
        }
        // a connection between requests closes now; one answering closes once its answer is out, which stop waits
        // for (a bounded time), so that no caller finds a connection open after it
        connections.forEach((channel, busy) -> {
            if (!busy.get()) {
                close(channel);
            }
        });
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        synchronized (connections) {
            while (!connections.isEmpty() && deadline - System.nanoTime() > 0) {
                try {
                    connections.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        connections.keySet().forEach(FrameServer::close);
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /**
     * Between the web server ({@code DEFAULT_PHASE - 2048}) and the order replica's lifecycle
     * ({@code DEFAULT_PHASE - 3072}, which closes its log as it stops). Started before the web server, so that by the
     * time {@code GET /internal/frames} answers the port is open and no caller is told "none" by a service that is
     * starting; stopped after it (lifecycles stop from the highest phase down) and before the replica, so that the
     * trades taken in frames are answered while the log is still open.
     */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 2560;
    }

    private void accept() {
        ServerSocketChannel listening = server;
        while (listening != null && listening.isOpen()) {
            try {
                SocketChannel channel = listening.accept();
                channel.socket().setTcpNoDelay(true);
                connections.put(channel, new AtomicBoolean());
                Thread serving = new Thread(() -> serve(channel), "frames-" + channel.socket().getPort());
                serving.setDaemon(true);
                serving.start();
            } catch (IOException e) {
                if (listening.isOpen()) {
                    log.warn("Accepting a frame connection failed: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            Socket socket = channel.socket();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            socket.setSoTimeout(Math.toIntExact(HELLO_TIMEOUT.toMillis()));
            if (!hello(in, out)) {
                return;
            }
            // from here on a caller that knows the secret: a connection waits for its next request as long as the
            // caller keeps it in its pool
            socket.setSoTimeout(0);
            AtomicBoolean busy = connections.get(channel);
            while (server != null) {
                String path = in.readUTF();
                busy.set(true);
                int length = in.readInt();
                if (length < 0 || length > MAX_BODY) {
                    log.warn("A frame for {} of {} bytes: connection closed", path, length);
                    return;
                }
                byte[] body = new byte[length];
                in.readFully(body);
                long start = System.nanoTime();
                Answer answer = answer(path, body);
                // timed before it is sent, so that a caller that has its answer finds it counted
                timer(path, answer.status()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                out.writeInt(answer.status());
                out.writeInt(answer.body().length);
                out.write(answer.body());
                out.flush();
                busy.set(false);
            }
        } catch (EOFException | SocketException | ClosedChannelException e) {
            // the caller closed the connection, or this service is stopping
        } catch (IOException e) {
            log.debug("A frame connection failed: {}", e.getMessage());
        } finally {
            synchronized (connections) {
                connections.remove(channel);
                connections.notifyAll();
            }
        }
    }

    private boolean hello(DataInputStream in, DataOutputStream out) throws IOException {
        int version = in.readInt();
        int length = in.readInt();
        if (length < 0 || length > MAX_SECRET) {
            return false;
        }
        byte[] presented = new byte[length];
        in.readFully(presented);
        boolean ok = version == VERSION;
        try {
            // the comparison every /internal endpoint makes (in constant time)
            secret.check(new String(presented, StandardCharsets.UTF_8), "frames");
        } catch (ApiException wrong) {
            ok = false;
        }
        out.writeInt(ok ? OK : HttpStatus.FORBIDDEN.value());
        out.flush();
        return ok;
    }

    private record Answer(int status, byte[] body) {
    }

    private Answer answer(String path, byte[] body) {
        JsonEndpoint endpoint = endpoints.get(path);
        try {
            if (endpoint == null) {
                throw ApiException.noSuchEndpoint();
            }
            return new Answer(OK, json.writeValueAsBytes(endpoint.answerFrame(body)));
        } catch (RuntimeException e) {
            ResponseEntity<?> error = errorFor(e);
            return new Answer(error.getStatusCode().value(), json.writeValueAsBytes(error.getBody()));
        } finally {
            // what a controller put in the logging context (TradeLog), as the HTTP filter clears it
            MDC.remove(TradeLog.KEY);
        }
    }

    /** What the application's {@code @RestControllerAdvice} answers for {@code e}, as over HTTP. */
    private ResponseEntity<?> errorFor(RuntimeException e) {
        for (ControllerAdviceBean bean : advice) {
            Method method = new ExceptionHandlerMethodResolver(bean.getBeanType()).resolveMethodByThrowable(e);
            if (method != null && method.getParameterCount() == 1
                    && method.getParameterTypes()[0].isInstance(e)) {
                try {
                    method.setAccessible(true);
                    if (method.invoke(bean.resolveBean(), e) instanceof ResponseEntity<?> entity) {
                        return entity;
                    }
                } catch (IllegalAccessException | InvocationTargetException failed) {
                    log.error("Mapping an error of a frame failed", failed);
                }
            }
        }
        return ApiErrorAdvice.unhandled(e);
    }

    /** The request timer of an endpoint ({@code UNKNOWN} for a path that is none) and status. */
    private Timer timer(String path, int status) {
        String uri = endpoints.containsKey(path) ? path : "UNKNOWN";
        return timers.computeIfAbsent(uri + " " + status, key -> Timer.builder("bazaar.internal.frames")
                .description("Requests taken in frames (docs/internal-frames.md), by endpoint and status")
                .tag("uri", uri).tag("status", Integer.toString(status))
                .register(meters.getIfAvailable(SimpleMeterRegistry::new)));
    }

    private static void close(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
