package org.stockbazaar.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.stockbazaar.client.launch.ServiceProcess;

/**
 * A stack of its own with every service on its own loopback address, standing in for a host of its own: the
 * catalog on 127.0.0.2, the replicas on 127.0.0.3 to 127.0.0.5, two front ends on 127.0.0.6 and 127.0.0.7. Every
 * address is configuration, as between real hosts. With TLS, every service runs the {@code tls} profile with a
 * throw-away CA's certificate made by {@code scripts/make-certs.sh}, every address is {@code https}, and this
 * stack's clients trust that CA alone.
 */
final class HostsStack implements Deployment, AutoCloseable {

    final String token = UUID.randomUUID().toString();
    final ServiceProcess catalog;
    final List<ServiceProcess> replicas = new ArrayList<>();
    final List<ServiceProcess> frontends = new ArrayList<>();
    /** Trusts the stack's CA with TLS on; the JDK's defaults without. */
    final HttpClient http;
    final Api api;
    private final Path runDir;

    HostsStack(String name, boolean tls) {
        runDir = Path.of(System.getProperty("bazaar.workdir", "target/system-runs")).resolve(name + "-" + token);
        try {
            Files.createDirectories(runDir.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String scheme = tls ? "https" : "http";
        Map<String, String> common = new HashMap<>(Map.of("BAZAAR_INTERNAL_TOKEN", token));
        if (tls) {
            Path certs = runDir.resolve("certs");
            makeCerts(certs);
            common.putAll(Map.of("SPRING_PROFILES_ACTIVE", "tls",
                    "BAZAAR_TLS_KEYSTORE", certs.resolve("keystore.p12").toAbsolutePath().toString(),
                    "BAZAAR_TLS_TRUSTSTORE", certs.resolve("truststore.p12").toAbsolutePath().toString(),
                    "BAZAAR_TLS_PASSWORD", read(certs.resolve("password"))));
            http = Api.client().sslContext(trusting(certs.resolve("truststore.p12"), read(certs.resolve("password"))))
                    .build();
        } else {
            http = Api.client().build();
        }
        api = new Api(token, http);

        URI catalogUrl = url(scheme, 2);
        List<URI> replicaUrls = List.of(url(scheme, 3), url(scheme, 4), url(scheme, 5));
        String replicaList = IntStream.rangeClosed(1, 3).mapToObj(id -> id + "=" + replicaUrls.get(id - 1))
                .collect(Collectors.joining(","));
        catalog = service("catalog", "catalog-service", catalogUrl, common,
                Map.of("BAZAAR_CATALOG_DATA_DIR", runDir.resolve("data/catalog").toString()));
        for (int id = 1; id <= 3; id++) {
            replicas.add(service("order-" + id, "order-service", replicaUrls.get(id - 1), common, Map.of(
                    "ORDER_ID", String.valueOf(id), "ORDER_PEERS", replicaList,
                    "BAZAAR_ORDER_DATA_DIR", runDir.resolve("data/order-" + id).toString(),
                    "BAZAAR_ORDER_CATALOG_URL", catalogUrl.toString(),
                    "BAZAAR_ORDER_NEW_CLUSTER", "true")));
        }
        for (int host = 6; host <= 7; host++) {
            frontends.add(service("frontend-" + (host - 5), "frontend-service", url(scheme, host), common, Map.of(
                    "BAZAAR_FRONTEND_CATALOG_URL", catalogUrl.toString(),
                    "BAZAAR_FRONTEND_REPLICAS", replicaList)));
        }
    }

    /** Starts every service: the replicas together (each is ready once a majority of them is up), then the front ends. */
    HostsStack start() throws InterruptedException {
        catalog.start();
        replicas.forEach(ServiceProcess::launch);
        for (ServiceProcess replica : replicas) {
            replica.awaitReady();
        }
        frontends.forEach(ServiceProcess::launch);
        for (ServiceProcess frontend : frontends) {
            frontend.awaitReady();
        }
        return this;
    }

    @Override
    public String internalToken() {
        return token;
    }

    @Override
    public URI frontendUrl() {
        return frontends.getFirst().url();
    }

    @Override
    public URI replicaUrl(int id) {
        return replicas.get(id - 1).url();
    }

    @Override
    public boolean replicaRunning(int id) {
        return replicas.get(id - 1).alive();
    }

    @Override
    public Path orderLog(int id) {
        return runDir.resolve("data/order-" + id + "/order_log_" + id + ".csv");
    }

    @Override
    public void close() throws InterruptedException {
        List<ServiceProcess> order = new ArrayList<>(frontends);
        order.addAll(replicas);
        order.add(catalog);
        for (ServiceProcess service : order) {
            service.stop();
        }
    }

    private ServiceProcess service(String name, String module, URI url, Map<String, String> common,
            Map<String, String> own) {
        Map<String, String> env = new HashMap<>(common);
        env.putAll(own);
        return new ServiceProcess(name, Stack.jar(module), url, env, runDir.resolve(name + ".log"),
                Stack.READY_WITHIN, http);
    }

    /** Host {@code n} of the loopback range, on a port that is free (a port free on one is free on all). */
    private static URI url(String scheme, int host) {
        return URI.create(scheme + "://127.0.0." + host + ":" + ServiceProcess.freePort());
    }

    /** The script a user runs for a throw-away CA: the test uses it as they would. */
    private static void makeCerts(Path out) {
        Path script = Path.of(System.getProperty("bazaar.jars", "..")).resolve("scripts/make-certs.sh");
        ProcessBuilder make = new ProcessBuilder("bash", script.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        make.environment().put("JAVA_HOME", System.getProperty("java.home"));
        try {
            int exit = make.start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(script + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext trusting(Path trustStore, String password) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
