package dev.trainplan.engine.steps;

import static dev.trainplan.engine.job.Framework.MEGATRON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainplan.engine.job.BatchGrowth;
import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Loading;
import dev.trainplan.engine.job.Parallelism;
import java.util.List;
import org.junit.jupiter.api.Test;

/** framework-semantics.md §8.4: Megatron's microbatch calculators ([run]) and update_train_iters ([src]). */
class MegatronVectorsTest {
    private static Job.Builder megatron(long samples, int mbs, long gbs, int world) {
        return Jobs.of(MEGATRON, samples, mbs, 0, world, 1).batch(new BatchSpec(mbs, 0, gbs));
    }

    private static final Loading DECREASE = new Loading(false, false, true, false, 0, false, true, -1);

    @Test
    void v35_dataParallelAndMicroBatches() {
        Job job = megatron(100_000, 4, 512, 64).parallelism(Parallelism.of(4, 2, 1)).build();
        assertThat(job.dataParallel()).isEqualTo(8);
        assertThat(job.batch().gradientAccumulation()).isEqualTo(16);
    }

    @Test
    void v36_globalBatchNotDivisible_rejectedOrDecreased() {
        assertThatThrownBy(() -> megatron(100_000, 4, 512, 6).build())
                .hasMessageStartingWith("global batch size (512) is not divisible by micro batch size (4) times data parallel size (6)");
        Job decreased = megatron(100_000, 4, 512, 6).loading(DECREASE).build();
        assertThat(decreased.batch().globalBatch()).isEqualTo(504);
        assertThat(decreased.batch().gradientAccumulation()).isEqualTo(21);
    }

    @Test
    void v37_globalBatchBelowOneMicroStep() {
        assertThatThrownBy(() -> megatron(100_000, 4, 16, 8).build()).hasMessageContaining("not divisible");
        assertThatThrownBy(() -> megatron(100_000, 4, 16, 8).loading(DECREASE).build())
                .hasMessageStartingWith("number of microbatches should be at least 1, got 0");
    }

    @Test
    void v38_trainSamples_floorTheLastBatch() {
        StepCount s = Jobs.count(megatron(10_000, 4, 512, 8));
        assertThat(s.totalUpdateSteps()).isEqualTo(19);
        assertThat(s.samplesSeenTotal()).isEqualTo(19 * 512);
        assertThat(10_000 - s.samplesSeenTotal()).isEqualTo(272);
    }

    @Test
    void v39_rampup_simulatedThenFloored() {
        StepCount s = Jobs.count(megatron(100_000, 4, 1024, 8).growth(new BatchGrowth.Rampup(256, 256, 10_000)));
        assertThat(s.totalUpdateSteps()).isEqualTo(112);
        // 14 × 256 + 7 × 512 + 4 × 768 = 10,240 in the ramp-up, then 87 × 1024.
        assertThat(s.samplesSeenTotal()).isEqualTo(10_240 + 87 * 1024);
        assertThat(s.microStepsPerRank()).isEqualTo(14 * 8 + 7 * 16 + 4 * 24 + 87 * 32);
    }

    @Test
    void v39_batchPhases_groupTheRampupByBatch() {
        List<BatchPhase> phases = StepCounter.batchPhases(megatron(100_000, 4, 1024, 8).growth(new BatchGrowth.Rampup(256, 256, 10_000)).build());
        assertThat(phases).containsExactly(new BatchPhase(256, 14), new BatchPhase(512, 7), new BatchPhase(768, 4), new BatchPhase(1024, 87));
        assertThat(phases.stream().mapToLong(BatchPhase::steps).sum()).isEqualTo(112);
    }

    @Test
    void v42_batchPhases_followTheStepSchedule() {
        var schedule = new BatchGrowth.StepSchedule(List.of(new BatchGrowth.Stage(0, 256), new BatchGrowth.Stage(2000, 512),
                new BatchGrowth.Stage(6000, 1024)));
        assertThat(StepCounter.batchPhases(megatron(10_000, 4, 1024, 8).growth(schedule).build()))
                .containsExactly(new BatchPhase(256, 8), new BatchPhase(512, 8), new BatchPhase(1024, 4));
    }

