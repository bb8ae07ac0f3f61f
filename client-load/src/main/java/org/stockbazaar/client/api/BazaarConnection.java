package org.stockbazaar.client.api;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One client's HTTP/1.1 keep-alive connection to a Stock Bazaar service: the front end, the catalog (whose
 * {@code GET /stocks/{name}} answers alike), or an order replica's internal endpoints (the chaos harness). Requests
 * go one at a time (a session sends one, waits for its answer, then sends the next), on the calling thread.
 *
 * <p>Hand-written on a socket, deliberately: a load client times the server, so its own cost per request has to be
 * small beside a lookup that the front end answers in well under 100 microseconds. The JDK's {@code HttpClient}
 * hands every exchange to other threads and back and cost more than the lookup it timed; Apache HttpClient 5 (what
 * the services call each other with) still cost several times what this does per request (figures in
 * docs/performance.md, "The load client's own cost"). What this needs of HTTP is small: our
 * own services' answers, with a Content-Length or chunked, kept alive until the server says {@code Connection:
 * close} (Tomcat does after 100 requests on one connection).
 *
 * <p>A connection idle for a second is checked before reuse (the server may have closed it meanwhile). A GET that
 * fails on a reused connection before any answer arrived is sent once more on a new one; a POST never is: a trade
 * is repeated only by a caller that sends an {@code Idempotency-Key}.
 *
 * <p>One class: a connection's state (the socket, its buffered input, when it was last used) is what every part of
 * reading and writing an exchange needs.
 */
public final class BazaarConnection {

    static final String INTERNAL_HEADER = "X-Bazaar-Internal-Token";
    /** The header with which the front end says whether a lookup came from its cache ({@code hit}) or not. */
    static final String CACHE_HEADER = "X-Cache";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long IDLE_CHECK_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int MAX_HEADER_LINE = 8192;

    private final URI base;
    private final String host;
    private final int timeoutMillis;
    private final int connectTimeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long lastUsedNanos;

