package org.stockbazaar.order.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import org.stockbazaar.order.replication.ReplicaState;
import org.stockbazaar.support.AtomicFile;
import tools.jackson.databind.json.JsonMapper;

/** {@code replica_<id>.json}, replaced atomically ({@link AtomicFile}). */
public final class FileReplicaStateStore implements ReplicaState.Store {

    private final Path file;
    private final JsonMapper json;

    public FileReplicaStateStore(Path folder, int replicaId, JsonMapper json) {
        this.file = folder.resolve("replica_" + replicaId + ".json");
        this.json = json;
    }

    @Override
    public ReplicaState load() {
        if (!Files.exists(file)) {
            return ReplicaState.INITIAL;
        }
        try {
            return json.readValue(file.toFile(), ReplicaState.class);
        } catch (RuntimeException e) {
            throw new IllegalStateException("replica state " + file + " is unreadable (" + e.getMessage()
                    + "): refusing to start, since a forgotten promise could let two leaders act", e);
        }
    }

    @Override
    public boolean exists() {
        return Files.exists(file);
    }

    @Override
    public void save(ReplicaState state) {
        AtomicFile.replace(file, json.writeValueAsBytes(state));
    }
}
