package org.stockbazaar.client.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service jar run as its own child process on 127.0.0.1, as a user runs it ({@code java -jar}), its output
 * appended to its own log file (a restart keeps the earlier runs' lines): the chaos harness's stack and the system
 * tests' stack are made of these. Signals go only to the {@link Process} this object started: its PID cannot be
 * recycled while the process lives, so no other process is ever touched.
 *
 * <p>What each way of disturbing it is to the service: {@link #kill9} a crash (SIGKILL: no shutdown hook, no
 * flush), {@link #stop} an operator's stop (SIGTERM: Spring Boot's graceful shutdown, as {@code scripts/stop-local.sh}
 * and a container stop send it), {@link #pause} a hung JVM (SIGSTOP: its sockets stay open and nothing answers)
 * until {@link #resume}.
 *
 * <p>One class because every one of those actions, the wait for readiness and the log readers act on the same
 * process and its paused state; with the jar lookup and free-port finder beside them, a harness needs no other type
 * to run a stack.
 */
public final class ServiceProcess {

    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private final String name;
    private final Path jar;
    private final URI url;
    private final HttpClient probe;
    private final Map<String, String> environment;
    private final Path log;
    private final Duration readyWithin;
    private Process process;
    private boolean paused;

    /**
     * @param environment added to this JVM's environment
     * @param readyWithin how long {@link #awaitReady} waits for the readiness probe before it fails
     */
    public ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path log,
            Duration readyWithin) {
        this(name, jar, URI.create("http://127.0.0.1:" + port), environment, log, readyWithin, PROBE);
    }

    /**
     * A service listening at {@code url}'s address and port ({@code server.address}, {@code server.port}), probed
     * for readiness with {@code probe}: an address of its own stands in for a host of its own, and an {@code https}
     * URL needs a probe that trusts the service's certificate.
     */
    public ServiceProcess(String name, Path jar, URI url, Map<String, String> environment, Path log,
            Duration readyWithin, HttpClient probe) {
        this.name = name;
        this.jar = jar;
        this.url = url;
        this.probe = probe;
        this.environment = environment;
        this.log = log;
        this.readyWithin = readyWithin;
    }

    /**
     * {@code <module>/target/<module>-<version>.jar} under {@code root}, the jar Maven packages; fails, saying how
     * to build it, where there is none.
     */
    public static Path jar(Path root, String module, String version) {
        Path jar = root.resolve(module + "/target/" + module + "-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no " + jar + ": build the services first "
                    + "(./mvnw -B -pl catalog-service,order-service,frontend-service -am package -DskipTests)");
        }
        return jar;
    }

    /** A port of 127.0.0.1 that nothing listened on a moment ago, for a service to start on. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public URI url() {
        return url;
    }

    public Path log() {
        return log;
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the process without waiting for it to be ready (the replicas start together: each is ready only once it
     * has synced up with a majority of them).
     */
    public synchronized void launch() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dspring.aot.enabled=true",
                "-jar", jar.toString(), "--server.address=" + url.getHost(), "--server.port=" + url.getPort());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        paused = false;
    }

    /** {@link #launch}, then {@link #awaitReady}. */
    public void start() throws InterruptedException {
        launch();
        awaitReady();
    }

    /** Whether it answers its Actuator readiness probe with 200 within a second. */
    public boolean ready() throws InterruptedException {
        try {
            HttpRequest readiness = HttpRequest.newBuilder(url().resolve("/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(1)).build();
            return probe.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls readiness until it answers 200; fails if the process exits or the constructor's time passes first. */
    public void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + readyWithin.toNanos();
        while (!ready()) {
            Process current = current();
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException(name + " exited" + (current == null ? ""
                        : " with " + current.exitValue()) + "; see " + log);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(name + " not ready at " + url + " after "
                        + readyWithin.toSeconds() + " s; see " + log);
            }
            Thread.sleep(100);
        }
    }

    /** Waits for a process that should end by itself (a refused start) and returns its exit code. */
    public int awaitExit(Duration atMost) throws InterruptedException {
        Process current = current();
        if (!current.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " still running after " + atMost + "; see " + log);
        }
        return current.exitValue();
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook, no flush; a paused process ends too. Waits until it is gone. */
    public void kill9() throws InterruptedException {
        Process current = current();
        if (current != null && current.isAlive()) {
            current.destroyForcibly();
            current.waitFor();
        }
        synchronized (this) {
            paused = false;
        }
    }

    /**
     * SIGTERM: Spring Boot's graceful shutdown (requests in flight finish). Waits until the process has exited. A
     * paused process is resumed first: a stopped JVM would act on the signal only once continued.
     */
    public void stop() throws InterruptedException {
        Process current = current();
        if (current != null && current.isAlive()) {
            resume();
            current.destroy();
            current.waitFor();
        }
    }

    /** SIGSTOP: the process stays where it is, its sockets open, and answers nothing until {@link #resume}. */
    public synchronized void pause() throws InterruptedException {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause}; nothing if it is not paused. */
    public synchronized void resume() throws InterruptedException {
        if (paused) {
            signal("CONT");
            paused = false;
        }
    }

    /** Sends {@code signal} with {@code kill} to this process only, and fails if {@code kill} does. */
    private void signal(String signal) throws InterruptedException {
        if (!alive()) {
            throw new IllegalStateException(name + " is not running");
        }
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
                    .redirectErrorStream(true).start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole log file, every run's lines. */
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log's length in bytes, 0 if there is none yet: a position for {@link #logSince}. */
    public long logSize() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The log written since {@code offset} (a byte position from {@link #logSize}), at most 1 MB of it. */
    public String logSince(long offset) {
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            long size = channel.size();
            if (size <= offset) {
                return "";
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - offset, 1 << 20));
            channel.position(offset);
            channel.read(buffer);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private synchronized Process current() {
        return process;
    }
}
