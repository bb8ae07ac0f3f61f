package org.stockbazaar.deploy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The facts docker/Dockerfile fixes for every image: the user, the JVM's default options, the image names. */
final class Images {

    static final String DOCKERFILE = Project.read(Project.ROOT.resolve("docker/Dockerfile"));
    private static final Pattern IMAGE = Pattern.compile("stockbazaar/([a-z-]+)(:[\\w.-]+)?");

    private Images() {
    }

    /** The uid the services run as ({@code USER 65534:65534}). */
    static long user() {
        Matcher user = Pattern.compile("(?m)^USER (\\d+)(?::(\\d+))?$").matcher(DOCKERFILE);
        if (!user.find()) {
            throw new IllegalStateException("docker/Dockerfile sets no USER");
        }
        return Long.parseLong(user.group(1));
    }

    /** The image's default {@code JAVA_OPTS}. */
    static String javaOptions() {
        Matcher options = Pattern.compile("JAVA_OPTS=\"([^\"]*)\"").matcher(DOCKERFILE);
        if (!options.find()) {
            throw new IllegalStateException("docker/Dockerfile sets no JAVA_OPTS");
        }
        return options.group(1);
    }

    /** The module an image of ours runs ({@code stockbazaar/order-service:latest}: order-service), or null. */
    static String module(String image) {
        Matcher matcher = IMAGE.matcher(image);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** Megabytes of the {@code -Xmx} in JVM options. */
    static long heapMegabytes(String javaOptions) {
        Matcher xmx = Pattern.compile("-Xmx(\\d+)([mMgG])").matcher(javaOptions);
        if (!xmx.find()) {
            throw new IllegalStateException("no -Xmx in " + javaOptions);
        }
        long amount = Long.parseLong(xmx.group(1));
        return xmx.group(2).equalsIgnoreCase("g") ? amount * 1024 : amount;
    }
}
