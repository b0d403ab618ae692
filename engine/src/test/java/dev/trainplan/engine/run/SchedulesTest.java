package dev.trainplan.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainplan.engine.job.BatchGrowth;
import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.TrainingLength;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ramp-up and sequence-length stages (Megatron semantics, framework-semantics.md §8.4). */
class SchedulesTest {
    /** A step-time model with a fixed 0.5 s per step plus 1 ms per sample, and activity rising with the batch. */
    private static final StepTimeFunction LINEAR = (batch, seq) -> new StepFigures(0.5 + 1e-3 * batch * seq / 1024.0, Math.min(1, batch / 1024.0));

    private static Job v39() {
        return Job.builder().framework(Framework.MEGATRON).dataset(Dataset.of(100_000, 1024)).cluster(Cluster.of(1, 8))
                .batch(new BatchSpec(4, 0, 1024)).length(TrainingLength.epochs(1))
                .growth(new BatchGrowth.Rampup(256, 256, 10_000)).build();
    }

    @Test
    void rampup_v39_stagesSumTo112Iterations() {
        List<Stage> stages = Schedules.of(v39(), LINEAR);
        assertThat(stages).extracting(Stage::globalBatch).containsExactly(256L, 512L, 768L, 1024L);
        assertThat(stages).extracting(Stage::steps).containsExactly(14L, 7L, 4L, 87L);
        assertThat(stages.stream().mapToLong(Stage::steps).sum()).isEqualTo(112);
    }

    @Test
    void rampup_v39_smallBatchesChargedAgainstFullBatchThroughput() {
        List<Stage> stages = Schedules.of(v39(), LINEAR);
        // Full step: 0.5 + 1.024 = 1.524 s for 1024 samples; a 256-sample step would take 1.524 / 4 s at that rate.
        Stage first = stages.getFirst();
        assertThat(first.stepSeconds()).isCloseTo(0.5 + 0.256, within(1e-12));
        assertThat(first.steadyStepSeconds()).isCloseTo(1.524 / 4, within(1e-12));
        assertThat(first.deviceActivity()).isEqualTo(0.25);
        Stage last = stages.getLast();
        assertThat(last.steadyStepSeconds()).isEqualTo(last.stepSeconds());
        // The ramp-up costs 0.5 s of fixed overhead per step for the samples a full step would have carried.
        RunEstimate e = RunModel.estimate(RunInputs.of(stages, 8, 8, new CheckpointSize(1_000_000, 125_000), 400).withFailures(Failures.NONE));
        double rampup = 14 * (0.756 - 1.524 / 4) + 7 * (1.012 - 1.524 / 2) + 4 * (1.268 - 1.524 * 3 / 4);
        assertThat(e.lost().rampupSeconds()).isCloseTo(rampup, within(1e-9));
        assertThat(e.idealSeconds()).isCloseTo((14 * 256 + 7 * 512 + 4 * 768 + 87 * 1024) / 1024.0 * 1.524, within(1e-9));
    }

    @Test
    void stepTime_askedOncePerShape() {
        List<List<Long>> asked = new ArrayList<>();
        StepTimeFunction counting = (batch, seq) -> {
            asked.add(List.of(batch, (long) seq));
            return LINEAR.at(batch, seq);
        };
        Schedules.of(v39(), counting);
        assertThat(asked).hasSize(4).doesNotHaveDuplicates();
    }

    @Test
    void sequenceStages_flooredToWholeBatches_withTheirOwnStepTimes() {
        // 8K then 32K context at a constant 4M tokens per batch: 1e12 / 8192 / 512 = 238,418 steps; 1e11 / 32768 / 128 = 23,841.
        List<Stage> stages = Schedules.ofSequenceStages(List.of(new SequenceStage(1_000_000_000_000L, 8192, 512),
                new SequenceStage(100_000_000_000L, 32_768, 128)), LINEAR);
        assertThat(stages).extracting(Stage::steps).containsExactly(238_418L, 23_841L);
        assertThat(stages.get(1).stepSeconds()).isCloseTo(0.5 + 1e-3 * 128 * 32, within(1e-12));
        assertThat(stages.get(1).steadyStepSeconds()).isEqualTo(stages.get(1).stepSeconds());
    }

    @Test
    void sequenceStage_lessThanOneBatch_rejected() {
        assertThatThrownBy(() -> new SequenceStage(1000, 1024, 4).steps())
                .hasMessage("a stage of 1000 tokens at seq_len 1024 is less than one global batch of 4 sequences; give at least 4096 tokens.");
    }
}
