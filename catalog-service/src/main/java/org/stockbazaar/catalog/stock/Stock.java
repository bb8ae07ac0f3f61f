package org.stockbazaar.catalog.stock;

import java.math.BigDecimal;
import org.stockbazaar.support.TradeType;

/** What a lookup returns: {@code {"name":"GameStart","price":15.99,"quantity":100}} (volume: units traded so far). */
record Stock(String name, BigDecimal price, long quantity, long volume) {

    /** The stock after a trade of {@code units}; a buy of more than is left is refused (409). */
    Stock after(TradeType type, long units) {
        return new Stock(name, price, type.quantityAfter(quantity, units), volume + units);
    }
}
