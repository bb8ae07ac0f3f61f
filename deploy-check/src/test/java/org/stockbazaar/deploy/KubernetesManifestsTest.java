package org.stockbazaar.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads deploy/kubernetes/ with Fabric8's Kubernetes model, as the API server would parse it, and checks what would
 * break a deployment that no cluster here can show: images and ports against the Dockerfile, the compose file and
 * each service's server.port; environment variables against the settings each service really reads; probes against
 * its actuator health groups; the replicas' names, volumes, memory and disruption budget.
 */
class KubernetesManifestsTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String SECRET_TEMPLATE = "secret.example.yaml";

    private static List<HasMetadata> objects;
    private static final Map<String, ServiceSettings> SERVICES = new TreeMap<>();
    private static Compose compose;

    @BeforeAll
    static void readManifests() {
        objects = new ArrayList<>();
        for (String resource : kustomizationResources()) {
            objects.addAll(read(Project.KUBERNETES.resolve(resource)));
        }
        for (String module : List.of("catalog-service", "frontend-service", "order-service")) {
            SERVICES.put(module, ServiceSettings.of(module));
        }
        compose = Compose.read("docker-compose.yml");
    }

    @Test
    void kustomizationAppliesEveryManifestButTheSecretTemplate() throws IOException {
        try (Stream<Path> files = Files.list(Project.KUBERNETES)) {
            Set<String> manifests = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
                    .collect(Collectors.toSet());
            assertThat(kustomizationResources()).containsExactlyInAnyOrderElementsOf(
                    manifests.stream().filter(name -> !name.equals(SECRET_TEMPLATE)).toList());
        }
        assertThat(objects).extracting(HasMetadata::getKind)
                .contains("StatefulSet", "Deployment", "Service", "PodDisruptionBudget")
                .doesNotContain("Secret");
    }

    @Test
    void imagesAndPortsAreThoseTheServicesServe() {
        Map<String, String> images = compose.imagesByModule();
        Map<String, Integer> imagePorts = compose.imagePortsByModule();
        for (Map.Entry<String, PodTemplateSpec> workload : workloads().entrySet()) {
            Container container = onlyContainer(workload.getValue());
            String module = Images.module(container.getImage());
            assertThat(SERVICES).as("%s runs an image of ours", workload.getKey()).containsKey(module);
            assertThat(container.getImage()).as("%s's image, as docker-compose.yml builds it", workload.getKey())
                    .isEqualTo(images.get(module));
            int port = SERVICES.get(module).port();
            assertThat(port).as("%s: server.port and the image's PORT", module).isEqualTo(imagePorts.get(module));
            // the HTTP port, and the frame port where one is fixed (docs/internal-frames.md)
            List<Integer> ports = Stream.concat(Stream.of(port), Stream.ofNullable(env(container)
                    .get("BAZAAR_INTERNAL_FRAME_PORT")).map(Integer::valueOf)).toList();
            assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort)
                    .containsExactlyElementsOf(ports);
            assertThat(env(container)).as("%s's environment", workload.getKey())
                    .containsEntry("SERVER_PORT", Integer.toString(port))
                    .containsEntry("SERVER_ADDRESS", "0.0.0.0");
        }
    }

    @Test
    void servicesReachThePortsOfThePodsTheySelect() {
        for (Service service : objects(Service.class)) {
            PodTemplateSpec pods = workloads().values().stream()
                    .filter(template -> template.getMetadata().getLabels().entrySet()
                            .containsAll(service.getSpec().getSelector().entrySet()))
                    .findFirst().orElseThrow(() -> new AssertionError(service.getMetadata().getName()
                            + " selects no pods"));
            for (ServicePort port : service.getSpec().getPorts()) {
                ContainerPort target = onlyContainer(pods).getPorts().stream()
                        .filter(candidate -> Objects.equals(candidate.getName(), port.getTargetPort().getStrVal())
                                || Objects.equals(candidate.getContainerPort(), port.getTargetPort().getIntVal()))
                        .findFirst().orElseThrow(() -> new AssertionError(service.getMetadata().getName()
                                + " targets no container port"));
                assertThat(port.getPort()).as("%s's port: the URLs use the container's", service.getMetadata()
                        .getName()).isEqualTo(target.getContainerPort());
            }
        }
    }

    @Test
    void everyEnvironmentVariableIsASettingTheServiceReads() {
        for (Map.Entry<String, PodTemplateSpec> workload : workloads().entrySet()) {
            Container container = onlyContainer(workload.getValue());
            ServiceSettings service = SERVICES.get(Images.module(container.getImage()));
            for (EnvVar variable : container.getEnv()) {
                if (variable.getName().equals("JAVA_OPTS")) {
                    assertThat(Images.DOCKERFILE).as("the image's entry point uses JAVA_OPTS").contains("$JAVA_OPTS");
                    continue;
                }
                if (!service.reads(variable.getName()) && variable.getValueFrom() != null
                        && variable.getValueFrom().getFieldRef() != null) {
                    // a fact of the pod that another variable of the container uses as $(NAME)
                    assertThat(container.getEnv()).as("%s: a variable uses $(%s)", workload.getKey(),
                            variable.getName()).anyMatch(other -> other.getValue() != null
                                    && other.getValue().contains("$(" + variable.getName() + ")"));
                    continue;
                }
                assertThat(service.reads(variable.getName()))
                        .as("%s: %s is a setting %s reads", workload.getKey(), variable.getName(), service.module())
                        .isTrue();
            }
        }
    }

    @Test
    void everyAddressNamesAServiceOfTheStackAndItsPort() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Service service : objects(Service.class)) {
            ports.put(service.getMetadata().getName(), service.getSpec().getPorts().getFirst().getPort());
        }
        Map<String, String> urls = new LinkedHashMap<>();
        workloads().forEach((name, template) -> env(onlyContainer(template)).forEach((variable, value) -> {
            if (value.contains("http://") && !value.contains("$(")) {
                for (String entry : value.split(",")) {
                    urls.put(name + " " + variable + " " + entry, entry.substring(entry.indexOf("http://")));
                }
            }
        }));
        assertThat(urls).isNotEmpty();
        urls.forEach((where, url) -> {
            URI uri = URI.create(url);
            String[] labels = uri.getHost().split("\\.");
            String service = labels[labels.length - 1];
            assertThat(ports).as(where + ": a Service of the stack").containsKey(service);
            assertThat(uri.getPort()).as(where + ": the Service's port").isEqualTo(ports.get(service));
            if (labels.length == 2) {
                StatefulSet set = statefulSet(service);
                assertThat(labels[0]).as(where + ": a pod of the StatefulSet").matches(service + "-\\d+");
                int ordinal = Integer.parseInt(labels[0].substring(service.length() + 1));
                int first = set.getSpec().getOrdinals() == null ? 0 : set.getSpec().getOrdinals().getStart();
                assertThat(ordinal).as(where).isBetween(first, first + set.getSpec().getReplicas() - 1);
            }
        });
    }

    @Test
    void probesAskHealthGroupsTheServiceHas() {
        for (Map.Entry<String, PodTemplateSpec> workload : workloads().entrySet()) {
            Container container = onlyContainer(workload.getValue());
            ServiceSettings service = SERVICES.get(Images.module(container.getImage()));
            assertThat(path(container.getReadinessProbe())).isEqualTo("/actuator/health/readiness");
            assertThat(path(container.getLivenessProbe())).isEqualTo("/actuator/health/liveness");
            for (Probe probe : List.of(container.getReadinessProbe(), container.getLivenessProbe(),
                    container.getStartupProbe())) {
                String group = path(probe).substring("/actuator/health/".length());
                assertThat(service.healthGroups()).as("%s's health groups", service.module()).contains(group);
                String port = probe.getHttpGet().getPort().getStrVal();
                assertThat(container.getPorts()).extracting(ContainerPort::getName).as("probe port").contains(port);
            }
        }
    }

    @Test
    void orderReplicasAreAStatefulSetOfThreeWithStableNames() {
        StatefulSet order = statefulSetRunning("order-service");
        assertThat(order.getSpec().getReplicas()).isEqualTo(3);
        assertThat(order.getSpec().getOrdinals().getStart()).as("pods order-1..3, as the replica ids").isEqualTo(1);
        // OrderedReady would wait for the first replica to be ready, which it cannot be without a majority
        assertThat(order.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        Service governing = service(order.getSpec().getServiceName());
        assertThat(governing.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(governing.getSpec().getPublishNotReadyAddresses()).as("a syncing replica is reachable").isTrue();

        Container replica = onlyContainer(order.getSpec().getTemplate());
        EnvVar id = replica.getEnv().stream().filter(variable -> variable.getName().equals("ORDER_ID")).findFirst()
                .orElseThrow();
        assertThat(id.getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.labels['apps.kubernetes.io/pod-index']");

        String name = order.getMetadata().getName();
        String expected = Stream.of(1, 2, 3)
                .map(n -> n + "=http://" + name + "-" + n + "." + governing.getMetadata().getName() + ":"
                        + SERVICES.get("order-service").port())
                .collect(Collectors.joining(","));
        assertThat(env(replica)).containsEntry("ORDER_PEERS", expected);
        assertThat(env(onlyContainer(deploymentRunning("frontend-service").getSpec().getTemplate())))
                .containsEntry("BAZAAR_FRONTEND_REPLICAS", expected);
    }

    @Test
    void dataFoldersAreOnTheStatefulSetsVolumes() {
        Map<String, String> dataDirs = Map.of("order-service", "BAZAAR_ORDER_DATA_DIR",
                "catalog-service", "BAZAAR_CATALOG_DATA_DIR");
        dataDirs.forEach((module, variable) -> {
            StatefulSet set = statefulSetRunning(module);
            Container container = onlyContainer(set.getSpec().getTemplate());
            Set<String> claims = set.getSpec().getVolumeClaimTemplates().stream()
                    .map(claim -> claim.getMetadata().getName()).collect(Collectors.toSet());
            String dataDir = env(container).get(variable);
            assertThat(dataDir).as("%s sets %s", module, variable).isNotNull();
            assertThat(container.getVolumeMounts())
                    .filteredOn(mount -> mount.getMountPath().equals(dataDir))
                    .as("%s: a persistent volume mounted at %s", module, dataDir)
                    .singleElement().matches(mount -> claims.contains(mount.getName()));
            for (PersistentVolumeClaim claim : set.getSpec().getVolumeClaimTemplates()) {
                assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
            }
            // the volume belongs to the images' user, as a named volume does under compose
            assertThat(set.getSpec().getTemplate().getSpec().getSecurityContext().getFsGroup())
                    .isEqualTo(Images.user());
        });
        assertThat(statefulSetRunning("catalog-service").getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void podsRunAsTheImagesUserWithoutServiceLinks() {
        workloads().forEach((name, template) -> {
            assertThat(template.getSpec().getSecurityContext().getRunAsUser()).as(name).isEqualTo(Images.user());
            // a Service's Docker-link variables (ORDER_PORT=tcp://...) would collide with settings of ours
            assertThat(template.getSpec().getEnableServiceLinks()).as(name).isFalse();
        });
    }

    @Test
    void memoryMatchesTheHeap() {
        long composeLimit = megabytes(compose.services().get("catalog").get("mem_limit").toString());
        workloads().forEach((name, template) -> {
            Container container = onlyContainer(template);
            String javaOptions = env(container).get("JAVA_OPTS");
            assertThat(javaOptions).as("%s: the image's JVM options", name).isEqualTo(Images.javaOptions());
            Quantity limit = container.getResources().getLimits().get("memory");
            assertThat(container.getResources().getRequests().get("memory")).as("%s: request = limit", name)
                    .isEqualTo(limit);
            long limitMegabytes = Quantity.getAmountInBytes(limit).longValue() / (1024 * 1024);
            assertThat(limitMegabytes).as("%s: as docker-compose.yml's mem_limit", name).isEqualTo(composeLimit);
            // metaspace, code cache and thread stacks take about 130 MB above the heap (docs/containers.md)
            assertThat(limitMegabytes - Images.heapMegabytes(javaOptions)).as("%s: room above the heap", name)
                    .isGreaterThanOrEqualTo(192);
        });
    }

    @Test
    void disruptionBudgetKeepsAMajorityOfReplicasUp() {
        StatefulSet order = statefulSetRunning("order-service");
        PodDisruptionBudget budget = objects(PodDisruptionBudget.class).stream()
                .filter(candidate -> order.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                        .containsAll(candidate.getSpec().getSelector().getMatchLabels().entrySet()))
                .findFirst().orElseThrow(() -> new AssertionError("no PodDisruptionBudget for the replicas"));
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(order.getSpec().getReplicas() / 2 + 1);
    }

    @Test
    void internalTokenComesFromTheSecretTheUserCreates() {
        List<HasMetadata> template = read(Project.KUBERNETES.resolve(SECRET_TEMPLATE));
        assertThat(template).singleElement().isInstanceOf(Secret.class);
        Secret secret = (Secret) template.getFirst();
        assertThat(secret.getStringData()).as("a placeholder, never a real secret")
                .containsOnlyKeys("token").containsValue("REPLACE-WITH-A-RANDOM-TOKEN");
        workloads().forEach((name, pods) -> {
            EnvVar token = onlyContainer(pods).getEnv().stream()
                    .filter(variable -> variable.getName().equals("BAZAAR_INTERNAL_TOKEN")).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " has no BAZAAR_INTERNAL_TOKEN"));
            assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret.getMetadata().getName());
            assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
        });
    }

    @Test
    void eachFrontEndRegistersWithTheCatalogAtItsOwnPodAddress() {
        Container frontend = onlyContainer(deploymentRunning("frontend-service").getSpec().getTemplate());
        EnvVar podIp = frontend.getEnv().stream().filter(variable -> variable.getName().equals("POD_IP"))
                .findFirst().orElseThrow(() -> new AssertionError("the front end has no POD_IP"));
        assertThat(podIp.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        // a Service name would reach one pod of several: the others would miss the catalog's pushes
        assertThat(env(frontend)).containsEntry("BAZAAR_CACHE_ADVERTISED_URL",
                "http://$(POD_IP):" + SERVICES.get("frontend-service").port());
    }

    // --- reading

    private static List<String> kustomizationResources() {
        List<?> resources = (List<?>) Project.yaml(Project.KUBERNETES.resolve("kustomization.yaml")).get("resources");
        return resources.stream().map(Object::toString).toList();
    }

    static List<HasMetadata> read(Path manifest) {
        try (InputStream in = Files.newInputStream(manifest)) {
            Object parsed = SERIALIZATION.unmarshal(in);
            List<HasMetadata> read = new ArrayList<>();
            if (parsed instanceof KubernetesList list) {
                read.addAll(list.getItems());
            } else if (parsed instanceof List<?> list) {
                list.forEach(item -> read.add((HasMetadata) item));
            } else {
                read.add((HasMetadata) parsed);
            }
            // an unknown apiVersion or kind would come back as a generic resource, as the API server would refuse it
            read.forEach(object -> assertThat(object)
                    .as("%s: %s is a kind Fabric8 knows", manifest.getFileName(), object.getKind())
                    .isNotInstanceOf(GenericKubernetesResource.class));
            return read;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T extends HasMetadata> List<T> objects(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** Every pod template, by the name of its StatefulSet or Deployment. */
    private static Map<String, PodTemplateSpec> workloads() {
        Map<String, PodTemplateSpec> workloads = new TreeMap<>();
        objects(StatefulSet.class).forEach(set -> workloads.put(set.getMetadata().getName(),
                set.getSpec().getTemplate()));
        objects(Deployment.class).forEach(deployment -> workloads.put(deployment.getMetadata().getName(),
                deployment.getSpec().getTemplate()));
        return workloads;
    }

    private static StatefulSet statefulSetRunning(String module) {
        return objects(StatefulSet.class).stream()
                .filter(set -> module.equals(Images.module(onlyContainer(set.getSpec().getTemplate()).getImage())))
                .findFirst().orElseThrow(() -> new AssertionError("no StatefulSet runs " + module));
    }

    private static Deployment deploymentRunning(String module) {
        return objects(Deployment.class).stream()
                .filter(set -> module.equals(Images.module(onlyContainer(set.getSpec().getTemplate()).getImage())))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment runs " + module));
    }

    private static StatefulSet statefulSet(String name) {
        return objects(StatefulSet.class).stream().filter(set -> set.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no StatefulSet " + name));
    }

    private static Service service(String name) {
        return objects(Service.class).stream().filter(service -> service.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no Service " + name));
    }

    private static Container onlyContainer(PodTemplateSpec template) {
        assertThat(template.getSpec().getContainers()).hasSize(1);
        return template.getSpec().getContainers().getFirst();
    }

    /** The container's plain environment values (those from a Secret or a field are left out). */
    private static Map<String, String> env(Container container) {
        Map<String, String> values = new LinkedHashMap<>();
        container.getEnv().stream().filter(variable -> variable.getValue() != null)
                .forEach(variable -> values.put(variable.getName(), variable.getValue()));
        return values;
    }

    private static String path(Probe probe) {
        assertThat(probe).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as("an HTTP probe").isNotNull();
        return get.getPath();
    }

    private static long megabytes(String composeSize) {
        long amount = Long.parseLong(composeSize.replaceAll("[^0-9]", ""));
        return composeSize.toLowerCase(Locale.ROOT).endsWith("g") ? amount * 1024 : amount;
    }
}
