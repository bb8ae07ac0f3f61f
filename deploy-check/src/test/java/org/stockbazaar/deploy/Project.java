package org.stockbazaar.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** The repository the build runs in, and its YAML files read as plain maps (anchors and merge keys resolved). */
final class Project {

    static final Path ROOT = Path.of(System.getProperty("bazaar.root", "..")).toAbsolutePath().normalize();
    static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");

    private Project() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> yaml(Path file) {
        Map<String, Object> document = new Yaml().load(read(file));
        if (document == null) {
            throw new IllegalStateException(file + " is empty");
        }
        return document;
    }

    /** The value at a dotted path of nested maps ({@code server.port}), or null. */
    static Object at(Map<String, ?> document, String path) {
        Object node = document;
        for (String key : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> ? (Map<String, Object>) node : Map.of();
    }
}
