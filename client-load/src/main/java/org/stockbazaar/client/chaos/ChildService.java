package org.stockbazaar.client.chaos;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.Map;

/**
 * One service jar the harness started itself, as its own child process on 127.0.0.1 with its own log file
 * (appended across restarts). Signals go only to that child's PID: the harness never touches a process it did not
 * start.
 */
final class ChildService {

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;
    private boolean paused;

    ChildService(String name, Path jar, int port, Map<String, String> environment, Path log) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = environment;
        this.log = log;
    }

    String name() {
        return name;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    Path log() {
        return log;
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the process without waiting for it to be ready. */
    synchronized void launch() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        process = ServiceJars.launch(name, jar, port, environment, log);
        paused = false;
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook, no flush. Waits until the process is gone. */
    void kill9() throws InterruptedException {
        Process current;
        synchronized (this) {
            current = process;
        }
        if (current != null && current.isAlive()) {
            current.destroyForcibly();
            current.waitFor();
        }
    }

    /** SIGSTOP: the process stays, its sockets stay open, and nothing answers (a slow or hung JVM). */
    synchronized void pause() throws InterruptedException {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause}. */
    synchronized void resume() throws InterruptedException {
        if (paused) {
            signal("CONT");
            paused = false;
        }
    }

    private void signal(String signal) throws InterruptedException {
        if (!alive()) {
            throw new IllegalStateException(name + " is not running");
        }
        ServiceJars.signal(process, signal);
    }

    /** Ends the process at the end of a run (SIGCONT first if it is paused, so it can exit). */
    void stop() throws InterruptedException {
        if (alive()) {
            resume();
            kill9();
        }
    }

    boolean ready() throws InterruptedException {
        return ServiceJars.ready(url());
    }

    /** Polls readiness until it answers 200; fails if the process exits or {@code within} passes. */
    void awaitReady(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!ready()) {
            if (!alive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(name + " not ready after " + within.toSeconds() + " s; see " + log);
            }
            Thread.sleep(100);
        }
    }

    long logSize() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The log written since {@code offset} (a byte position from {@link #logSize}). */
    String logSince(long offset) {
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
}
