package dev.trainplan.engine.time;

import static dev.trainplan.engine.time.StepTimeModelTest.EFF;
import static dev.trainplan.engine.time.StepTimeModelTest.H100;
import static dev.trainplan.engine.time.StepTimeModelTest.NET;
import static dev.trainplan.engine.time.StepTimeModelTest.OH;
import static dev.trainplan.engine.time.StepTimeModelTest.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import org.junit.jupiter.api.Test;

/** What the pipeline stages hold and sync: whole layers, and FSDP traffic once per step where the framework keeps shards gathered. */
class PipelineStagesTest {
    private static Architecture layers(int n) {
        // A vocabulary of 8 makes the last stage's output layer negligible next to a layer.
        return Architecture.builder("llama-like-" + n).layers(n).hidden(4096).heads(32).kvHeads(8).ffnHidden(14336).vocab(8).build();
    }

    @Test
    void theSlowestStage_runsWholeLayers() {
        // 9 layers on 4 stages are 3, 2, 2, 2 (the split the memory model reports): the first stage sets the pace with 3 whole
        // layers for each of the 64 micro-batches (dp 1). An average of 2.25 layers per stage would make it 25% shorter.
        Architecture nine = layers(9);
        Job job = job(4, 8, 4, 1, 1, 64, Sharding.ZERO1);
        double compute = StepTimeModel.estimate(nine, job, H100, NET, EFF, OH).breakdown().computeSeconds();
        StagedStepTime staged = StagedStepTime.of(nine, H100, NET, EFF, OH, job.precision(), job.framework(), job.optimizer(),
                job.dataset().sequenceLength(), AttentionKernel.FLASH);
        MicroBatchWork oneMicroBatch = staged.microBatch(8, 1, 1, 8, 1, true);
        double perLayer = oneMicroBatch.denseCost[Recompute.SELECTIVE.ordinal() * MicroBatchWork.COST_PARTS + MicroBatchWork.COMPUTE];
        assertThat(compute).isCloseTo(64 * 3 * perLayer, within(1e-9 * compute));
    }

    @Test
    void torchtitanUnderPipelining_syncsFsdpShardsOncePerStep() {
        // torchtitan keeps each stage's parameters gathered across micro-batches and reduce-scatters gradients after the last:
        // ZeRO-2's traffic, whatever the number of micro-batches. FSDP elsewhere gathers and reduce-scatters per micro-batch.
        Overheads waiting = new Overheads(0, 1, 150e-6, 0.05);
        Job base = job(16, 8, 2, 1, 1, 64, Sharding.ZERO3).toBuilder().framework(Framework.TORCHTITAN).build();
        double titanZero3 = dataParallel(base, waiting);
        double titanZero2 = dataParallel(base.toBuilder().sharding(Sharding.ZERO2).build(), waiting);
        double titanFourTimesTheMicroBatches = dataParallel(base.toBuilder().batch(new BatchSpec(1, 0, 256)).build(), waiting);
        assertThat(titanZero3).isPositive().isEqualTo(titanZero2).isEqualTo(titanFourTimesTheMicroBatches);

        // HF's FSDP on the same layout: 8 micro-batches (dp 8, global 64), each with a forward gather, a backward gather and a
        // reduce-scatter; 4× the micro-batches, 4× the traffic.
        Job hf = base.toBuilder().framework(Framework.HF).build();
        double hfEight = dataParallel(hf, waiting);
        double hfThirtyTwo = dataParallel(hf.toBuilder().batch(new BatchSpec(1, 0, 256)).build(), waiting);
        assertThat(hfEight).isGreaterThan(4 * titanZero3);
        assertThat(hfThirtyTwo).isCloseTo(4 * hfEight, within(1e-9 * hfEight));
    }

    private static double dataParallel(Job job, Overheads oh) {
        return StepTimeModel.estimate(StepTimeModelTest.LLAMA_8B, job, H100, NET, EFF, oh).breakdown().dataParallelSeconds();
    }
}
