package org.stockbazaar.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.stockbazaar.client.launch.ServiceProcess;

/**
 * The real catalog, three order replicas and front end, started once for all system tests in this JVM on free ports of 127.0.0.1, each
 * with a log file and the catalog with a data folder under {@code target/system-runs/<time>/}.
 */
final class Stack implements Deployment {

    /** How long a service of the system tests may take to be ready, from its launch. */
    static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private static Stack shared;

    final String token = UUID.randomUUID().toString();
    final Path runDir;
    final ServiceProcess catalog;
    final List<ServiceProcess> replicas = new ArrayList<>();
    final ServiceProcess frontend;
    private final int catalogPort;
    private final String replicaList;

    private Stack() {
        runDir = Path.of(System.getProperty("bazaar.workdir", "target/system-runs"))
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        catalogPort = ServiceProcess.freePort();
        List<Integer> replicaPorts = List.of(ServiceProcess.freePort(), ServiceProcess.freePort(),
                ServiceProcess.freePort());
        replicaList = IntStream.rangeClosed(1, 3)
                .mapToObj(id -> id + "=http://127.0.0.1:" + replicaPorts.get(id - 1))
                .collect(Collectors.joining(","));
        try {
            Files.createDirectories(runDir.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catalog = new ServiceProcess("catalog", jar("catalog-service"), catalogPort,
                Map.of("BAZAAR_INTERNAL_TOKEN", token, TRADE_LOG, "debug",
                        "BAZAAR_CATALOG_DATA_DIR", runDir.resolve("data/catalog").toString()),
                runDir.resolve("catalog.log"), READY_WITHIN);
        for (int id = 1; id <= 3; id++) {
            replicas.add(new ServiceProcess("order-" + id, jar("order-service"), replicaPorts.get(id - 1),
                    Map.of("BAZAAR_INTERNAL_TOKEN", token, TRADE_LOG, "debug",
                            "ORDER_ID", String.valueOf(id),
                            "ORDER_PEERS", replicaList,
                            "BAZAAR_ORDER_DATA_DIR", runDir.resolve("data/order-" + id).toString(),
                            "BAZAAR_ORDER_CATALOG_URL", "http://127.0.0.1:" + catalogPort,
                            "BAZAAR_ORDER_NEW_CLUSTER", "true"),
                    runDir.resolve("order-" + id + ".log"), READY_WITHIN));
        }
        frontend = frontend("frontend");
    }

    /** A front end of this stack, not yet started: several may run, each registers with the catalog. */
    ServiceProcess frontend(String name) {
        return frontend(name, Map.of());
    }

    /** A front end of this stack with some settings (environment variables) of its own. */
    ServiceProcess frontend(String name, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(Map.of("BAZAAR_INTERNAL_TOKEN", token, TRADE_LOG, "debug",
                "BAZAAR_FRONTEND_CATALOG_URL", "http://127.0.0.1:" + catalogPort,
                "BAZAAR_FRONTEND_REPLICAS", replicaList));
        env.putAll(settings);
        return new ServiceProcess(name, jar("frontend-service"), ServiceProcess.freePort(), env,
                runDir.resolve(name + ".log"), READY_WITHIN);
    }

    /** The replicas as a front end is configured with them, with replica {@code id} at {@code url} instead. */
    String replicaListWith(int id, URI url) {
        return IntStream.rangeClosed(1, 3)
                .mapToObj(each -> each + "=" + (each == id ? url : replica(each).url()))
                .collect(Collectors.joining(","));
    }

    /** Each trade's DEBUG line at every hop (TradeLog), as a user switches them on: OrdersIT follows a trade by them. */
    private static final String TRADE_LOG = "LOGGING_LEVEL_ORG_STOCKBAZAAR_TRADES";

    static synchronized Stack get() {
        if (shared == null) {
            Stack stack = new Stack();
            Runtime.getRuntime().addShutdownHook(new Thread(stack::stop));
            try {
                stack.catalog.start();
                stack.replicas.forEach(ServiceProcess::launch);
                for (ServiceProcess replica : stack.replicas) {
                    replica.awaitReady();
                }
                stack.frontend.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the stack started", e);
            }
            shared = stack;
        }
        return shared;
    }

    /** SIGTERM to every service, the front end first, when the test JVM ends. */
    private void stop() {
        List<ServiceProcess> order = new ArrayList<>();
        order.add(frontend);
        order.addAll(replicas);
        order.add(catalog);
        for (ServiceProcess service : order) {
            try {
                service.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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

    /** A module's packaged jar: {@code bazaar.jars} is the checkout (the reactor's root), as failsafe sets it. */
    static Path jar(String module) {
        return ServiceProcess.jar(Path.of(System.getProperty("bazaar.jars", "..")), module,
                System.getProperty("bazaar.version", "0.1.0-SNAPSHOT"));
    }
}
