package org.stockbazaar.frontend;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.resilience.annotation.EnableResilientMethods;

/** The public face of Stock Bazaar: stock lookups through an LRU cache, routed to the catalog. */
@SpringBootApplication(scanBasePackages = "org.stockbazaar")
@ConfigurationPropertiesScan
@EnableResilientMethods
public class FrontendApplication {

    public static void main(String[] args) {
        SpringApplication.run(FrontendApplication.class, args);
    }
}
