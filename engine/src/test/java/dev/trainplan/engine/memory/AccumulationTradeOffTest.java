package dev.trainplan.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The seed's advice made a computation: at a constant global batch, more gradient accumulation with a
 * smaller micro-batch holds fewer activations and leaves the model states where they were.
 */
class AccumulationTradeOffTest {
    @ParameterizedTest
    @CsvSource({"MEGATRON, 1, ZERO1", "MEGATRON, 4, ZERO1", "TORCHTITAN, 1, ZERO3", "HF, 1, NONE", "DEEPSPEED, 1, ZERO2", "NANOTRON, 2, ZERO1"})
    void moreAccumulationSmallerMicroBatch_constantGlobalBatch_lowersActivationsKeepsModelStates(Framework framework, int pp, Sharding sharding) {
        Parallelism layout = Parallelism.of(1, pp, 1);
        int world = 8;
        long global = 64;
        MemoryModel memory = MemoryModel.of(Fixtures.llama3_8b(), MemorySettings.DEFAULTS);
        MemoryEstimate previous = null;
        for (int micro = 8; micro >= 1; micro /= 2) {
            Job job = Fixtures.job(framework, layout, world, micro, global, 4096, sharding, Precision.BF16, Recompute.SELECTIVE);
            assertThat(job.batch().globalBatch()).isEqualTo(global);
            MemoryEstimate estimate = memory.estimate(job);
            if (previous != null) {
                assertThat(job.batch().gradientAccumulation()).isGreaterThan(previous.job().batch().gradientAccumulation());
                for (int stage = 0; stage < pp; stage++) {
                    StageMemory now = estimate.stages().get(stage);
                    StageMemory before = previous.stages().get(stage);
                    assertThat(now.activationBytes()).as("stage %d at micro-batch %d", stage, micro).isLessThan(before.activationBytes());
                    assertThat(now.modelStateBytes()).as("stage %d at micro-batch %d", stage, micro).isEqualTo(before.modelStateBytes());
                }
                assertThat(estimate.peakBytesPerDevice()).isLessThan(previous.peakBytesPerDevice());
            }
            previous = estimate;
        }
    }
}
