package dev.trainplan.engine.steps;

import static dev.trainplan.engine.job.Framework.DEEPSPEED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainplan.engine.job.Batch;
import dev.trainplan.engine.job.BatchResolution;
import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Parallelism;
import org.junit.jupiter.api.Test;

/** framework-semantics.md §8.3: DeepSpeed 0.19.6 batch resolution, run in isolation ([run]). */
class DeepSpeedVectorsTest {
    private static Batch resolve(int micro, int ga, long train, int world) {
        return BatchResolution.resolve(DEEPSPEED, new BatchSpec(micro, ga, train), world, false);
    }

    @Test
    void v25_trainAndMicro_deriveAccumulation() {
        assertThat(resolve(4, 0, 256, 8).gradientAccumulation()).isEqualTo(8);
    }

    @Test
    void v26_trainAndAccumulation_deriveMicro() {
        assertThat(resolve(0, 8, 256, 8).microBatch()).isEqualTo(4);
    }

    @Test
    void v27_microAndAccumulation_deriveTrain() {
        assertThat(resolve(4, 8, 0, 8).globalBatch()).isEqualTo(256);
    }

    @Test
    void v28_oneGiven_accumulationDefaultsToOne() {
        Batch trainOnly = resolve(0, 0, 256, 8);
        assertThat(trainOnly.microBatch()).isEqualTo(32);
        assertThat(trainOnly.gradientAccumulation()).isEqualTo(1);
        Batch microOnly = resolve(4, 0, 0, 8);
        assertThat(microOnly.globalBatch()).isEqualTo(32);
        assertThat(microOnly.gradientAccumulation()).isEqualTo(1);
    }

    @Test
    void v29_neitherTrainNorMicro_isRejected() {
        assertThatThrownBy(() -> resolve(0, 8, 0, 8)).hasMessageContaining("Either train_batch_size or train_micro_batch_size_per_gpu needs to be provided");
        assertThatThrownBy(() -> resolve(0, 0, 0, 8)).hasMessageContaining("Either train_batch_size or train_micro_batch_size_per_gpu needs to be provided");
    }

    @Test
    void v30_flooredAccumulation_failsEquality() {
        assertThatThrownBy(() -> resolve(4, 0, 30, 2)).hasMessageContaining("train_batch_size 30 != train_micro_batch_size_per_gpu 4 × gradient_accumulation_steps 3 × data-parallel world 2");
    }

    @Test
    void v31_accumulationFloorsToZero() {
        assertThatThrownBy(() -> resolve(4, 0, 8, 4)).hasMessageContaining("gradient_accumulation_steps (8 // 4) // 4 = 0");
    }

    @Test
    void v32_trainOnlyNotDivisible() {
        assertThatThrownBy(() -> resolve(0, 0, 32, 3)).hasMessageContaining("train_batch_size 32 != train_micro_batch_size_per_gpu 10 × gradient_accumulation_steps 1 × data-parallel world 3");
    }

    @Test
    void v33_allThreeInconsistent() {
        assertThatThrownBy(() -> resolve(4, 4, 256, 8)).hasMessageContaining("train_batch_size 256 != train_micro_batch_size_per_gpu 4 × gradient_accumulation_steps 4 × data-parallel world 8");
    }

    @Test
    void v34_pipelineAndTensorParallel_shrinkTheDeepSpeedWorld() {
        var job = Jobs.of(DEEPSPEED, 1000, 4, 0, 16, 1).batch(new BatchSpec(4, 0, 64)).parallelism(Parallelism.of(2, 4, 1)).build();
        assertThat(job.dataParallel()).isEqualTo(2);
        assertThat(job.batch().gradientAccumulation()).isEqualTo(8);
    }

    @Test
    void v34b_sequenceParallelGroupOfTwo_dividesTheWorld() {
        // Ulysses SP divides DeepSpeed's world by sp_size; trainplan models the SP group as context parallelism.
        var job = Jobs.of(DEEPSPEED, 1000, 4, 0, 8, 1).batch(new BatchSpec(4, 0, 64)).parallelism(Parallelism.of(1, 1, 2)).build();
        assertThat(job.dataParallel()).isEqualTo(4);
        assertThat(job.batch().gradientAccumulation()).isEqualTo(4);
    }

    @Test
    void rawLoop_globalCounterStraddlesEpochs_trailingMicroBatchesNeverApplied() {
        // Same inputs as V1 in a raw DeepSpeed loop: 3 × 13 = 39 micro-steps, floor(39 / 4) = 9 updates, 3 left over.
        StepCount s = Jobs.count(Jobs.of(DEEPSPEED, 100, 8, 4, 1, 3).cluster(Cluster.of(1, 1)));
        assertThat(s.microStepsPerRank()).isEqualTo(39);
        assertThat(s.totalUpdateSteps()).isEqualTo(9);
        assertThat(s.notes()).anyMatch(n -> n.startsWith("3 trailing micro-batch(es)"));
    }
}
