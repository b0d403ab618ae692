package dev.trainplan.engine.steps;

import static dev.trainplan.engine.job.Framework.LIGHTNING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trainplan.engine.job.TrainingLength;
import java.util.List;
import org.junit.jupiter.api.Test;

/** framework-semantics.md §8.5 (Lightning 2.6.6, [run]) and §8.6 (torchrun, torch 2.13, [run]). */
class LightningAndTorchrunVectorsTest {
    @Test
    void v45_singleDevice() {
        StepCount s = Jobs.count(Jobs.of(LIGHTNING, 100, 8, 4, 1, 3));
        assertThat(s.totalUpdateSteps()).isEqualTo(12);
        assertThat(s.microStepsPerRank()).isEqualTo(39);
    }

    @Test
    void v46_twoDevices_samplerPadsOneSample() {
        StepCount s = Jobs.count(Jobs.of(LIGHTNING, 101, 8, 4, 2, 3));
        assertThat(s.dataloaderLengthPerRank()).isEqualTo(7);
        assertThat(s.totalUpdateSteps()).isEqualTo(6);
        assertThat(s.microStepsPerRank()).isEqualTo(21);
        assertThat(s.samplesSeenPerEpoch()).isEqualTo(102);
        assertThat(s.paddedSamplesPerEpoch()).isEqualTo(1);
    }

    @Test
    void v47_dataloaderDropLast_samplerStillPads() {
        StepCount s = Jobs.count(Jobs.of(LIGHTNING, 101, 8, 4, 2, 3).loading(Jobs.dropLast()));
        assertThat(s.dataloaderLengthPerRank()).isEqualTo(6);
        assertThat(s.totalUpdateSteps()).isEqualTo(6);
        assertThat(s.microStepsPerRank()).isEqualTo(18);
        assertThat(s.paddedSamplesPerEpoch()).isEqualTo(1);
    }

    @Test
    void v48_limitTrainBatchesFraction_truncates() {
        StepCount s = Jobs.count(Jobs.of(LIGHTNING, 100, 8, 4, 1, 3).loading(Jobs.limit(0.5, false)));
        assertThat(s.totalUpdateSteps()).isEqualTo(6);
        assertThat(s.microStepsPerRank()).isEqualTo(18);
    }

    @Test
    void v49_limitTrainBatchesCount() {
        StepCount s = Jobs.count(Jobs.of(LIGHTNING, 100, 8, 4, 1, 2).loading(Jobs.limit(3, true)));
        assertThat(s.totalUpdateSteps()).isEqualTo(2);
    }

    @Test
    void v50_maxSteps_withOrWithoutMaxEpochs() {
        StepCount withEpochs = Jobs.count(Jobs.of(LIGHTNING, 100, 8, 4, 1, 3).length(new TrainingLength(3, 5)));
        StepCount stepsOnly = Jobs.count(Jobs.of(LIGHTNING, 100, 8, 4, 1, 3).length(TrainingLength.steps(5)));
        assertThat(withEpochs.totalUpdateSteps()).isEqualTo(5);
        assertThat(stepsOnly.totalUpdateSteps()).isEqualTo(5);
        assertThat(stepsOnly.microStepsPerRank()).isEqualTo(17);
    }

    @Test
    void v51_threeDevices_samplerPaddingNotBatchPadding() {
        StepCount s = Jobs.count(Jobs.of(LIGHTNING, 100, 8, 1, 3, 1));
        assertThat(s.dataloaderLengthPerRank()).isEqualTo(5);
        assertThat(s.totalUpdateSteps()).isEqualTo(5);
        assertThat(s.samplesSeenPerEpoch()).isEqualTo(102);
    }

    @Test
    void v52_twoNodesOfThree_ranksByNode() {
        List<TorchrunLayout.Worker> w = TorchrunLayout.workers(List.of(3, 3));
        assertThat(w).hasSize(6);
        assertThat(w.get(3)).isEqualTo(new TorchrunLayout.Worker(3, 0, 3, 1, 2, 6));
        assertThat(w.get(5)).isEqualTo(new TorchrunLayout.Worker(5, 2, 3, 1, 2, 6));
    }

    @Test
    void v53_heterogeneousNodes_worldIsTheSum() {
        List<TorchrunLayout.Worker> w = TorchrunLayout.workers(List.of(2, 3));
        assertThat(w).hasSize(5).allMatch(x -> x.worldSize() == 5);
        assertThat(w.get(1)).isEqualTo(new TorchrunLayout.Worker(1, 1, 2, 0, 2, 5));
        assertThat(w.get(2)).isEqualTo(new TorchrunLayout.Worker(2, 0, 3, 1, 2, 5));
        assertThat(w.get(4)).isEqualTo(new TorchrunLayout.Worker(4, 2, 3, 1, 2, 5));
    }
}
