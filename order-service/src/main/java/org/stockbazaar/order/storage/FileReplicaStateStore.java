package org.stockbazaar.order.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.stockbazaar.order.replication.ReplicaState;
import tools.jackson.databind.json.JsonMapper;

/** {@code replica_<id>.json}, replaced atomically (temp file, fsync, rename, fsync of the folder). */
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
    public void save(ReplicaState state) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.write(tmp, json.writeValueAsBytes(state));
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel folder = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                folder.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save replica state " + file, e);
        }
    }
}
