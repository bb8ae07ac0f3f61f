package org.stockbazaar.client.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Service jars run as child processes on 127.0.0.1, as a user runs them ({@code java -jar}), for the chaos harness
 * and the system tests. Signals go only to a {@link Process} the caller started: its PID cannot be recycled while the
 * process lives, so no other process is ever touched.
 */
public final class ServiceJars {

    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private ServiceJars() {
    }

    /**
     * Starts {@code jar} on {@code port} with {@code environment} added to this JVM's, its output appended to
     * {@code log} (so a restart keeps the earlier runs' lines). Does not wait for it to be ready.
     */
    public static Process launch(String name, Path jar, int port, Map<String, String> environment, Path log) {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(), "--server.port=" + port);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * Sends {@code signal} ({@code STOP}, {@code CONT}) to {@code process} with {@code kill}, and fails if
     * {@code kill} does.
     */
    public static void signal(Process process, String signal) throws InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException("process " + process.pid() + " is not running");
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

    /** Whether the service at {@code url} answers its Actuator readiness probe with 200 within a second. */
    public static boolean ready(URI url) throws InterruptedException {
        try {
            HttpRequest readiness = HttpRequest.newBuilder(url.resolve("/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(1)).build();
            return PROBE.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
