package dev.trainplan.engine.steps;

import static dev.trainplan.engine.job.Framework.HF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.TrainingLength;
import org.junit.jupiter.api.Test;

/** framework-semantics.md §8.1: HF Trainer 5.18 + accelerate 1.15, measured by running them ([run]). */
class HfTrainerVectorsTest {
    @Test
    void v01_singleProcess_lastGroupFlushedEachEpoch() {
        StepCount s = Jobs.count(Jobs.of(HF, 100, 8, 4, 1, 3));
        assertThat(s.dataloaderLengthPerRank()).isEqualTo(13);
        assertThat(s.updateStepsPerEpoch()).isEqualTo(4);
        assertThat(s.totalUpdateSteps()).isEqualTo(12);
        assertThat(s.epochs()).isEqualTo(3);
        assertThat(s.microStepsPerRank()).isEqualTo(39);
        assertThat(s.samplesSeenTotal()).isEqualTo(300);
        assertThat(s.globalBatch()).isEqualTo(32);
    }

    @Test
    void v02_twoProcesses_lastBatchesToppedUp() {
        StepCount s = Jobs.count(Jobs.of(HF, 100, 8, 4, 2, 3));
        assertThat(s.dataloaderLengthPerRank()).isEqualTo(7);
        assertThat(s.updateStepsPerEpoch()).isEqualTo(2);
        assertThat(s.totalUpdateSteps()).isEqualTo(6);
        assertThat(s.microStepsPerRank()).isEqualTo(21);
        assertThat(s.samplesSeenPerEpoch()).isEqualTo(112);
        assertThat(s.paddedSamplesPerEpoch()).isEqualTo(12);
        assertThat(s.globalBatch()).isEqualTo(64);
    }

    @Test
    void v03_dropLast_singleProcess() {
        StepCount s = Jobs.count(Jobs.of(HF, 100, 8, 4, 1, 3).loading(Jobs.dropLast()));
        assertThat(s.dataloaderLengthPerRank()).isEqualTo(12);
        assertThat(s.updateStepsPerEpoch()).isEqualTo(3);
        assertThat(s.totalUpdateSteps()).isEqualTo(9);
        assertThat(s.microStepsPerRank()).isEqualTo(36);
        assertThat(s.samplesSeenPerEpoch()).isEqualTo(96);
        assertThat(s.droppedSamplesPerEpoch()).isEqualTo(4);
    }

    @Test
    void v04_dropLast_twoProcesses() {
        StepCount s = Jobs.count(Jobs.of(HF, 100, 8, 4, 2, 3).loading(Jobs.dropLast()));
        assertThat(s.dataloaderLengthPerRank()).isEqualTo(6);
        assertThat(s.updateStepsPerEpoch()).isEqualTo(2);
        assertThat(s.totalUpdateSteps()).isEqualTo(6);
        assertThat(s.microStepsPerRank()).isEqualTo(18);
        assertThat(s.samplesSeenPerEpoch()).isEqualTo(96);
    }

    @Test
    void v05_accumulationLongerThanEpoch_oneUpdatePerEpoch() {
        StepCount s = Jobs.count(Jobs.of(HF, 20, 8, 8, 1, 2));
        assertThat(s.dataloaderLengthPerRank()).isEqualTo(3);
        assertThat(s.updateStepsPerEpoch()).isEqualTo(1);
        assertThat(s.totalUpdateSteps()).isEqualTo(2);
        assertThat(s.microStepsPerRank()).isEqualTo(6);
        assertThat(s.globalBatch()).isEqualTo(64);
        assertThat(s.samplesSeenTotal()).isEqualTo(40);
    }

    @Test
    void v06_fractionalEpochs_stopMidEpoch() {
        StepCount s = Jobs.count(Jobs.of(HF, 100, 8, 4, 1, 2.5));
        assertThat(s.totalUpdateSteps()).isEqualTo(10);
        assertThat(s.epochs()).isEqualTo(3);
        assertThat(s.microStepsPerRank()).isEqualTo(34);
        assertThat(s.samplesSeenTotal()).isEqualTo(264);
    }

    @Test
    void v07_maxStepsWinsOverEpochs() {
        StepCount s = Jobs.count(Jobs.of(HF, 100, 8, 4, 1, 3).length(new TrainingLength(3, 5)));
        assertThat(s.totalUpdateSteps()).isEqualTo(5);
        assertThat(s.epochs()).isEqualTo(2);
        assertThat(s.microStepsPerRank()).isEqualTo(17);
        assertThat(s.samplesSeenTotal()).isEqualTo(132);
    }

    @Test
    void v08_maxStepsBeyondEpochs_runsMoreEpochs() {
        StepCount s = Jobs.count(Jobs.of(HF, 100, 8, 4, 1, 1).length(new TrainingLength(1, 20)));
        assertThat(s.epochs()).isEqualTo(5);
        assertThat(s.microStepsPerRank()).isEqualTo(65);
        assertThat(s.samplesSeenTotal()).isEqualTo(500);
    }

