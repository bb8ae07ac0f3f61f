package org.stockbazaar.catalog.invalidation;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.JsonEndpoint;
import org.stockbazaar.support.trade.TradeRules;

/** Internal: front ends register here for the evictions of their caches, and renew their leases. */
@RestController
class FrontendController {

    private final FrontendRegistry registry;

    FrontendController(FrontendRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers or renews: {@code {"id":"…","url":"http://127.0.0.1:8091"}} → the registration, the lease and the
     * evictions kept for this answer ({@link FrontendRegistry#defer}). Front ends renew at {@code /internal/leases}
     * (below); this path stays for a front end of an earlier version.
     */
    @PostMapping("/internal/frontends")
    ApiData<LeaseGrant> renew(@RequestBody Registration registration) {
        FrontendRegistry.Grant grant = registry.renew(registration.id(), registration.url());
        return ApiData.of(new LeaseGrant(grant.registration(), grant.lease().toMillis(), grant.evict()));
    }

    /**
     * The same registration or renewal as {@code POST /internal/frontends}, served as a {@link JsonEndpoint}, so that
     * it goes in frames (docs/internal-frames.md): a front end renews four times a second, and over HTTP each renewal
     * cost the two services more CPU than a trade's frame calls (docs/cache.md, "Registration and lease").
     */
    @Bean("/internal/leases")
    JsonEndpoint leaseEndpoint(JsonEndpoint.Factory endpoints) {
        return endpoints.post(Registration.class, registration -> {
            if (registration == null) {
                throw ApiException.badRequest("id and url are required");
            }
            return renew(registration);
        });
    }

    @DeleteMapping("/internal/frontends/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void leave(@PathVariable String id) {
        registry.leave(id);
    }

    @GetMapping("/internal/frontends")
    ApiData<List<FrontendRegistry.LeaseView>> list() {
        return ApiData.of(registry.describe());
    }

    record Registration(String id, URI url) {

        Registration {
            // the rules of a request id: the leader and the catalog check a trade's front end by them too
            if (!TradeRules.isRequestId(id)) {
                throw ApiException.badRequest("id must be 1 to 128 letters, digits, '.', '_', ':' or '-'");
            }
            if (url == null || !url.isAbsolute() || url.getHost() == null
                    || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw ApiException.badRequest("url must be an absolute http or https URL");
            }
        }
    }

    /**
     * @param leaseMs how long the lease lasts, counted by the front end from when it sent the request
     * @param evict stocks to drop from its cache if what it holds of them is older than the version given: changed by
     *     trades it routed, which it drops itself when answered (docs/cache.md, "The front end that routed a trade")
     */
    record LeaseGrant(long registration, long leaseMs, Map<String, Long> evict) {
    }
}
