package org.stockbazaar.order.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stockbazaar.order.replication.ReplicaState;
import tools.jackson.databind.json.JsonMapper;

class FileReplicaStateStoreTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private FileReplicaStateStore store() {
        return new FileReplicaStateStore(dir, 2, json);
    }

    private Path stateFile() {
        return dir.resolve("replica_2.json");
    }

    @Test
    void aReplicaThatNeverPromisedStartsFromTheInitialState() {
        assertThat(store().load()).isEqualTo(ReplicaState.INITIAL);
    }

    @Test
    void aSavedStateIsWhatTheNextStartLoads() throws IOException {
        store().save(new ReplicaState(7, 5));
        store().save(new ReplicaState(8, 8));

        assertThat(store().load()).isEqualTo(new ReplicaState(8, 8));
        assertThat(Files.readString(stateFile())).contains("\"promisedEpoch\":8").contains("\"logEpoch\":8");
        assertThat(dir.resolve("replica_2.json.tmp")).as("replaced by renaming the temp file").doesNotExist();
    }

    @Test
    void aTempFileLeftByACrashBeforeTheRenameIsIgnored() throws IOException {
        store().save(new ReplicaState(3, 2));
        Files.writeString(dir.resolve("replica_2.json.tmp"), "{\"promisedEp");

        assertThat(store().load()).isEqualTo(new ReplicaState(3, 2));
        store().save(new ReplicaState(4, 2));
        assertThat(store().load()).isEqualTo(new ReplicaState(4, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"promisedEpoch\":7,", "not json", "[1,2]", "{}", "{\"promisedEpoch\":7}"})
    void anUnreadableStateFileStopsTheStartWithAClearMessage(String content) throws IOException {
        Files.writeString(stateFile(), content);

        assertThatThrownBy(() -> store().load()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(stateFile().toString())
                .hasMessageContaining("unreadable")
                .hasMessageContaining("refusing to start");
    }
}
