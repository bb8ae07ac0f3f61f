package org.stockbazaar.system;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assertions;
import org.stockbazaar.client.launch.ServiceProcess;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.lifecycle.Startables;

/**
 * The service images, built from the packaged jars with {@code docker/Dockerfile}, started as containers: the
 * catalog, three order replicas and the front end. Host networking with each service bound to 127.0.0.1 on a free
 * port, so tests talk to 127.0.0.1 only and a restarted container keeps its port. Each container's data folder is a
 * bind mount under {@code target/container-runs/<time>/}, so the tests read the order logs the replicas wrote.
 *
 * <p>The base image is {@code $BASE_IMAGE}, by default {@code eclipse-temurin:25-jre}; a host without a registry
 * builds {@code local/jre25:latest} with {@code docker/build-base-image.sh} and sets {@code BASE_IMAGE} to it. No
 * image is ever pulled by the tests themselves.
 */
final class ContainerStack implements Deployment, AutoCloseable {

    private static final Map<String, Future<String>> IMAGES = new ConcurrentHashMap<>();
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    private static final String NAME_LABEL = "org.stockbazaar.test.service";

    final String token = UUID.randomUUID().toString();
    final Path runDir;
    final GenericContainer<?> catalog;
    final List<GenericContainer<?>> replicas = new ArrayList<>();
    final GenericContainer<?> frontend;
    private final int frontendPort;
    private final List<Integer> replicaPorts;
    private final DockerClient docker = DockerClientFactory.instance().client();

    static final String NO_DOCKER =
            "No Docker engine: the container tests are skipped (see docs/containers.md; CI runs them)";

    /**
     * Whether a Docker engine answers. Where none does, the container tests are skipped, unless
     * {@code BAZAAR_REQUIRE_DOCKER=true} (CI), which makes that a failure.
     */
    static boolean dockerAvailable() {
        boolean available = DockerClientFactory.instance().isDockerAvailable();
        if (!available && "true".equals(System.getenv("BAZAAR_REQUIRE_DOCKER"))) {
            Assertions.fail("BAZAAR_REQUIRE_DOCKER=true but no Docker engine answers");
        }
        if (!available) {
            System.err.println("WARNING: " + NO_DOCKER);
        }
        return available;
    }

    ContainerStack() {
        runDir = Path.of(System.getProperty("bazaar.workdir", "target/system-runs")).resolveSibling("container-runs")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        int catalogPort = ServiceProcess.freePort();
        frontendPort = ServiceProcess.freePort();
        replicaPorts = List.of(ServiceProcess.freePort(), ServiceProcess.freePort(), ServiceProcess.freePort());
        String replicaList = IntStream.rangeClosed(1, 3)
                .mapToObj(id -> id + "=http://127.0.0.1:" + replicaPorts.get(id - 1))
                .collect(Collectors.joining(","));
        catalog = service("catalog-service", catalogPort, "catalog")
                .withEnv("BAZAAR_CATALOG_DATA_DIR", "/data");
        for (int id = 1; id <= 3; id++) {
            replicas.add(service("order-service", replicaPorts.get(id - 1), "order-" + id)
                    .withEnv("ORDER_ID", String.valueOf(id))
                    .withEnv("ORDER_PEERS", replicaList)
                    .withEnv("BAZAAR_ORDER_DATA_DIR", "/data")
                    .withEnv("BAZAAR_ORDER_CATALOG_URL", "http://127.0.0.1:" + catalogPort)
                    .withEnv("BAZAAR_ORDER_NEW_CLUSTER", "true"));
        }
        frontend = service("frontend-service", frontendPort, "frontend")
                .withEnv("BAZAAR_FRONTEND_CATALOG_URL", "http://127.0.0.1:" + catalogPort)
                .withEnv("BAZAAR_FRONTEND_REPLICAS", replicaList);
    }

    ContainerStack start() {
        catalog.start();
        // the replicas start together: each is ready only once it has synced up with a majority of them
        Startables.deepStart(replicas).join();
        frontend.start();
        return this;
    }

