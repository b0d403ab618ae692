package dev.trainplan.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TotalsRunsTest {
    @Test
    void read_sharedTotals_everyRowWithItsPublishedParameterCountNearOurs() throws IOException {
        Path p = Path.of("../../shared/validation/totals.csv");
        Assumptions.assumeTrue(Files.exists(p), "shared/ is beside the checkout");
        List<TotalsRun> runs = TotalsRuns.read(Files.newBufferedReader(p), "totals.csv");
        assertThat(runs).hasSize(16);
        TotalsRun llama = runs.stream().filter(r -> r.id().equals("llama2-70b")).findFirst().orElseThrow();
        // Llama 2 70B card: 1,720,320 GPU-hours on A100-80GB for 2T tokens.
        assertThat(llama.measuredDeviceHours()).isEqualTo(1_720_320);
        assertThat(llama.trainTokens()).isEqualTo(2_000_000_000_000L);
        for (TotalsRun r : runs) {
            // The shape columns reproduce the published size to within 10% (published figures are rounded; MoE totals).
            assertThat(r.model().parameters() / 1e9).as(r.id()).isCloseTo(r.publishedBillions(), org.assertj.core.data.Percentage.withPercentage(10));
        }
    }
}
