package org.stockbazaar.system;

import java.net.URI;
import java.nio.file.Path;

/** What the shared test clients need of a running stack, whether its services are processes or containers. */
interface Deployment {

    String internalToken();

    URI frontendUrl();

    URI replicaUrl(int id);

    boolean replicaRunning(int id);

    /** Replica {@code id}'s order log, readable from this machine. */
    Path orderLog(int id);
}
