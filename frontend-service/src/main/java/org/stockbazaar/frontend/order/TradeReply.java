package org.stockbazaar.frontend.order;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A trade's answer, from the leader and to the client: {@code {"transaction_number":7}} (the seed's field name). */
record TradeReply(@JsonProperty("transaction_number") long transactionNumber) {
}
