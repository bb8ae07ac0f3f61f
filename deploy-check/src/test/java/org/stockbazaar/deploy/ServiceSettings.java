package org.stockbazaar.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What one service reads and serves, taken from the service itself rather than restated: its {@code application.yml}
 * (port, health groups, {@code ${ENV}} placeholders), its compiled {@code @ConfigurationProperties} records and
 * service-support's (every {@code bazaar.*} setting), and Spring Boot's configuration metadata ({@code server.*},
 * {@code spring.*}).
 *
 * @param module       the Maven module, which is also the image's name ({@code stockbazaar/<module>})
 * @param port         {@code server.port} as the service's application.yml sets it (its default)
 * @param healthGroups the actuator health groups under {@code /actuator/health/}
 * @param properties   every configuration property the service binds
 * @param placeholders environment variables its application.yml names itself ({@code ${ORDER_PORT:8093}})
 */
record ServiceSettings(String module, int port, Set<String> healthGroups, Set<String> properties,
                       Set<String> placeholders) {

    static final String SUPPORT = "service-support";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");
    private static final byte[] CONFIGURATION_PROPERTIES =
            ("L" + ConfigurationProperties.class.getName().replace('.', '/') + ";").getBytes(StandardCharsets.UTF_8);
    private static final Set<String> SPRING_BOOT_PROPERTIES = springBootProperties();

    static ServiceSettings of(String module) {
        Path root = Project.ROOT.resolve(module);
        String applicationYml = Project.read(root.resolve("src/main/resources/application.yml"));
        Map<String, Object> yml = Project.yaml(root.resolve("src/main/resources/application.yml"));

        Set<String> placeholders = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(applicationYml);
        while (matcher.find()) {
            placeholders.add(matcher.group(1));
        }

        Set<String> groups = new TreeSet<>(Project.map(Project.at(yml, "management.endpoint.health.group")).keySet());
        if (Boolean.TRUE.equals(Project.at(yml, "management.endpoint.health.probes.enabled"))) {
            groups.add("liveness");
            groups.add("readiness");
        }
        Object exposed = Project.at(yml, "management.endpoints.web.exposure.include");
        if (exposed == null || !List.of(exposed.toString().split(",")).contains("health")) {
            groups.clear();
        }

        Set<String> properties = new TreeSet<>(SPRING_BOOT_PROPERTIES);
        properties.addAll(configurationProperties(List.of(classes(module), classes(SUPPORT))));
        return new ServiceSettings(module, portOf(String.valueOf(Project.at(yml, "server.port"))),
                Collections.unmodifiableSet(groups), Collections.unmodifiableSet(properties),
                Collections.unmodifiableSet(placeholders));
    }

    /** Whether the service reads {@code env}: a placeholder of its own, or a property by Spring's relaxed binding. */
    boolean reads(String env) {
        return placeholders.contains(env) || properties.stream().anyMatch(property -> binds(env, property));
    }

    /** {@code BAZAAR_ORDER_DATADIR} and {@code BAZAAR_ORDER_DATA_DIR} both set {@code bazaar.order.data-dir}. */
    static boolean binds(String env, String property) {
        String name = property.toUpperCase(Locale.ROOT).replace('.', '_');
        return env.equals(name.replace("-", "")) || env.equals(name.replace('-', '_'));
    }

    private static int portOf(String value) {
        Matcher placeholder = PLACEHOLDER.matcher(value);
        return Integer.parseInt(placeholder.matches() ? placeholder.group(2) : value);
    }

    private static Path classes(String module) {
        Path classes = Project.ROOT.resolve(module).resolve("target/classes");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException(classes + " is missing: build " + module + " first (the reactor does)");
        }
        return classes;
    }

    /** Every property of every {@code @ConfigurationProperties} class compiled into these folders. */
    private static Set<String> configurationProperties(List<Path> folders) {
        Set<String> properties = new TreeSet<>();
        URL[] urls = folders.stream().map(ServiceSettings::url).toArray(URL[]::new);
        try (URLClassLoader loader = new URLClassLoader(urls, ServiceSettings.class.getClassLoader())) {
            for (Path folder : folders) {
                for (String className : annotatedClasses(folder)) {
                    Class<?> type = Class.forName(className, false, loader);
                    ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
                    if (annotation == null) {
                        continue;
                    }
                    String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
                    for (String name : propertyNames(type)) {
                        properties.add(prefix + "." + kebab(name));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        if (properties.isEmpty()) {
            throw new IllegalStateException("no @ConfigurationProperties class found in " + folders);
        }
        return properties;
    }

    private static List<String> propertyNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                names.add(component.getName());
            }
        } else {
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    names.add(field.getName());
                }
            }
        }
        return names;
    }

    /** Classes whose bytes name the annotation: only those are loaded (the others may need absent libraries). */
    private static List<String> annotatedClasses(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.toString().endsWith(".class"))
                    .filter(ServiceSettings::namesTheAnnotation)
                    .map(file -> folder.relativize(file).toString().replace(folder.getFileSystem().getSeparator(), ".")
                            .replaceAll("\\.class$", ""))
                    .toList();
        }
    }

    private static boolean namesTheAnnotation(Path classFile) {
        try {
            byte[] bytes = Files.readAllBytes(classFile);
            outer:
            for (int i = 0; i <= bytes.length - CONFIGURATION_PROPERTIES.length; i++) {
                for (int j = 0; j < CONFIGURATION_PROPERTIES.length; j++) {
                    if (bytes[i + j] != CONFIGURATION_PROPERTIES[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String kebab(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static URL url(Path folder) {
        try {
            return folder.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The properties Spring Boot's own jars on this classpath declare (server.port, spring.config.import, ...). */
    private static Set<String> springBootProperties() {
        Set<String> names = new HashSet<>();
        ObjectMapper json = new ObjectMapper();
        try {
            var resources = ServiceSettings.class.getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json");
            while (resources.hasMoreElements()) {
                try (InputStream in = resources.nextElement().openStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        names.add(property.path("name").asString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(names);
    }
}
