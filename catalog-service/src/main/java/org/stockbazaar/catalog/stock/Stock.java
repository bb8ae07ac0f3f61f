package org.stockbazaar.catalog.stock;

import java.math.BigDecimal;

/** What a lookup returns: {@code {"name":"GameStart","price":15.99,"quantity":100}} (volume: units traded so far). */
public record Stock(String name, BigDecimal price, long quantity, long volume) {

    Stock after(TradeType type, long units) {
        return new Stock(name, price, type == TradeType.SELL ? quantity + units : quantity - units, volume + units);
    }
}
