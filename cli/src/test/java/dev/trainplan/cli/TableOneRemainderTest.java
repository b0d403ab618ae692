package dev.trainplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.memory.MemorySettings;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.plan.Assessment;
import dev.trainplan.engine.plan.Configuration;
import dev.trainplan.engine.plan.Goal;
import dev.trainplan.engine.plan.ModelMemory;
import dev.trainplan.engine.plan.PlanRequest;
import dev.trainplan.engine.plan.Planner;
import dev.trainplan.engine.plan.RunLength;
import dev.trainplan.engine.plan.SearchSpace;
import dev.trainplan.engine.time.Calibration;
import dev.trainplan.formats.CalibrationFile;
import dev.trainplan.formats.HardwareCatalog;
import dev.trainplan.formats.ModelCatalog;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rows of Narayanan et al. 2021 Table 1 that runs.csv does not hold (its 6 others are in
 * {@link PublishedConfigurationsTest}): fp16 on A100-80GB, sequence 2048, activation recomputation, data
 * parallelism without a distributed optimizer. Table 1 gives tp, pp, the GPUs and the batch but neither the
 * micro-batch nor the interleaving, so the plan must be at least as fast as the published layout at every
 * micro-batch and interleaving of it that fits.
 */
class TableOneRemainderTest {
    @ParameterizedTest(name = "{0}: tp {1}, pp {2}, {3} GPUs, batch {4}")
    @CsvSource({
        "megatron-18b, 8, 1, 256, 1024",
        "megatron-76b, 8, 4, 1024, 1792",
        "megatron-145b, 8, 8, 1536, 2304",
        "mt-nlg-530b, 8, 35, 2520, 2520"})
    void plan_isAtLeastAsFastAsThePublishedLayoutAtItsBestMicroBatchAndInterleaving(String id, int tp, int pp, int gpus, long batch) {
        Architecture model = (Architecture) ModelCatalog.builtIn().find(id).model();
        ClusterHardware hw = ClusterHardware.of(HardwareCatalog.builtIn().accelerator("a100-sxm4-80gb"));
        Calibration c = CalibrationFile.builtIn();
        PlanRequest request = new PlanRequest(model, hw, c.collectives(hw), c.efficiency("a100-sxm4-80gb"), c.overheads(Framework.MEGATRON),
                Precision.FP16, Framework.MEGATRON, Optimizer.ADAMW, 2048, SearchSpace.of(List.of(gpus), List.of(batch)),
                Goal.fastest(Estimate.capacityBytes(hw), RunLength.UNKNOWN));
        ModelMemory memory = ModelMemory.of(request, MemorySettings.DEFAULTS);
        double best = Planner.search(request, memory).best().orElseThrow().stepSeconds();
        int dp = gpus / (tp * pp);
        double publishedBest = Double.POSITIVE_INFINITY;
        for (int micro = 1; micro <= batch / dp; micro++) {
            if (batch % ((long) micro * dp) != 0) {
                continue;
            }
            int accumulation = (int) (batch / micro / dp);
            for (int vp = 1; vp <= (pp == 1 ? 1 : model.layers() / pp); vp++) {
                if (model.layers() % (pp * vp) != 0) {
                    continue;
                }
                Assessment a = Assessment.of(request, memory, new Configuration(gpus, batch, tp, pp, 1, 1, vp, dp, micro, accumulation,
                        Recompute.FULL, Sharding.NONE, false));
                if (a.rejection().isEmpty()) {
                    publishedBest = Math.min(publishedBest, a.candidate().stepSeconds());
                }
            }
        }
        assertThat(publishedBest).as("some micro-batch and interleaving of the published layout fits and breaks no rule").isFinite();
        assertThat(best).isLessThanOrEqualTo(publishedBest);
    }
}
