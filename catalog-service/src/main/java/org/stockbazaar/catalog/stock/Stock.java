package org.stockbazaar.catalog.stock;

import java.math.BigDecimal;
import org.stockbazaar.support.trade.TradeType;

/** What a lookup returns: {@code {"name":"GameStart","price":15.99,"quantity":100}} (volume: quantity traded so far). */
record Stock(String name, BigDecimal price, long quantity, long volume) {

    /** The stock after a trade of {@code traded}, by the type's rule; a buy of more than is left is refused (409). */
    Stock after(TradeType type, long traded) {
        return new Stock(name, price, type.quantityAfter(quantity, traded), volume + traded);
    }
}
