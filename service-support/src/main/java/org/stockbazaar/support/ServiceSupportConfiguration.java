package org.stockbazaar.support;

import jakarta.servlet.Filter;
import org.apache.catalina.core.StandardHost;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.env.Environment;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.ExceptionHandlerExceptionResolver;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every Stock Bazaar service shares: the error model, the guard on {@code /internal/**} and the one on the
 * management endpoints.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InternalProperties.class)
class ServiceSupportConfiguration implements WebMvcConfigurer {

    private final InternalSecret secret;

    ServiceSupportConfiguration(InternalProperties internal) {
        this.secret = new InternalSecret(internal);
    }

    /**
     * The clients of the other services: Spring Boot's builders, and the {@code bazaar.internal.ssl-bundle} if one
     * is named (an unknown name stops the service at start, as a missing certificate should).
     */
    @Bean
    ServiceClients serviceClients(ObjectProvider<RestClient.Builder> builders, ObjectProvider<SslBundles> bundles,
            InternalProperties internal, JsonMapper json) {
        SslBundle ssl = internal.sslBundle() == null ? null : bundles.getObject().getBundle(internal.sslBundle());
        // slices of the context in tests (@WebMvcTest) have no RestClient auto-configuration: plain builders there
        return new ServiceClients(() -> builders.getIfAvailable(RestClient::builder), ssl, internal.token(), json,
                internal.frames());
    }

    /** The {@link JsonEndpoint}s that take a body, in frames too (docs/internal-frames.md). */
    @Bean
    FrameServer frameServer(ApplicationContext context, InternalProperties internal, JsonMapper json,
            Environment environment, ObjectProvider<MeterRegistry> meters) {
        return new FrameServer(context, internal, json, environment.getProperty("server.address"), meters);
    }

    /** Malformed requests that Tomcat rejects before Spring MVC still get the JSON error model. */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> jsonErrorsFromTomcat() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
    }

    /**
     * Numbers are read as they were sent, in every body every service reads: 1.5 is not the integer 1 and "3" is not 3.
     * Jackson's defaults would round a catalog trade of 1.5 units down to 1 and apply it.
     */
    @Bean
    JsonMapperBuilderCustomizer strictNumbers() {
        return builder -> builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
    }

    /**
     * Clears the trade ids a controller put in the logging context ({@link TradeLog#tagRequest}) once the request is
     * done: after the error handlers, so an error about a trade is logged with its ids, and before the thread serves
     * another request.
     */
    @Bean
    FilterRegistrationBean<Filter> tradeLogContext() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            try {
                chain.doFilter(request, response);
            } finally {
                MDC.remove(TradeLog.KEY);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * The management endpoints but health and info need the internal secret: metrics tell an outsider how busy the
     * service is and what it runs. After the logging-context filter, before everything else.
     */
    @Bean
    FilterRegistrationBean<ManagementEndpointGuard> managementEndpointGuard(JsonMapper json) {
        FilterRegistrationBean<ManagementEndpointGuard> registration =
                new FilterRegistrationBean<>(new ManagementEndpointGuard(secret, json));
        registration.addUrlPatterns(ManagementEndpointGuard.BASE, ManagementEndpointGuard.BASE + "/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** The internal endpoints on a trade's path ({@link JsonEndpoint}), read with the mapper every body is. */
    @Bean
    JsonEndpoint.Factory jsonEndpoints(JsonMapper json) {
        return new JsonEndpoint.Factory(json);
    }

    /** The error model for those endpoints' exceptions too ({@link JsonEndpoint.AdviceResolver}). */
    @Bean
    WebMvcRegistrations jsonEndpointErrors() {
        return new WebMvcRegistrations() {
            @Override
            public ExceptionHandlerExceptionResolver getExceptionHandlerExceptionResolver() {
                return new JsonEndpoint.AdviceResolver();
            }
        };
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new InternalEndpointGuard(secret)).addPathPatterns("/internal/**");
    }
}