    @Test
    void v09_threeProcesses_wholeBatchPadding() {
        StepCount s = Jobs.count(Jobs.of(HF, 100, 8, 1, 3, 1));
        assertThat(s.dataloaderLengthPerRank()).isEqualTo(5);
        assertThat(s.totalUpdateSteps()).isEqualTo(5);
        assertThat(s.samplesSeenPerEpoch()).isEqualTo(120);
        assertThat(s.paddedSamplesPerEpoch()).isEqualTo(20);
    }

    @Test
    void v10_threeProcesses_dropLast() {
        StepCount s = Jobs.count(Jobs.of(HF, 100, 8, 1, 3, 1).loading(Jobs.dropLast()));
        assertThat(s.dataloaderLengthPerRank()).isEqualTo(4);
        assertThat(s.totalUpdateSteps()).isEqualTo(4);
        assertThat(s.samplesSeenPerEpoch()).isEqualTo(96);
        assertThat(s.droppedSamplesPerEpoch()).isEqualTo(4);
    }

    @Test
    void v11_warmupSteps_ratioBelowOneAndTruncationAtOrAboveOne() {
        assertThat(Jobs.count(Jobs.of(HF, 100, 8, 4, 1, 3).loading(Jobs.warmup(0.1))).warmupSteps()).isEqualTo(2);
        assertThat(Jobs.count(Jobs.of(HF, 100, 8, 4, 1, 3).loading(Jobs.warmup(1.0))).warmupSteps()).isEqualTo(1);
        assertThat(Jobs.count(Jobs.of(HF, 100, 8, 4, 1, 3)).warmupSteps()).isEqualTo(-1);
    }

    @Test
    void v12_tinyDataset_duplicatesToFillRanks() {
        StepCount s = Jobs.count(Jobs.of(HF, 5, 4, 1, 2, 1));
        assertThat(s.dataloaderLengthPerRank()).isEqualTo(1);
        assertThat(s.totalUpdateSteps()).isEqualTo(1);
        assertThat(s.samplesSeenPerEpoch()).isEqualTo(8);
        assertThat(s.paddedSamplesPerEpoch()).isEqualTo(3);
    }

    @Test
    void v13_emptyDataloaderWithDropLast_isHfsValueError() {
        assertThatThrownBy(() -> Jobs.count(Jobs.of(HF, 5, 4, 1, 2, 1).loading(Jobs.dropLast())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("args.max_steps must be set to a positive value if dataloader does not have a length, was -1");
    }

    @Test
    void v14_fourRanksThreeBatches_extraBatchOfEarlySamples() {
        StepCount s = Jobs.count(Jobs.of(HF, 10, 4, 1, 4, 1));
        assertThat(s.dataloaderLengthPerRank()).isEqualTo(1);
        assertThat(s.totalUpdateSteps()).isEqualTo(1);
        assertThat(s.samplesSeenPerEpoch()).isEqualTo(16);
        assertThat(s.paddedSamplesPerEpoch()).isEqualTo(6);
    }

    @Test
    void v15_twoNodesOfFour() {
        StepCount s = Jobs.count(Jobs.of(HF, 1000, 4, 8, 1, 1).cluster(Cluster.of(2, 4)));
        assertThat(s.globalBatch()).isEqualTo(256);
        assertThat(s.dataloaderLengthPerRank()).isEqualTo(32);
        assertThat(s.updateStepsPerEpoch()).isEqualTo(4);
        assertThat(s.totalUpdateSteps()).isEqualTo(4);
        assertThat(s.samplesSeenPerEpoch()).isEqualTo(1024);
        assertThat(s.paddedSamplesPerEpoch()).isEqualTo(24);
    }

    @Test
    void v16_issue36297_currentBehaviourRunsAllTenEpochs() {
        StepCount s = Jobs.count(Jobs.of(HF, 91, 10, 2, 2, 10));
        assertThat(s.dataloaderLengthPerRank()).isEqualTo(5);
        assertThat(s.updateStepsPerEpoch()).isEqualTo(3);
        assertThat(s.totalUpdateSteps()).isEqualTo(30);
        assertThat(s.epochs()).isEqualTo(10);
        assertThat(s.microStepsPerRank()).isEqualTo(50);
    }

    @Test
    void v17_divisibleEpoch_noPartialGroup() {
        StepCount s = Jobs.count(Jobs.of(HF, 96, 8, 4, 1, 2));
        assertThat(s.dataloaderLengthPerRank()).isEqualTo(12);
        assertThat(s.updateStepsPerEpoch()).isEqualTo(3);
        assertThat(s.totalUpdateSteps()).isEqualTo(6);
        assertThat(s.microStepsPerRank()).isEqualTo(24);
        assertThat(s.notes()).noneMatch(n -> n.contains("smaller optimizer step"));
    }

    @Test
    void v18_splitBatches_eachBatchSplitAcrossRanks() {
        StepCount s = Jobs.count(Jobs.of(HF, 100, 8, 1, 2, 1).loading(Jobs.loading(false, false, true, true)));
        assertThat(s.dataloaderLengthPerRank()).isEqualTo(13);
        assertThat(s.totalUpdateSteps()).isEqualTo(13);
        assertThat(s.microBatch()).isEqualTo(4);
        assertThat(s.globalBatch()).isEqualTo(8);
        assertThat(s.samplesSeenPerEpoch()).isEqualTo(104);
        assertThat(s.notes()).anyMatch(n -> n.contains("\"Total train batch size\" as 16"));
    }
}
