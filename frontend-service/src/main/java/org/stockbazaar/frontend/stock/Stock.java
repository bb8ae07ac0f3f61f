package org.stockbazaar.frontend.stock;

import java.math.BigDecimal;

/** A lookup's answer: {@code {"name":"GameStart","price":15.99,"quantity":100}}. */
public record Stock(String name, BigDecimal price, long quantity) {
}