    @Test
    void batchPhases_constantBatchOrMaxSteps_onePhase() {
        assertThat(StepCounter.batchPhases(megatron(10_000, 4, 512, 8).build())).containsExactly(new BatchPhase(512, 19));
        assertThat(StepCounter.batchPhases(megatron(10_000, 4, 1024, 8).growth(new BatchGrowth.Rampup(256, 256, 10_000))
                .length(dev.trainplan.engine.job.TrainingLength.steps(30)).build()))
                .containsExactly(new BatchPhase(256, 14), new BatchPhase(512, 7), new BatchPhase(768, 4), new BatchPhase(1024, 5));
    }

    @Test
    void v40_rampupOvershootsTrainSamples() {
        StepCount s = Jobs.count(megatron(5_000, 4, 1024, 8).growth(new BatchGrowth.Rampup(256, 256, 10_000)));
        assertThat(s.totalUpdateSteps()).isEqualTo(17);
        assertThat(s.samplesSeenTotal()).isEqualTo(5_120);
    }

    @Test
    void v41_rampupStartEqualToGlobal_orIntervalNotDivisible() {
        assertThatThrownBy(() -> megatron(5_000, 4, 1024, 8).growth(new BatchGrowth.Rampup(1024, 256, 10_000)).build())
                .hasMessageContaining("divides by zero");
        assertThatThrownBy(() -> megatron(5_000, 4, 1024, 8).growth(new BatchGrowth.Rampup(100, 256, 10_000)).build())
                .hasMessage("global batch size interval (924) must be divisible by global batch size increment (256).");
    }

    @Test
    void v42_stepSchedule_simulatedWhileBelowTrainSamples() {
        var schedule = new BatchGrowth.StepSchedule(List.of(new BatchGrowth.Stage(0, 256), new BatchGrowth.Stage(2000, 512),
                new BatchGrowth.Stage(6000, 1024)));
        StepCount s = Jobs.count(megatron(10_000, 4, 1024, 8).growth(schedule));
        assertThat(s.totalUpdateSteps()).isEqualTo(20);
        assertThat(s.samplesSeenTotal()).isEqualTo(10_240);
    }

    @Test
    void v43_worldNotDivisibleByModelParallel() {
        assertThatThrownBy(() -> megatron(10_000, 1, 0, 48).parallelism(Parallelism.of(8, 4, 1)).build())
                .hasMessageStartingWith("world size 48 is not divisible by tp 8 × pp 4 × cp 1 = 32");
    }

    @Test
    void v44_expertsDoNotShrinkDenseDataParallel() {
        Job job = megatron(10_000, 1, 0, 64).parallelism(new Parallelism(2, 2, 1, 8, 1, false)).build();
        assertThat(job.dataParallel()).isEqualTo(16);
        assertThat(job.parallelism().expertDataParallel(64)).isEqualTo(2);
        assertThat(new Parallelism(1, 2, 1, 8, 1, false).expertDataParallel(64)).isEqualTo(4);
        // tp 2 × ep 64 does not fit 64 devices: only expert tp 1 does (Megatron --expert-tensor-parallel-size 1).
        assertThat(new Parallelism(2, 1, 1, 64, 1, false).expertTensorParallel(64)).isEqualTo(1);
        assertThat(new Parallelism(2, 1, 1, 64, 1, false).expertDataParallel(64)).isEqualTo(1);
    }

    @Test
    void gpt3RunOnMegatron_sampleBudgetAcrossEpochs() {
        // 3 epochs of 1000 samples with GBS 64: floor(3000 / 64) = 46 iterations, not 3 × floor(1000 / 64) = 45.
        StepCount s = Jobs.count(megatron(1000, 1, 64, 8).length(dev.trainplan.engine.job.TrainingLength.epochs(3)).cluster(Cluster.of(1, 8)));
        assertThat(s.totalUpdateSteps()).isEqualTo(46);
        assertThat(s.updateStepsPerEpoch()).isEqualTo(15);
    }
}
