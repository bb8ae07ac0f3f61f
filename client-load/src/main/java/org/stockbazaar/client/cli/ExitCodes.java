package org.stockbazaar.client.cli;

/**
 * The exit codes the subcommands share beside 0 (success) and picocli's 2 (an invalid command line); the main class
 * lists them in its help.
 */
public final class ExitCodes {

    /** An order missing or different, no answer from the front end, stored state inconsistent, a broken rule. */
    public static final int CHECK_FAILED = 1;
    /** A good command line that could not be carried out, e.g. a results folder that cannot be written. */
    public static final int COULD_NOT_RUN = 3;

    private ExitCodes() {
    }
}
