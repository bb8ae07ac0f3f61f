package org.stockbazaar.client.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Rules on a subcommand's options that picocli's annotations cannot state (a range, two options together). */
public final class Usage {

    private Usage() {
    }

    /** A broken rule is an invalid command line: picocli prints {@code message} and the usage, and exits with 2. */
    public static void require(CommandSpec spec, boolean holds, String message) {
        if (!holds) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
