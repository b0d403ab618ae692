package dev.trainplan.engine.plan;

import static dev.trainplan.engine.plan.PlanFixtures.GIB;
import static dev.trainplan.engine.plan.PlanFixtures.LLAMA_SMALL;
import static dev.trainplan.engine.plan.PlanFixtures.MOE_SMALL;
import static dev.trainplan.engine.plan.PlanFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.job.TrainingLength;
import dev.trainplan.engine.memory.MemoryEstimate;
import dev.trainplan.engine.memory.MemoryModel;
import dev.trainplan.engine.memory.MemorySettings;
import dev.trainplan.engine.model.Architecture;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelMemoryTest {
    private static void assertAgreesWithTheModel(Architecture a, Configuration c) {
        PlanRequest r = request(a, 2048, SearchSpace.of(List.of(c.devices()), List.of(c.globalBatch())), Goal.fastest(80 * GIB, RunLength.UNKNOWN));
        ModelMemory memory = ModelMemory.of(r, MemorySettings.DEFAULTS);
        MemoryEstimate estimate = MemoryModel.estimate(a, c.toJob(r.framework(), Dataset.of(1, 2048), TrainingLength.epochs(1), r.precision(),
                r.optimizer(), 8), MemorySettings.DEFAULTS);
        long fast = memory.layout(new Layout(c.devices(), c.globalBatch(), c.tp(), c.pp(), c.cp(), c.ep(), c.dp(), c.sequenceParallel()))
                .peakBytes(c.vp(), c.microBatch(), c.accumulation(), c.recompute(), c.sharding());
        MemoryReport report = memory.report(c);
        assertThat(fast).isEqualTo(estimate.peakBytesPerDevice());
        assertThat(report.peakBytes()).isEqualTo(fast);
        assertThat(report.worstStage()).isEqualTo(estimate.worstStage().stage());
        assertThat(report.largestParts()).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        assertThat(report.largestParts().getFirst().bytes()).isEqualTo(estimate.worstStage().largestItems(1).getFirst().bytes());
    }

    @Test
    void fastPathAndReport_agreeWithTheMemoryModel_onADenseModel() {
        assertAgreesWithTheModel(LLAMA_SMALL, new Configuration(64, 512, 4, 4, 1, 1, 3, 4, 2, 64, Recompute.SELECTIVE, Sharding.ZERO1, true));
    }

    @Test
    void fastPathAndReport_agreeWithTheMemoryModel_onAMixtureOfExperts() {
        assertAgreesWithTheModel(MOE_SMALL, new Configuration(16, 64, 2, 2, 1, 4, 1, 4, 1, 16, Recompute.FULL, Sharding.ZERO3, false));
    }
}
