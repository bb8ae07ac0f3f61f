package org.stockbazaar.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.stockbazaar.client.chaos.ServiceJars;

/**
 * One service jar running as its own process on 127.0.0.1, as a user would run it: {@code java -jar}, its own log
 * file (appended across restarts), killed with SIGKILL when a test wants a crash.
 */
final class ServiceProcess {

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path log) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = environment;
        this.log = log;
    }

    ServiceProcess start() {
        launch();
        awaitReady();
        return this;
    }

    /** Starts the process without waiting for it to be ready (replicas start together: each waits for the others). */
    void launch() {
        process = ServiceJars.launch(name, jar, port, environment, log);
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook, no flush, nothing the service can do about it. */
    void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: the process stops where it is, its sockets open, answering nothing until {@link #resume}. */
    void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause}. */
    void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            ServiceJars.signal(process, name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for a process that should stop by itself (a refused start) and returns its exit code. */
    int awaitExit(Duration atMost) {
        try {
            if (!process.waitFor(atMost.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " still running after " + atMost + "; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    String name() {
        return name;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void awaitReady() {
        await(name + " ready on port " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + log);
                    }
                    return ServiceJars.ready(url());
                });
    }
}
