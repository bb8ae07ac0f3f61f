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
