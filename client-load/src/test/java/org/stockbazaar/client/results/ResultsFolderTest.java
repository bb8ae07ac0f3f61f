package org.stockbazaar.client.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFolderTest {

    @TempDir
    Path tmp;

    @Test
    void csvColumnsFollowTheRecordInSnakeCaseAndReadBackUnchanged() throws Exception {
        ResultsFolder folder = new ResultsFolder(tmp);
        SummaryRow row = new SummaryRow(0.2, "lookup", 10, 9, 0, 1, 1.5, 1.25, 2, 3, 4, 5, 2.5, 4, 1000, 3500);
        SessionRow session = new SessionRow(0.2, false, 1, 0, "http://127.0.0.1:8091", 10, 2, 1, 1, 0,
                "order #1 \"odd\", with a comma");

        folder.writeCsv(ResultsFolder.SUMMARY, SummaryRow.class, List.of(row));
        folder.writeCsv(ResultsFolder.VERIFICATION, SessionRow.class, List.of(session));

        assertThat(Files.readAllLines(folder.file(ResultsFolder.SUMMARY)).get(0)).isEqualTo("p,type,count,ok,"
                + "refused,failed,mean_ms,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,seconds,throughput,start_epoch_ms,"
                + "end_epoch_ms");
        assertThat(folder.readCsv(ResultsFolder.SUMMARY, SummaryRow.class)).containsExactly(row);
        assertThat(folder.readCsv(ResultsFolder.VERIFICATION, SessionRow.class)).containsExactly(session);
        assertThat(folder.readCsv(ResultsFolder.EVENTS, RunEvent.class)).isEmpty();
    }
}
