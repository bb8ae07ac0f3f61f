package org.stockbazaar.client.probe;

import static org.stockbazaar.client.cli.Usage.require;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.stockbazaar.client.api.BazaarConnection;
import org.stockbazaar.client.cli.HttpUrlConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the load client's HTTP connection costs by itself: the same GET sent one after another on one keep-alive
 * connection, once through {@link BazaarConnection} and once through the plainest client there is (a socket that
 * writes a fixed request and reads the answer by its length or its chunks), alternating in rounds so that neither
 * gets the warmer server. The difference of the two is the client's own cost per request.
 */
@Command(name = "probe", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Measure the load client's own cost per request against a plain keep-alive client.",
        description = {
            "Sends GET PATH one request at a time on one keep-alive connection, in ROUNDS rounds of REQUESTS: each "
                    + "round once through the load client's connection and once through a plain socket client "
                    + "(a fixed request, the answer read by its length or chunks). Prints each client's p50, p99 "
                    + "and requests/s for the first round (cold) and for the last (warm), and the difference of "
                    + "the p50s: what the load client adds to every request it times.",
            "",
            "The endpoint should answer fast and the same every time: the front end's cache hit "
                    + "(/stocks/GameStart, looked up once before) is the default. scripts/bench-client.sh "
                    + "runs it beside wrk."},
        footer = {"", "Example:", "  client-load probe --url http://127.0.0.1:8091 --requests 20000 --rounds 3"})
public final class ProbeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", converter = HttpUrlConverter.class, defaultValue = "http://127.0.0.1:8091",
            paramLabel = "URL",
            description = "The server. Default: ${DEFAULT-VALUE}.")
    private URI url;

    @Option(names = "--path", defaultValue = "/stocks/GameStart", paramLabel = "PATH",
            description = "What to GET. Default: ${DEFAULT-VALUE}.")
    private String path;

    @Option(names = "--requests", defaultValue = "20000", paramLabel = "N",
            description = "Requests per client per round. Default: ${DEFAULT-VALUE}.")
    private int requests;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
            description = "Rounds; the first is reported as cold, the last as warm (one round: reported once). "
                    + "Default: ${DEFAULT-VALUE}.")
    private int rounds;

    @Override
    public Integer call() throws Exception {
        require(spec, requests >= 1, "--requests must be at least 1");
        require(spec, rounds >= 1, "--rounds must be at least 1");
        require(spec, path.startsWith("/stocks/") && path.length() > "/stocks/".length(),
                "--path must be /stocks/NAME: the load client sends lookups there");
        String stock = path.substring("/stocks/".length());
        PrintWriter out = spec.commandLine().getOut();
        BazaarConnection connection = new BazaarConnection(url, Duration.ofSeconds(10));
        try (PlainClient plain = new PlainClient(url, path)) {
            Round first = null;
            Round last = null;
            for (int round = 1; round <= rounds; round++) {
                Histogram mine = new Histogram(3);
                long mineStart = System.nanoTime();
                for (int i = 0; i < requests; i++) {
                    long from = System.nanoTime();
                    BazaarConnection.Reply reply = connection.lookup(stock);
                    mine.recordValue(System.nanoTime() - from);
                    if (!reply.ok()) {
                        throw new IllegalStateException(path + " answered " + reply.status() + ": " + reply.problem());
                    }
                }
                long mineNanos = System.nanoTime() - mineStart;
                Histogram theirs = new Histogram(3);
                long theirStart = System.nanoTime();
                for (int i = 0; i < requests; i++) {
                    long from = System.nanoTime();
                    plain.get();
                    theirs.recordValue(System.nanoTime() - from);
                }
                Round now = new Round(mine, mineNanos, theirs, System.nanoTime() - theirStart);
                first = first == null ? now : first;
                last = now;
            }
            out.println(first.describe(rounds == 1 ? "one round" : "cold (round 1)", requests));
            if (rounds > 1) {
                out.println(last.describe("warm (round " + rounds + ")", requests));
            }
        }
        return 0;
    }

    private record Round(Histogram mine, long mineNanos, Histogram plain, long plainNanos) {

        String describe(String which, int requests) {
            return String.format(Locale.ROOT, "%-16s client-load p50 %6.1f us  p99 %7.1f us  %7.0f req/s | "
                            + "plain socket p50 %6.1f us  p99 %7.1f us  %7.0f req/s | added at p50: %5.1f us",
                    which, mine.getValueAtPercentile(50) / 1e3, mine.getValueAtPercentile(99) / 1e3,
                    requests * 1e9 / mineNanos, plain.getValueAtPercentile(50) / 1e3,
                    plain.getValueAtPercentile(99) / 1e3, requests * 1e9 / plainNanos,
                    (mine.getValueAtPercentile(50) - plain.getValueAtPercentile(50)) / 1e3);
        }
    }

    /** HTTP/1.1 GET of one path, kept alive; reconnects when the server says it closes the connection. */
    private static final class PlainClient implements AutoCloseable {

        private final URI url;
        private final byte[] request;
        private Socket socket;
        private OutputStream out;
        private InputStream in;

        PlainClient(URI url, String path) {
            this.url = url;
            this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }

        void get() throws IOException {
            if (socket == null) {
                socket = new Socket(url.getHost(), url.getPort());
                socket.setTcpNoDelay(true);
                out = socket.getOutputStream();
                in = new BufferedInputStream(socket.getInputStream());
            }
            out.write(request);
            out.flush();
            int length = -1;
            boolean chunked = false;
            boolean closing = false;
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closing = true;
                }
            }
            if (chunked) {
                for (int size = Integer.parseInt(readLine(), 16); size > 0; size = Integer.parseInt(readLine(), 16)) {
                    in.readNBytes(size);
                    readLine();
                }
                readLine();
            } else if (length >= 0) {
                in.readNBytes(length);
            } else {
                throw new IOException("the plain client needs a Content-Length or a chunked answer");
            }
            if (closing) {
                close();
            }
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed mid-answer");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }
    }
}
