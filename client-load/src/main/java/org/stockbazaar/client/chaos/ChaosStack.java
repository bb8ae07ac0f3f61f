package org.stockbazaar.client.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.stockbazaar.client.launch.ServiceProcess;

/**
 * The stack under test, started by the harness from the packaged jars: the catalog, three order replicas and the
 * front end, each a child process on 127.0.0.1, with the environment the system tests and {@code run-local.sh}
 * use, and every data folder and log under the run folder.
 */
final class ChaosStack {

    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** Every harness client's connect timeout: a killed service refuses at once, this bounds the rest. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    final String token = UUID.randomUUID().toString();
    final Path runDir;
    final ServiceProcess catalog;
    final List<ServiceProcess> replicas = new ArrayList<>();
    final ServiceProcess frontend;

    /**
     * @param jars    the checkout holding {@code <module>/target/<module>-<version>.jar}
     * @param ports   catalog, front end, replicas 1 to 3; 0 means a free port
     * @param replicaTimeout the front end's read timeout of a trade at a replica
     */
    ChaosStack(Path jars, String version, Path runDir, int[] ports, Duration replicaTimeout) {
        this.runDir = runDir;
        int catalogPort = ports[0] > 0 ? ports[0] : ServiceProcess.freePort();
        int frontendPort = ports[1] > 0 ? ports[1] : ServiceProcess.freePort();
        List<Integer> replicaPorts = IntStream.range(2, 5)
                .mapToObj(i -> ports[i] > 0 ? ports[i] : ServiceProcess.freePort()).toList();
        String replicaList = IntStream.rangeClosed(1, 3)
                .mapToObj(id -> id + "=http://127.0.0.1:" + replicaPorts.get(id - 1))
                .collect(Collectors.joining(","));
        try {
            Files.createDirectories(runDir.resolve("data"));
            Files.createDirectories(runDir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catalog = new ServiceProcess("catalog", ServiceProcess.jar(jars, "catalog-service", version),
                catalogPort,
                Map.of("BAZAAR_INTERNAL_TOKEN", token,
                        "BAZAAR_CATALOG_DATA_DIR", catalogDir().toString(),
                        // the checker reads every applied trade from the journal: no snapshot may empty it
                        "BAZAAR_CATALOG_SNAPSHOT_EVERY", String.valueOf(Integer.MAX_VALUE)),
                runDir.resolve("logs/catalog.log"), START_TIMEOUT);
        for (int id = 1; id <= 3; id++) {
            replicas.add(new ServiceProcess("order-" + id, ServiceProcess.jar(jars, "order-service", version),
                    replicaPorts.get(id - 1),
                    Map.of("BAZAAR_INTERNAL_TOKEN", token,
                            "ORDER_ID", String.valueOf(id),
                            "ORDER_PEERS", replicaList,
                            "BAZAAR_ORDER_DATA_DIR", replicaDir(id).toString(),
                            "BAZAAR_ORDER_CATALOG_URL", "http://127.0.0.1:" + catalogPort,
                            "BAZAAR_ORDER_NEW_CLUSTER", "true"),
                    runDir.resolve("logs/order-" + id + ".log"), START_TIMEOUT));
        }
        frontend = new ServiceProcess("frontend", ServiceProcess.jar(jars, "frontend-service", version),
                frontendPort,
                Map.of("BAZAAR_INTERNAL_TOKEN", token,
                        "BAZAAR_FRONTEND_CATALOG_URL", "http://127.0.0.1:" + catalogPort,
                        "BAZAAR_FRONTEND_REPLICAS", replicaList,
                        // set, not assumed: a pause must outlast it
                        "BAZAAR_FRONTEND_REPLICA_TIMEOUT", replicaTimeout.toMillis() + "ms"),
                runDir.resolve("logs/frontend.log"), START_TIMEOUT);
    }

    void start() throws InterruptedException {
        catalog.launch();
        catalog.awaitReady();
        // the replicas start together: each one is ready only once it has synced up with a majority of them
        replicas.forEach(ServiceProcess::launch);
        for (ServiceProcess replica : replicas) {
            replica.awaitReady();
        }
        frontend.launch();
        frontend.awaitReady();
    }

    /** Every service up and ready. */
    void awaitWhole() throws InterruptedException {
        for (ServiceProcess service : all()) {
            service.awaitReady();
        }
    }

    /** Ends every service at the end of a run: SIGKILL, as its data is read already. */
    void stop() {
        List<ServiceProcess> order = all();
        Collections.reverse(order);
        for (ServiceProcess service : order) {
            try {
                service.kill9();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    List<ServiceProcess> all() {
        List<ServiceProcess> all = new ArrayList<>();
        all.add(catalog);
        all.addAll(replicas);
        all.add(frontend);
        return all;
    }

    ServiceProcess replica(int id) {
        return replicas.get(id - 1);
    }

    Path catalogDir() {
        return runDir.resolve("data/catalog");
    }

    Path replicaDir(int id) {
        return runDir.resolve("data/order-" + id);
    }
}
