package dev.trainplan.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainplan.engine.job.Recompute;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ValidationRunsTest {
    static Path runsCsv() {
        Path p = Path.of("../../shared/validation/runs.csv");
        Assumptions.assumeTrue(Files.exists(p), "shared/ is beside the checkout");
        return p;
    }

    @Test
    void read_sharedRuns_everyRowBecomesAJob() throws IOException {
        List<ValidationRun> runs = ValidationRuns.read(Files.newBufferedReader(runsCsv()), "runs.csv");
        assertThat(runs).hasSizeGreaterThan(600);
        for (ValidationRun r : runs) {
            // The schema says DP = devices / (tp × pp × cp); every row must multiply out.
            r.job(r.microBatch() == 0 ? 1 : r.microBatch(), r.recompute() == null ? Recompute.NONE : r.recompute());
        }
        assertThat(runs.stream().filter(ValidationRun::hasMemory)).hasSize(68);
        assertThat(runs.stream().filter(ValidationRun::hasThroughput)).hasSize(585);
    }

    @Test
    void read_korthikanti175b_hasThePaperConfiguration() throws IOException {
        ValidationRun r = ValidationRuns.read(Files.newBufferedReader(runsCsv()), "runs.csv").stream()
                .filter(x -> x.id().equals("korth-175b-spsel")).findFirst().orElseThrow();
        assertThat(r.family()).isEqualTo("korthikanti");
        assertThat(r.model().layers()).isEqualTo(96);
        assertThat(r.model().hidden()).isEqualTo(12288);
        assertThat(r.parallelism().tp()).isEqualTo(8);
        assertThat(r.recompute()).isEqualTo(Recompute.SELECTIVE);
    }

    @Test
    void read_badCell_namesRowAndColumn() {
        String header = String.join(",", ValidationRuns.COLUMNS);
        String row = "x-1,s,megatron,m,NaNlayers,1024,16,16,,4096,50257,2048,gelu,,,,,,standard,true,a100-sxm4-80gb,8,8,1,1,1,1,1,false,zero1,1,8,bf16,none,100,,high,n";
        assertThatThrownBy(() -> ValidationRuns.read(new StringReader(header + "\n" + row + "\n"), "r.csv"))
                .hasMessage("r.csv line 2, column layers, is 'NaNlayers', not a whole number.");
    }

    private static final String MLA = "ds-1,repo,megatron,DeepSeek-V3 (truncated),4,7168,128,128,128,18432,129280,4096,swiglu,256,8,2048,1,1,"
            + "mla,false,b200,8,8,1,1,1,8,1,false,zero1,1,32,bf16,none,27161.8,104.30,high,notes\n";

    @Test
    void read_geluRow_isGptStyleWithLearnedPositions() throws IOException {
        ValidationRun r = ValidationRuns.read(Files.newBufferedReader(runsCsv()), "runs.csv").stream()
                .filter(x -> x.id().equals("korth-22b-spsel")).findFirst().orElseThrow();
        assertThat(r.model().norm()).isEqualTo(dev.trainplan.engine.model.Norm.LAYERNORM);
        assertThat(r.model().gated()).isFalse();
        assertThat(r.model().maxPositions()).isEqualTo(2048);
        assertThat(r.model().tiedEmbeddings()).isTrue();
        assertThat(r.parallelism().sequenceParallelActive()).isTrue();
    }

    @Test
    void read_mlaRow_usesDeepSeekLowRankSizesAndExpertLayout() {
        String header = String.join(",", ValidationRuns.COLUMNS);
        ValidationRun run = ValidationRuns.read(new StringReader(header + "\n" + MLA), "runs.csv").getFirst();
        assertThat(run.model().mla()).isEqualTo(ValidationRuns.DEEPSEEK_MLA);
        assertThat(run.model().moe().experts()).isEqualTo(256);
        assertThat(run.model().moe().sharedExpertFfnHidden()).isEqualTo(2048);
        assertThat(run.model().moeLayers()).isEqualTo(3);
        assertThat(run.parallelism().ep()).isEqualTo(8);
        assertThat(run.measuredMemoryGib()).isEqualTo(104.30);
        assertThat(run.job(run.microBatch(), Recompute.NONE).parallelism().expertDataParallel(8)).isEqualTo(1);
    }

    @Test
    void torchtitanPipelinedRows_splitTheirLocalBatchIntoOneMicroBatchPerStage() throws IOException {
        List<ValidationRun> runs = ValidationRuns.read(Files.newBufferedReader(runsCsv()), "runs.csv");
        // Llama 3.1 405B on 512 H100, pp 8, local batch 32 (torchtitan's 2024 benchmarks): 8 micro-batches of 4 per step.
        ValidationRun b0462 = runs.stream().filter(x -> x.id().equals("torchtitan-B0462")).findFirst().orElseThrow();
        assertThat(b0462.microBatch()).isEqualTo(32);
        assertThat(b0462.splitsLocalBatch()).isTrue();
        assertThat(b0462.microStepBatch()).isEqualTo(4);
        assertThat(b0462.job(b0462.microStepBatch(), Recompute.FULL).batch().gradientAccumulation()).isEqualTo(8);
        // Without a pipeline the row's micro-batch is the micro-step's.
        ValidationRun flat = runs.stream().filter(x -> x.framework() == dev.trainplan.engine.job.Framework.TORCHTITAN && x.parallelism().pp() == 1
                && x.microBatch() > 0).findFirst().orElseThrow();
        assertThat(flat.splitsLocalBatch()).isFalse();
        assertThat(flat.microStepBatch()).isEqualTo(flat.microBatch());
    }
}
