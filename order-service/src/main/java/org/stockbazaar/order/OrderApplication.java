package org.stockbazaar.order;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.resilience.annotation.EnableResilientMethods;

/** One order replica: holds a copy of the order log; the leader among the three also takes trades. */
@SpringBootApplication(scanBasePackages = "org.stockbazaar")
@ConfigurationPropertiesScan
@EnableResilientMethods
public class OrderApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderApplication.class, args);
    }
}
