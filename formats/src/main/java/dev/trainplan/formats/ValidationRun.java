package dev.trainplan.formats;

import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.MoeDispatcher;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import java.util.Locale;

/**
 * One published training run of {@code runs.csv} (shared/validation/SCHEMA.md) as engine inputs.
 *
 * @param microBatch sequences per device per micro-step, or 0 where the source did not publish it
 * @param recompute the activation recomputation, or null where it is {@code unknown}
 * @param measuredTokensPerSecondPerDevice NaN where only memory was published
 * @param measuredMemoryGib NaN where not published
 * @param family the source family of SOURCES.md, from the id prefix
 * @param interleavingKnown false where the row leaves {@code vp} empty (the parallelism then holds vp 1)
 */
public record ValidationRun(String id, String family, String source, Framework framework, String frameworkName, Architecture model,
                            String accelerator, int devices, int devicesPerNode, Parallelism parallelism, Sharding sharding,
                            int microBatch, long globalBatch, int sequenceLength, Precision precision, Recompute recompute,
                            double measuredTokensPerSecondPerDevice, double measuredMemoryGib, String confidence, String notes,
                            boolean interleavingKnown) {

    public boolean hasThroughput() {
        return !Double.isNaN(measuredTokensPerSecondPerDevice);
    }

    public boolean hasMemory() {
        return !Double.isNaN(measuredMemoryGib);
    }

    /**
     * Sequences per device per micro-step as the framework ran them; 0 where unknown. torchtitan's pipelined rows give
     * the local batch ({@code training.batch_size}), which torchtitan of 2024 (the commits its published pipelined runs
     * cite) split into one micro-batch per pipeline stage: {@code experimental.pipeline_parallel_microbatches} defaulted to
     * pp × stages per rank. (Since 2025 its {@code pipeline_parallel_microbatch_size} defaults to 1.)
     */
    public int microStepBatch() {
        return splitsLocalBatch() ? microBatch / (parallelism.pp() * parallelism.vp()) : microBatch;
    }

    /** Whether {@link #microStepBatch} splits a torchtitan local batch over the pipeline stages. */
    public boolean splitsLocalBatch() {
        int stages = parallelism.pp() * parallelism.vp();
        return framework == Framework.TORCHTITAN && parallelism.pp() > 1 && microBatch > 0 && microBatch % stages == 0;
    }

    public boolean moe() {
        return model.moe().enabled();
    }

    public int dataParallel() {
        return devices / (parallelism.tp() * parallelism.pp() * parallelism.cp());
    }

    /** The run as a job, with the micro-batch and recompute given where the row left them unknown. */
    public Job job(int micro, Recompute assumedRecompute) {
        return job(micro, assumedRecompute, parallelism.vp());
    }

    /** The run as a job with an assumed number of virtual pipeline chunks. */
    public Job job(int micro, Recompute assumedRecompute, int vp) {
        int perNode = Math.min(devices, devicesPerNode);
        return Job.builder()
                .framework(framework)
                .dataset(Dataset.of(Math.max(globalBatch * 1000, 1), sequenceLength))
                .cluster(Cluster.of(devices / perNode, perNode))
                .parallelism(parallelism.withVp(vp))
                .batch(new BatchSpec(micro, 0, globalBatch))
                .sharding(sharding)
                .precision(precision)
                .recompute(assumedRecompute)
                .dispatcher(dispatcher())
                .build();
    }

    /** DeepEP where the notes say the run used it (NeMo AutoModel's published MoE runs), Megatron's all-to-all otherwise. */
    MoeDispatcher dispatcher() {
        return notes.toLowerCase(Locale.ROOT).contains("deepep") ? MoeDispatcher.DEEPEP : MoeDispatcher.ALLTOALL;
    }
}
