package org.stockbazaar.client;

/** One line of {@code errors.csv}: how often a request type got a status other than 200 (0: no answer at all). */
record ErrorRow(double p, String type, int status, String outcome, long count, String example) {
}
