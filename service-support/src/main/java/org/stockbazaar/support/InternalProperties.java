package org.stockbazaar.support;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the services trust each other.
 *
 * @param token     the shared secret that guards every {@code /internal/**} endpoint (env
 *                  {@code BAZAAR_INTERNAL_TOKEN}). The run script generates one per run and hands it to every
 *                  service; a service without one refuses to start rather than leave its internal endpoints open.
 * @param sslBundle the Spring Boot SSL bundle whose trust material this service's clients of the other services
 *                  use for {@code https} addresses (env {@code BAZAAR_INTERNAL_SSL_BUNDLE}); unset: the JDK's
 *                  default trust store. The {@code tls} profile sets it, with the server's {@code server.ssl.bundle}
 *                  (docs/security.md).
 * @param frames    whether the posts to {@link JsonEndpoint}s (the three internal calls on a trade's path, the front
 *                  end's cache misses) go on plain connections where the other side offers them (env
 *                  {@code BAZAAR_INTERNAL_FRAMES}, default true; docs/internal-frames.md); this service offers them
 *                  too. Off whatever it says while {@code sslBundle} is set: those calls then stay on HTTPS.
 * @param framePort the port this service takes frames on (env {@code BAZAAR_INTERNAL_FRAME_PORT}): 0, the default, a
 *                  free port the system gives at start; callers learn it from {@code GET /internal/frames}
 */
@ConfigurationProperties(prefix = "bazaar.internal")
public record InternalProperties(String token, String sslBundle, Boolean frames, Integer framePort) {

    public static final String HEADER = "X-Bazaar-Internal-Token";

    public InternalProperties {
        if (token == null || token.isBlank()) {
            throw new IllegalStateException(
                    "bazaar.internal.token (env BAZAAR_INTERNAL_TOKEN) must be set: it guards the internal endpoints");
        }
        if (sslBundle != null && sslBundle.isBlank()) {
            sslBundle = null;
        }
        frames = sslBundle == null && (frames == null || frames);
        if (framePort == null) {
            framePort = 0;
        }
        if (framePort < 0 || framePort > 65535) {
            throw new IllegalStateException("bazaar.internal.frame-port must be 0 (a free port) to 65535, not "
                    + framePort);
        }
    }
}