    public BazaarConnection(URI base, Duration timeout) {
        this(base, timeout, timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5));
    }

    public BazaarConnection(URI base, Duration timeout, Duration connectTimeout) {
        if (!"http".equals(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("not an http://host:port URL: " + base);
        }
        this.base = base;
        this.host = base.getHost() + ":" + port(base);
        this.timeoutMillis = (int) Math.max(1, timeout.toMillis());
        this.connectTimeoutMillis = (int) Math.max(1, connectTimeout.toMillis());
    }

    public Reply lookup(String stock) throws InterruptedException {
        return send("GET", "/stocks/" + stock, null, null, null);
    }

    public Reply trade(String stock, String type, long quantity) throws InterruptedException {
        return send("POST", "/orders", null, null, tradeBody(stock, type, quantity));
    }

    /** A trade that is safe to send again: the front end recognises its key and never trades twice. */
    public Reply trade(String idempotencyKey, String stock, String type, long quantity) throws InterruptedException {
        return send("POST", "/orders", "Idempotency-Key", idempotencyKey, tradeBody(stock, type, quantity));
    }

    private static byte[] tradeBody(String stock, String type, long quantity) {
        return JSON.writeValueAsBytes(Map.of("name", stock, "quantity", quantity, "type", type));
    }

    public Reply order(long number) throws InterruptedException {
        return send("GET", "/orders/" + number, null, null, null);
    }

    /** An internal endpoint of the front end (the cache listing), with the run's shared secret. */
    public Reply internal(String path, String token) throws InterruptedException {
        return send("GET", path, INTERNAL_HEADER, token, null);
    }

    private synchronized Reply send(String method, String path, String headerName, String headerValue, byte[] body)
            throws InterruptedException {
        byte[] request = request(method, base.resolve(path).getRawPath(), headerName, headerValue, body);
        Reply reply;
        try {
            boolean reused = socket != null && usable();
            try {
                reply = exchange(request);
            } catch (StaleConnection e) {
                // the server closed a kept-alive connection before this request reached it
                if (!reused || !"GET".equals(method)) {
                    throw e.getCause();
                }
                reply = exchange(request);
            }
        } catch (IOException e) {
            disconnect();
            reply = Reply.noAnswer(e.toString());
        }
        // blocking socket I/O does not wake on an interrupt; a caller that was interrupted meanwhile learns it here
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return reply;
    }

    private byte[] request(String method, String path, String headerName, String headerValue, byte[] body) {
        StringBuilder head = new StringBuilder(160).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n");
        if (headerName != null) {
            head.append(headerName).append(": ").append(headerValue).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        if (body == null) {
            return headBytes;
        }
        byte[] whole = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, whole, 0, headBytes.length);
        System.arraycopy(body, 0, whole, headBytes.length, body.length);
        return whole;
    }

    /** True if the open connection may be reused; closes it if the server has closed its end. */
    private boolean usable() throws IOException {
        if (System.nanoTime() - lastUsedNanos < IDLE_CHECK_NANOS) {
            return true;
        }
        socket.setSoTimeout(1);
        try {
            in.mark(1);
            int next = in.read();
            if (next < 0) {
                disconnect();
                return false;
            }
            in.reset();
            return true;
        } catch (SocketTimeoutException nothingToRead) {
            return true;
        } finally {
            if (socket != null) {
                socket.setSoTimeout(timeoutMillis);
            }
        }
    }

    private Reply exchange(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(request);
            out.flush();
        } catch (IOException e) {
            disconnect();
            throw new StaleConnection(e);
        }
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException slow) {
            throw slow;
        } catch (IOException e) {
            // reset: the server had closed the connection, and the request reached no one
            disconnect();
            throw new StaleConnection(e);
        }
        if (first < 0) {
            disconnect();
            throw new StaleConnection(new EOFException("connection closed before an answer"));
        }
        String statusLine = (char) first + readLine();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x answer: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean closing = "HTTP/1.0".equals(parts[0]);
        String cache = null;
        String key = null;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closing = value.toLowerCase(Locale.ROOT).contains("close");
                case "x-cache" -> cache = value;
                case "idempotency-key" -> key = value;
                default -> {
                }
            }
        }
        byte[] body;
        if (chunked) {
            body = readChunked();
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new EOFException("connection closed mid-answer");
            }
        } else {
            // neither: the body runs to the end of the connection
            body = in.readAllBytes();
            closing = true;
        }
        lastUsedNanos = System.nanoTime();
        if (closing) {
            disconnect();
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return new Reply(status, parse(text), text, cache, key);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                // trailers, then the empty line
                for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                    // none of ours send trailers; read past any
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("connection closed mid-answer");
            }
            body.write(chunk);
            readLine();
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed mid-answer");
            }
            if (c != '\r') {
                if (line.length() >= MAX_HEADER_LINE) {
                    throw new IOException("answer line longer than " + MAX_HEADER_LINE + " bytes");
                }
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private void connect() throws IOException {
        Socket opened = new Socket();
        try {
            opened.setTcpNoDelay(true);
            opened.connect(new InetSocketAddress(base.getHost(), port(base)), connectTimeoutMillis);
            opened.setSoTimeout(timeoutMillis);
            in = new BufferedInputStream(opened.getInputStream(), 8192);
            out = new BufferedOutputStream(opened.getOutputStream(), 2048);
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        socket = opened;
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that was wanted
            }
            socket = null;
        }
    }

    private static int port(URI url) {
        return url.getPort() >= 0 ? url.getPort() : 80;
    }

    private static JsonNode parse(String text) {
        try {
            return text.isEmpty() ? null : JSON.readTree(text);
        } catch (JacksonException e) {
            // kept as text: a reply that is not JSON is the server's error, and shows in the report as such
            return null;
        }
    }

    /** The server closed a reused connection before it took the request: nothing of it was processed. */
    private static final class StaleConnection extends IOException {

        StaleConnection(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /**
     * The front end's answer: {@code {"data":{...}}} on success, {@code {"error":{"code","message"}}} otherwise.
     * Status 0 means no HTTP answer came back; {@code text} then says why. {@code cache} is the front end's
     * {@code X-Cache} header ({@code hit} or {@code miss} on a lookup), or null where it sent none. {@code key} is
     * its {@code Idempotency-Key} header: on an answer to an order, the order's request id, the one the front end
     * made for an order sent without a key included; null where it sent none.
     */
    public record Reply(int status, JsonNode body, String text, String cache, String key) {

        static Reply noAnswer(String why) {
            return new Reply(0, null, why, null, null);
        }

        public boolean ok() {
            return status == 200;
        }

        /** The {@code data} object, or a missing node (every {@code path(...)} of which is missing too). */
        public JsonNode data() {
            return body == null ? JSON.missingNode() : body.path("data");
        }

        /** What went wrong, in a few words: the error message if the body has one, else the text. */
        public String problem() {
            if (body != null && body.path("error").has("message")) {
                return body.path("error").path("message").asString();
            }
            // one line: the problem goes into a CSV cell and a table row
            String shown = text == null ? "" : text.strip().replaceAll("\\s+", " ");
            return shown.length() > 200 ? shown.substring(0, 200) + "..." : shown;
        }
    }
}
