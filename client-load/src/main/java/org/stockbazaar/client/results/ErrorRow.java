package org.stockbazaar.client.results;

/** One line of {@code errors.csv}: how often a request type got a status other than 200 (0: no answer at all). */
public record ErrorRow(double p, String type, int status, String outcome, long count, String example) {
}
