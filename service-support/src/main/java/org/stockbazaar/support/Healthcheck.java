package org.stockbazaar.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;

/**
 * A container's HEALTHCHECK command: exits 0 if the service at {@code $SERVER_ADDRESS:$SERVER_PORT} (or the URL given
 * as the argument) reports itself ready, 1 otherwise. The address is the one the service binds to (the same
 * environment variable sets {@code server.address}), or 127.0.0.1 for none or a wildcard ({@link BindAddress}). A
 * Java class rather than curl or wget because the Dockerfile's base image may be any Java runtime image, and none of them promises either tool
 * (eclipse-temurin's newer images dropped curl). Kept free of Spring so that the JVM starts it in a fraction of a
 * second.
 */
public final class Healthcheck {

    static final String READINESS = "/actuator/health/readiness";
    private static final int TIMEOUT_MILLIS = 2_000;

    private Healthcheck() {
    }

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : readinessUrl(System.getenv());
        int status = status(url);
        if (status != 200) {
            System.err.println(url + (status < 0 ? " did not answer" : " answered " + status));
        }
        System.exit(status == 200 ? 0 : 1);
    }

    /** The readiness URL of the service configured by {@code env} ({@code SERVER_ADDRESS}, {@code SERVER_PORT}). */
    static String readinessUrl(Map<String, String> env) {
        return "http://" + BindAddress.urlHost(env.get("SERVER_ADDRESS")) + ":" + env.get("SERVER_PORT") + READINESS;
    }

    /** The HTTP status of a GET of {@code url}, or -1 if it did not answer in time. */
    static int status(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            try (InputStream body = connection.getResponseCode() < 400
                    ? connection.getInputStream() : connection.getErrorStream()) {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        }
    }
}
