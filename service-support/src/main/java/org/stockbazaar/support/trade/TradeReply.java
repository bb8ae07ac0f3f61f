package org.stockbazaar.support.trade;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A trade's answer, from the leader to the front end and from there to the client: {@code {"transaction_number":7}}
 * (the seed's field name).
 */
public record TradeReply(@JsonProperty("transaction_number") long transactionNumber) {
}
