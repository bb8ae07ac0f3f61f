package org.stockbazaar.client.load;

/** How the front end answered one request. */
enum Outcome {
    /** 200. */
    OK,
    /** 409 to a buy: not enough stock. The system said no as it should; not a failure. */
    REFUSED,
    /** Any other status, or no answer at all (connection refused, reset, timed out). */
    FAILED
}
