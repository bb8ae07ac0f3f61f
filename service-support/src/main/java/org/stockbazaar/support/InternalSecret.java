package org.stockbazaar.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The shared secret that opens {@code /internal/**} and the management endpoints, compared in constant time. A
 * caller sends it in {@link InternalProperties#HEADER}; the management endpoints also take it as
 * {@code Authorization: Bearer <secret>} (what a Prometheus scrape config sends with {@code authorization:
 * credentials}).
 */
final class InternalSecret {

    private static final String BEARER = "bearer ";

    private final byte[] token;

    InternalSecret(InternalProperties properties) {
        this.token = properties.token().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Returns normally if the request carries the secret; otherwise throws 401 (no secret presented) or 403 (a
     * wrong one). The bazaar header wins over {@code Authorization} when a request sends both.
     */
    void check(String bazaarHeader, String authorization, String what) {
        String presented = bazaarHeader != null ? bazaarHeader : bearer(authorization);
        if (presented == null) {
            throw new ApiException(HttpStatus.UNAUTHORIZED,
                    what + ": missing " + InternalProperties.HEADER + " or " + HttpHeaders.AUTHORIZATION + " Bearer");
        }
        check(presented, what);
    }

    /** The same for the bazaar header alone (the {@code /internal/**} endpoints, called only by the services). */
    void check(String bazaarHeader, String what) {
        if (bazaarHeader == null) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, what + ": missing " + InternalProperties.HEADER);
        }
        if (!MessageDigest.isEqual(token, bazaarHeader.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(HttpStatus.FORBIDDEN, what + ": wrong internal token");
        }
    }

    /** The credentials of a Bearer {@code Authorization} header (the scheme is case-insensitive), else null. */
    private static String bearer(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return null;
        }
        return authorization.substring(BEARER.length()).strip();
    }
}
