package dev.trainplan.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void read_quotedCommasQuotesAndNewlines_keepsCellsWhole() {
        String text = "a,b,c\r\n1,\"x, y\",\"he said \"\"hi\"\"\nnext line\"\n2,,\n";
        List<Map<String, String>> rows = Csv.read(new StringReader(text), "test.csv");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("a", "1").containsEntry("b", "x, y").containsEntry("c", "he said \"hi\"\nnext line");
        assertThat(rows.get(1)).containsEntry("b", "").containsEntry("c", "");
    }

    @Test
    void read_wrongCellCount_namesTheRecord() {
        assertThatThrownBy(() -> Csv.read(new StringReader("a,b\n1,2,3\n"), "x.csv"))
                .hasMessage("x.csv record 1 has 3 cells but the header has 2 columns.");
    }

    @Test
    void read_sharedRunsCsv_hasEveryRowOfTheFile() throws IOException {
        Path runs = Path.of("../../shared/validation/runs.csv");
        if (!Files.exists(runs)) {
            runs = Path.of("../shared/validation/runs.csv");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(runs), "shared/ is beside the checkout");
        List<Map<String, String>> rows = Csv.read(Files.newBufferedReader(runs), "runs.csv");
        long ids = rows.stream().map(r -> r.get("id")).distinct().count();
        assertThat(rows.size()).isGreaterThan(500);
        assertThat(ids).isEqualTo(rows.size());
    }
}
