package org.stockbazaar.frontend.stock;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;

/**
 * A lookup's answer: {@code {"name":"GameStart","price":15.99,"quantity":100}}. The catalog's internal list adds
 * fields (the volume traded) that the front end does not use.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(requiredProperties = {"name", "price", "quantity"})
public record Stock(String name, BigDecimal price, long quantity) {
}
