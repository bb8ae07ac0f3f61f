package org.stockbazaar.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compose files, read offline: docker-compose.yml (run by CI) and docker-compose.bridge.yml (for Docker Desktop,
 * never started here, since its containers talk over a bridge network's addresses).
 */
class ComposeFilesTest {

    private static final String SECRET = "secret";
    private static final String FRONTEND = "frontend";
    private static final String FRONTEND_MODULE = "frontend-service";

    private final Compose hostNetwork = Compose.read("docker-compose.yml");
    private final Compose bridge = Compose.read("docker-compose.bridge.yml");

    @Test
    void everyEnvironmentVariableIsASettingTheServiceReads() {
        for (Compose compose : List.of(hostNetwork, bridge)) {
            compose.services().forEach((name, spec) -> {
                if (name.equals(SECRET)) {
                    return;
                }
                ServiceSettings service = ServiceSettings.of(Compose.moduleOf(spec));
                compose.environment(name).keySet().stream().filter(variable -> !variable.equals("JAVA_OPTS"))
                        .forEach(variable -> assertThat(service.reads(variable))
                                .as("%s %s: %s is a setting %s reads", compose.file().getFileName(), name, variable,
                                        service.module())
                                .isTrue());
            });
        }
    }

    @Test
    void servicesThatDieOnTheirOwnAreRestartedAndTheOneShotSecretIsNot() {
        for (Compose compose : List.of(hostNetwork, bridge)) {
            compose.services().forEach((name, spec) -> assertThat(spec.get("restart"))
                    .as("%s %s", compose.file().getFileName(), name)
                    .isEqualTo(name.equals(SECRET) ? null : "on-failure"));
        }
    }

    @Test
    void bridgeVariantRunsTheSameServicesAsTheHostNetworkOne() {
        assertThat(bridge.services().keySet()).containsExactlyElementsOf(hostNetwork.services().keySet());
        assertThat(bridge.imagesByModule()).isEqualTo(hostNetwork.imagesByModule());
        hostNetwork.services().forEach((name, spec) -> {
            assertThat(bridge.services().get(name).get("container_name")).as("the crash script's container names")
                    .isEqualTo(spec.get("container_name"));
            Map<String, String> expected = new LinkedHashMap<>(hostNetwork.environment(name));
            Map<String, String> actual = bridge.environment(name);
            // only the addresses differ: every setting that is not a URL or the bind address is the same
            expected.entrySet().removeIf(entry -> entry.getValue().contains("http://"));
            assertThat(actual).as(name).containsAllEntriesOf(expected);
        });
    }

    @Test
    void moreFrontEndsRunUnderTheFrontendsProfileEachOnItsOwnPortAndAdvertisingIt() {
        for (Compose compose : List.of(hostNetwork, bridge)) {
            String file = compose.file().getFileName().toString();
            List<String> frontEnds = compose.services().entrySet().stream()
                    .filter(service -> FRONTEND_MODULE.equals(Compose.moduleOf(service.getValue())))
                    .map(Map.Entry::getKey).toList();
            assertThat(frontEnds).as(file).containsExactly(FRONTEND, "frontend-2", "frontend-3");
            // a plain `up` starts what it always did; `--profile frontends` adds the other front ends
            compose.services().forEach((name, spec) -> assertThat(spec.get("profiles")).as("%s %s", file, name)
                    .isEqualTo(frontEnds.contains(name) && !name.equals(FRONTEND) ? List.of("frontends") : null));
            Map<String, String> first = apartFromWhereItListens(compose.environment(FRONTEND));
            for (String name : frontEnds.subList(1, frontEnds.size())) {
                Map<String, String> environment = compose.environment(name);
                URI advertised = URI.create(environment.get("BAZAAR_CACHE_ADVERTISED_URL"));
                assertThat(advertised.getHost()).as("%s %s: where the catalog reaches it", file, name)
                        .isEqualTo(compose == hostNetwork ? "127.0.0.1" : name);
                assertThat(Integer.toString(advertised.getPort())).as("%s %s: the port it listens on", file, name)
                        .isEqualTo(environment.get("SERVER_PORT"));
                assertThat(apartFromWhereItListens(environment)).as("%s %s: the same catalog, replicas and "
                        + "settings as the first front end", file, name).isEqualTo(first);
            }
            List<String> ports = compose.services().keySet().stream().filter(name -> !name.equals(SECRET))
                    .map(name -> compose.environment(name).get("SERVER_PORT")).toList();
            assertThat(ports).as("%s: every service on a port of its own", file).doesNotContainNull()
                    .doesNotHaveDuplicates();
        }
    }

    private static Map<String, String> apartFromWhereItListens(Map<String, String> environment) {
        Map<String, String> rest = new LinkedHashMap<>(environment);
        rest.remove("SERVER_PORT");
        rest.remove("BAZAAR_CACHE_ADVERTISED_URL");
        return rest;
    }

    @Test
    void bridgeVariantPublishesOnTheLoopbackOnlyAndAddressesServicesByName() {
        assertThat(Project.at(Project.yaml(bridge.file()), "networks.bazaar.driver")).isEqualTo("bridge");
        bridge.services().forEach((name, spec) -> {
            if (name.equals(SECRET)) {
                assertThat(spec.get("network_mode")).isEqualTo("none");
                return;
            }
            assertThat(spec.get("network_mode")).as(name).isNull();
            assertThat(spec.get("networks")).as(name).isEqualTo(List.of("bazaar"));
            Map<String, String> environment = bridge.environment(name);
            assertThat(environment).as(name).containsEntry("SERVER_ADDRESS", "0.0.0.0");
            String port = environment.get("SERVER_PORT");
            assertThat(spec.get("ports")).as("%s: published on 127.0.0.1 only, at the port it listens on", name)
                    .isEqualTo(List.of("127.0.0.1:" + port + ":" + port));
        });
        bridge.services().keySet().stream().filter(name -> !name.equals(SECRET)).forEach(name ->
                bridge.environment(name).forEach((variable, value) -> {
                    for (String entry : value.split(",")) {
                        int start = entry.indexOf("http://");
                        if (start < 0) {
                            continue;
                        }
                        URI url = URI.create(entry.substring(start));
                        assertThat(bridge.services()).as("%s %s: a compose service", name, variable)
                                .containsKey(url.getHost());
                        assertThat(Integer.toString(url.getPort())).as("%s %s: the port %s listens on", name,
                                variable, url.getHost()).isEqualTo(bridge.environment(url.getHost()).get("SERVER_PORT"));
                    }
                }));
    }
}
