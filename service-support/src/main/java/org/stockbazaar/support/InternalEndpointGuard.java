package org.stockbazaar.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/** Refuses a call to an internal endpoint unless it carries the shared secret (compared in constant time). */
final class InternalEndpointGuard implements HandlerInterceptor {

    private final byte[] token;

    InternalEndpointGuard(InternalProperties properties) {
        this.token = properties.token().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String presented = request.getHeader(InternalProperties.HEADER);
        if (presented == null) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "internal endpoint: missing " + InternalProperties.HEADER);
        }
        if (!MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(HttpStatus.FORBIDDEN, "internal endpoint: wrong internal token");
        }
        return true;
    }
}
