package org.stockbazaar.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/** Refuses a call to an internal endpoint unless it carries the shared secret ({@link InternalSecret}). */
final class InternalEndpointGuard implements HandlerInterceptor {

    private final InternalSecret secret;

    InternalEndpointGuard(InternalSecret secret) {
        this.secret = secret;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        secret.check(request.getHeader(InternalProperties.HEADER), "internal endpoint");
        return true;
    }
}
