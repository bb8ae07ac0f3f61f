package org.stockbazaar.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A compose file's services, with {@code ${VAR:-default}} interpolated to its default as compose would. */
record Compose(Path file, Map<String, Map<String, Object>> services) {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[A-Z_]+:-([^}]*)}");

    static Compose read(String name) {
        Path file = Project.ROOT.resolve(name);
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        Project.map(Project.yaml(file).get("services")).forEach((service, spec) -> services.put(service,
                Project.map(spec)));
        return new Compose(file, services);
    }

    /** The image each module is built into ({@code catalog-service} to {@code stockbazaar/catalog-service:latest}). */
    Map<String, String> imagesByModule() {
        Map<String, String> images = new LinkedHashMap<>();
        services.values().forEach(spec -> {
            Object module = Project.at(spec, "build.args.SERVICE");
            if (module != null) {
                images.put(module.toString(), spec.get("image").toString());
            }
        });
        return images;
    }

    /** The PORT build argument each module's image is built with (the image's SERVER_PORT). */
    Map<String, Integer> imagePortsByModule() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        services.values().forEach(spec -> {
            Object module = Project.at(spec, "build.args.SERVICE");
            if (module != null) {
                ports.put(module.toString(), Integer.parseInt(Project.at(spec, "build.args.PORT").toString()));
            }
        });
        return ports;
    }

    /** The module a service runs, from its image ({@code stockbazaar/order-service:latest}), or null. */
    static String moduleOf(Map<String, Object> spec) {
        Object image = spec.get("image");
        return image == null ? null : Images.module(image.toString());
    }

    Map<String, String> environment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        Object env = services.get(service).get("environment");
        if (env instanceof Map<?, ?> map) {
            map.forEach((name, value) -> environment.put(name.toString(), interpolate(String.valueOf(value))));
        } else if (env instanceof List<?> list) {
            list.forEach(entry -> {
                String[] pair = entry.toString().split("=", 2);
                environment.put(pair[0], pair.length == 2 ? interpolate(pair[1]) : "");
            });
        }
        return environment;
    }

    static String interpolate(String value) {
        Matcher variable = VARIABLE.matcher(value);
        return variable.replaceAll(match -> Matcher.quoteReplacement(match.group(1)));
    }
}
