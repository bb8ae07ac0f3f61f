package org.stockbazaar.frontend.order;

import org.stockbazaar.support.trade.TradeType;

/** One entry of the order log: {@code {"number":0,"name":"GameStart","type":"buy","quantity":1}}. */
public record Order(long number, String name, TradeType type, long quantity) {
}