    private GenericContainer<?> service(String module, int port, String name) {
        Path data = runDir.resolve(name);
        try {
            Files.createDirectories(data);
            // the services run as nobody (uid 65534) inside their containers
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GenericContainer<>(image(module))
                .withNetworkMode("host")
                .withImagePullPolicy(imageName -> false)
                .withLabel(NAME_LABEL, name)
                .withEnv("SERVER_PORT", String.valueOf(port))
                // the image's own settings plus C1 only, as the process-level tests start their JVMs: three
                // replicas starting at once on two cores took 35-45 s each with the full JIT
                .withEnv("JAVA_OPTS", "-Xms64m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
                        + " -Dspring.aot.enabled=true -XX:TieredStopAtLevel=1")
                .withEnv("BAZAAR_INTERNAL_TOKEN", token)
                .withFileSystemBind(data.toAbsolutePath().toString(), "/data", BindMode.READ_WRITE)
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(READY_WITHIN));
    }

    /** The module's image, built once per test run from its jar; Docker's layer cache makes a rebuild quick. */
    private static Future<String> image(String module) {
        return IMAGES.computeIfAbsent(module, m -> {
            Path root = Path.of(System.getProperty("bazaar.jars", ".."));
            String jar = m + "-" + System.getProperty("bazaar.version", "0.1.0-SNAPSHOT") + ".jar";
            return new ImageFromDockerfile("stockbazaar/" + m + ":it", false)
                    .withFileFromPath("Dockerfile", root.resolve("docker/Dockerfile"))
                    .withFileFromPath(m + "/target/" + jar, root.resolve(m + "/target/" + jar))
                    .withBuildArg("BASE_IMAGE", System.getenv().getOrDefault("BASE_IMAGE", "eclipse-temurin:25-jre"))
                    .withBuildArg("SERVICE", m)
                    .withBuildArg("PORT", "8080");
        });
    }

    GenericContainer<?> replica(int id) {
        return replicas.get(id - 1);
    }

    /** SIGKILL to the replica's container, as {@code docker kill --signal SIGKILL}. */
    void kill9(int id) {
        String container = replica(id).getContainerId();
        docker.killContainerCmd(container).withSignal("SIGKILL").exec();
        await("order-" + id + " killed").atMost(Duration.ofSeconds(10)).until(() -> !running(container));
    }

    /** {@code docker start} of the replica's stopped container, on its own data; waits until it is healthy again. */
    void restart(int id) {
        String container = replica(id).getContainerId();
        docker.startContainerCmd(container).exec();
        await("order-" + id + " healthy again").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(container).exec()
                            .getState();
                    if (!Boolean.TRUE.equals(state.getRunning())) {
                        throw new AssertionError("order-" + id + " exited:\n" + replica(id).getLogs());
                    }
                    return state.getHealth() != null && "healthy".equals(state.getHealth().getStatus());
                });
    }

    private boolean running(String container) {
        return Boolean.TRUE.equals(docker.inspectContainerCmd(container).exec().getState().getRunning());
    }

    @Override
    public String internalToken() {
        return token;
    }

    @Override
    public URI frontendUrl() {
        return URI.create("http://127.0.0.1:" + frontendPort);
    }

    @Override
    public URI replicaUrl(int id) {
        return URI.create("http://127.0.0.1:" + replicaPorts.get(id - 1));
    }

    @Override
    public boolean replicaRunning(int id) {
        return running(replica(id).getContainerId());
    }

    @Override
    public Path orderLog(int id) {
        return runDir.resolve("order-" + id + "/order_log_" + id + ".csv");
    }

    /** Keeps each container's output beside its data, then removes the containers (the data stays). */
    @Override
    public void close() {
        List<GenericContainer<?>> all = new ArrayList<>(List.of(frontend));
        all.addAll(replicas);
        all.add(catalog);
        for (GenericContainer<?> container : all) {
            if (container.getContainerId() != null) {
                try {
                    Files.writeString(runDir.resolve(container.getLabels().get(NAME_LABEL) + ".log"),
                            container.getLogs());
                } catch (IOException | RuntimeException e) {
                    // the logs are for diagnosis only; stopping matters more
                }
            }
            container.stop();
        }
    }
}
