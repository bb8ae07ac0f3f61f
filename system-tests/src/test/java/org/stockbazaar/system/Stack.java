package org.stockbazaar.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The real catalog, three order replicas and front end, started once for all system tests in this JVM on free ports of 127.0.0.1, each
 * with a log file and the catalog with a data folder under {@code target/system-runs/<time>/}.
 */
final class Stack implements Deployment {

    private static Stack shared;

    final String token = UUID.randomUUID().toString();
    final Path runDir;
    final ServiceProcess catalog;
    final List<ServiceProcess> replicas = new ArrayList<>();
    final ServiceProcess frontend;

    private Stack() {
        runDir = Path.of(System.getProperty("bazaar.workdir", "target/system-runs"))
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Path jars = Path.of(System.getProperty("bazaar.jars", ".."));
        String version = System.getProperty("bazaar.version", "0.1.0-SNAPSHOT");
        int catalogPort = freePort();
        int frontendPort = freePort();
        List<Integer> replicaPorts = List.of(freePort(), freePort(), freePort());
        String replicaList = IntStream.rangeClosed(1, 3)
                .mapToObj(id -> id + "=http://127.0.0.1:" + replicaPorts.get(id - 1))
                .collect(Collectors.joining(","));
        try {
            Files.createDirectories(runDir.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catalog = new ServiceProcess("catalog",
                jars.resolve("catalog-service/target/catalog-service-" + version + ".jar"), catalogPort,
                Map.of("BAZAAR_INTERNAL_TOKEN", token, TRADE_LOG, "debug",
                        "BAZAAR_CATALOG_DATA_DIR", runDir.resolve("data/catalog").toString(),
                        "BAZAAR_CATALOG_FRONTENDS", "http://127.0.0.1:" + frontendPort),
                runDir.resolve("catalog.log"));
        for (int id = 1; id <= 3; id++) {
            replicas.add(new ServiceProcess("order-" + id,
                    jars.resolve("order-service/target/order-service-" + version + ".jar"), replicaPorts.get(id - 1),
                    Map.of("BAZAAR_INTERNAL_TOKEN", token, TRADE_LOG, "debug",
                            "ORDER_ID", String.valueOf(id),
                            "ORDER_PEERS", replicaList,
                            "BAZAAR_ORDER_DATA_DIR", runDir.resolve("data/order-" + id).toString(),
                            "BAZAAR_ORDER_CATALOG_URL", "http://127.0.0.1:" + catalogPort,
                            "BAZAAR_ORDER_NEW_CLUSTER", "true"),
                    runDir.resolve("order-" + id + ".log")));
        }
        frontend = new ServiceProcess("frontend",
                jars.resolve("frontend-service/target/frontend-service-" + version + ".jar"), frontendPort,
                Map.of("BAZAAR_INTERNAL_TOKEN", token, TRADE_LOG, "debug",
                        "BAZAAR_FRONTEND_CATALOG_URL", "http://127.0.0.1:" + catalogPort,
                        "BAZAAR_FRONTEND_REPLICAS", replicaList),
                runDir.resolve("frontend.log"));
    }

    /** Each trade's DEBUG line at every hop (TradeLog), as a user switches them on: OrdersIT follows a trade by them. */
    private static final String TRADE_LOG = "LOGGING_LEVEL_ORG_STOCKBAZAAR_TRADES";

    static synchronized Stack get() {
        if (shared == null) {
            Stack stack = new Stack();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stack.frontend.stop();
                stack.replicas.forEach(ServiceProcess::stop);
                stack.catalog.stop();
            }));
            stack.catalog.start();
            stack.replicas.forEach(ServiceProcess::launch);
            stack.replicas.forEach(ServiceProcess::awaitReady);
            stack.frontend.start();
            shared = stack;
        }
        return shared;
    }

    ServiceProcess replica(int id) {
        return replicas.get(id - 1);
    }

    @Override
    public String internalToken() {
        return token;
    }

    @Override
    public URI frontendUrl() {
        return frontend.url();
    }

    @Override
    public URI replicaUrl(int id) {
        return replica(id).url();
    }

    @Override
    public boolean replicaRunning(int id) {
        return replica(id).alive();
    }

    @Override
    public Path orderLog(int id) {
        return runDir.resolve("data/order-" + id + "/order_log_" + id + ".csv");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
