package dev.trainplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.time.Calibration;
import dev.trainplan.engine.time.Overheads;
import dev.trainplan.formats.CalibrationFile;
import dev.trainplan.formats.PublishedRecipe;
import dev.trainplan.formats.PublishedRecipes;
import dev.trainplan.formats.TotalsRun;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class TotalsSetupTest {
    private static final Architecture MODEL = Architecture.builder("t").layers(70).hidden(1024).heads(16).ffnHidden(4096).vocab(32000).build();

    private static TotalsRun run(String id, int devices, int seqLen) {
        return new TotalsRun(id, "test", MODEL, 1, "a100-sxm4-80gb", devices, 1_000_000_000L, seqLen, 1000, Double.NaN, "");
    }

    private static PublishedRecipe recipe(String rows) throws IOException {
        return PublishedRecipes.read(new StringReader("run,field,value,source\n" + rows), "recipes.csv").forRun("r");
    }

    @Test
    void nothingPublished_assumes2048Devices4096TokensAnd4MTokenBatches() {
        TotalsSetup s = TotalsSetup.of(run("r", 0, 0), PublishedRecipe.none("r"));
        // 4M tokens = 4,194,304 = 1024 sequences of 4096.
        assertThat(new long[] {s.devices(), s.sequenceLength(), s.globalBatch()}).containsExactly(2048, 4096, 1024);
        assertThat(s.assumptions()).hasSize(3);
        assertThat(s.published()).isEmpty();
        assertThat(s.precision()).isEqualTo(Precision.BF16);
        assertThat(s.framework()).isEqualTo(Framework.MEGATRON);
        assertThat(s.space().tp()).isEmpty();
    }

    @Test
    void publishedFields_holdTheSearch_andTheRestStaysFree() throws IOException {
        TotalsSetup s = TotalsSetup.of(run("r", 384, 2048), recipe("""
                r,tp,4,a
                r,pp,12,b
                r,global_batch,2048,c
                r,sharding,zero1,d
                r,precision,fp16,e
                """));
        assertThat(s.assumptions()).isEmpty();
        assertThat(s.published()).containsOnlyKeys("tp", "pp", "global_batch", "sharding", "precision");
        assertThat(s.space().devices()).containsExactly(384);
        assertThat(s.space().tp()).containsExactly(4);
        assertThat(s.space().pp()).containsExactly(12);
        assertThat(s.space().globalBatches()).containsExactly(2048L);
        assertThat(s.space().shardings()).containsExactly(Sharding.ZERO1);
        assertThat(s.space().cp()).isEmpty();
        assertThat(s.space().microBatch()).isEmpty();
        assertThat(s.precision()).isEqualTo(Precision.FP16);
    }

    @Test
    void publishedAllToAllExposure_replacesOnlyThatOverhead() throws IOException {
        Calibration calibration = CalibrationFile.builtIn();
        Overheads calibrated = calibration.overheads(Framework.MEGATRON);
        Overheads hidden = TotalsSetup.of(run("r", 2048, 4096), recipe("r,moe_all_to_all_exposed,0,a\n")).overheads(calibration);
        assertThat(hidden.epExposed()).isZero();
        assertThat(List.of(hidden.dpOverlap(), hidden.tpExposed(), hidden.layerHostSeconds(), hidden.stepSeconds()))
                .containsExactly(calibrated.dpOverlap(), calibrated.tpExposed(), calibrated.layerHostSeconds(), calibrated.stepSeconds());
        assertThat(TotalsSetup.of(run("r", 2048, 4096), PublishedRecipe.none("r")).overheads(calibration)).isEqualTo(calibrated);
    }
}
