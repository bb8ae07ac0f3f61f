package org.stockbazaar.client.results;

import java.math.BigDecimal;
import java.util.Locale;

/** How numbers look in file names, tables and charts: the same everywhere. */
public final class Format {

    private Format() {
    }

    /** 0.2 as "0.2", 1.0 as "1", 100.0 as "100": no floating-point noise, no trailing zeros. */
    public static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    public static String ms(double millis) {
        return String.format(Locale.ROOT, millis >= 100 ? "%.0f" : millis >= 10 ? "%.1f" : "%.2f", millis);
    }

    public static String count(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    public static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }

    public static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }
}
