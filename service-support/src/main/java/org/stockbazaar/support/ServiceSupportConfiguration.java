package org.stockbazaar.support;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** What every Stock Bazaar service shares: the error model and the guard on {@code /internal/**}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InternalProperties.class)
class ServiceSupportConfiguration implements WebMvcConfigurer {

    private final InternalProperties internal;

    ServiceSupportConfiguration(InternalProperties internal) {
        this.internal = internal;
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

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new InternalEndpointGuard(internal)).addPathPatterns("/internal/**");
    }
}
