package org.stockbazaar.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 written by hand on a socket, for what an HTTP client would refuse to send or would tidy up first: dot
 * segments and bad percent-encodings in paths, conflicting or malformed headers, bodies that lie about their size.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code request} as it is (ISO-8859-1, so every char is one byte) and reads the one response. */
    static Response send(URI server, String request) {
        try (Socket socket = connect(server)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("no answer to " + request.lines().findFirst().orElse(""), e);
        }
    }

    static Socket connect(URI server) throws IOException {
        Socket socket = new Socket(server.getHost(), server.getPort());
        socket.setSoTimeout(30_000);
        return socket;
    }

    /**
     * Reads one response, as far as its own framing says (Content-Length or chunks), not until the server closes: a
     * server that refused a request before reading its body may keep the connection open a while to drain it.
     */
    static Response read(InputStream in) throws IOException {
        String head = line(in);
        if (!head.startsWith("HTTP/1.1 ")) {
            throw new AssertionError("not an HTTP/1.1 response: " + head);
        }
        Map<String, String> headers = new TreeMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0;
                    size = Integer.parseInt(line(in).trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            body.write(in.readAllBytes());
        }
        return new Response(Integer.parseInt(head.substring(9, 12)), headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed in the middle of a response: " + line);
            }
            line.append((char) c);
        }
        return line.toString().replaceFirst("\r$", "");
    }

    /** A request with {@code Connection: close}, a Host header and, if {@code body} is not null, its length. */
    static String request(String method, String path, Map<String, String> headers, String body) {
        StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        if (body != null && headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("Transfer-Encoding")
                || name.equalsIgnoreCase("Content-Length"))) {
            request.append("Content-Length: ").append(body.getBytes(StandardCharsets.ISO_8859_1).length)
                    .append("\r\n");
        }
        return request.append("\r\n").append(body == null ? "" : body).toString();
    }

    record Response(int status, Map<String, String> headers, String body) {
    }
}
