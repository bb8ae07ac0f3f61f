package org.stockbazaar.client.load;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long run on one terminal line, redrawn in place. Drawn only on an interactive terminal; elsewhere
 * (a log file, a pipe, a test) only the step lines are printed, so logs stay readable.
 */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintWriter terminal;
    private final boolean live;
    private int lastLength;

    ProgressBar(PrintWriter terminal, boolean live) {
        this.terminal = terminal;
        this.live = live;
    }

    /** Live if this program runs on a terminal (not with its output piped or redirected). */
    static ProgressBar on(PrintWriter terminal) {
        return new ProgressBar(terminal, System.console() != null);
    }

    synchronized void update(String step, double fraction, long requests, long failed, long elapsedMs) {
        if (!live) {
            return;
        }
        double done = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(done * WIDTH);
        String left = done > 0.01 ? "~" + clock((long) (elapsedMs * (1 - done) / done)) + " left" : "";
        draw(String.format(Locale.ROOT, "[%s%s] %3.0f%%  %s  %,d requests  %,d failed  %s  %s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), done * 100, step, requests, failed,
                clock(elapsedMs), left));
    }

    /** A line that stays: above the bar on a terminal, on its own elsewhere. */
    synchronized void println(String line) {
        if (live) {
            draw("");
            terminal.print('\r');
        }
        terminal.println(line);
        terminal.flush();
    }

    synchronized void clear() {
        if (live && lastLength > 0) {
            draw("");
            terminal.print('\r');
            lastLength = 0;
        }
    }

    private void draw(String text) {
        String padded = text.length() < lastLength ? text + " ".repeat(lastLength - text.length()) : text;
        terminal.print("\r" + padded);
        terminal.flush();
        lastLength = text.length();
    }

    private static String clock(long ms) {
        long s = ms / 1000;
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
