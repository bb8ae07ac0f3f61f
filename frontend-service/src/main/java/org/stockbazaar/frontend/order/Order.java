package org.stockbazaar.frontend.order;

import io.swagger.v3.oas.annotations.media.Schema;
import org.stockbazaar.support.trade.TradeType;

/** One entry of the order log: {@code {"number":0,"name":"GameStart","type":"buy","quantity":1}}. */
@Schema(requiredProperties = {"number", "name", "type", "quantity"})
public record Order(long number, String name, TradeType type, long quantity) {
}
