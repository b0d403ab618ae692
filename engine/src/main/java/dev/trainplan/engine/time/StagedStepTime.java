package dev.trainplan.engine.time;

import static dev.trainplan.engine.time.MicroBatchWork.BACKWARD;
import static dev.trainplan.engine.time.MicroBatchWork.COMPUTE;
import static dev.trainplan.engine.time.MicroBatchWork.COST_PARTS;
import static dev.trainplan.engine.time.MicroBatchWork.CP;
import static dev.trainplan.engine.time.MicroBatchWork.EP;
import static dev.trainplan.engine.time.MicroBatchWork.FORWARD;
import static dev.trainplan.engine.time.MicroBatchWork.HOST;
import static dev.trainplan.engine.time.MicroBatchWork.TP;

import dev.trainplan.engine.comm.Collectives;
import dev.trainplan.engine.hardware.Accelerator;
import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.MoeDispatcher;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Require;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.ParameterCount;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The step-time model of {@link StepTimeModel} split into stages, for a planner that evaluates millions
 * of configurations: what depends on the micro-batch's shape ({@link #microBatch}: tp, cp, ep, micro-batch,
 * sequence parallelism) and on the ranks' layout ({@link #layout}: world, pp, dp) is computed once and
 * combined ({@link #stage}); {@link #stepSeconds} then adds interleaving, recompute, sharding and the
 * number of micro-batches with arithmetic only, allocating nothing. {@link StepTimeModel#estimate} runs
 * through the same stages, so both give the same seconds for every configuration.
 *
 * <p>Built once per model, hardware, calibration, precision, framework, optimizer and sequence length;
 * immutable and safe to share between threads.
 */
public final class StagedStepTime {
    final Architecture architecture;
    final ParameterCount parameters;
    final Device device;
    final Collectives network;
    final Overheads overheads;
    final int sequenceLength;
    final int devicesPerNode;
    final boolean lowPrecision;
    /** Bytes of one activation or gathered parameter value (FP32 or 16-bit). */
    final double valueBytes;
    final double gradientBytes;
    final double optimizerBytesPerParameter;
    final double accumulationBytesPerParameter;
    final AttentionKernel attentionKernel;
    final MoeDispatcher dispatcher;
    final Framework framework;

    private StagedStepTime(Architecture a, ClusterHardware hardware, Collectives network, Efficiency eff, Overheads oh, Precision precision,
                           Framework framework, Optimizer optimizer, int sequenceLength, AttentionKernel attentionKernel, MoeDispatcher dispatcher) {
        Accelerator chip = hardware.accelerator();
        if (!chip.supports(precision)) {
            List<String> supported = Arrays.stream(Precision.values()).filter(chip::supports).map(Precision::id).toList();
            throw new IllegalArgumentException("precision " + precision.id() + " has no tensor-core peak on " + chip.id()
                    + "; choose one the accelerator supports: " + String.join(", ", supported) + ".");
        }
        this.architecture = a;
        this.parameters = a.parameterCount();
        this.network = network;
        this.overheads = oh;
        this.sequenceLength = Require.positive("seq_len", sequenceLength, dev.trainplan.engine.job.Dataset.MAX_SEQUENCE_LENGTH);
        this.devicesPerNode = hardware.devicesPerNode();
        this.lowPrecision = precision == Precision.FP8 || precision == Precision.MXFP8 || precision == Precision.NVFP4;
        this.valueBytes = precision == Precision.FP32 ? 4 : 2;
        // Attention runs in the 16-bit type of the job (FP8 recipes keep it in BF16); FP16 where the chip has no BF16 (V100).
        Precision attentionPrecision = precision == Precision.FP32 ? Precision.FP32
                : precision == Precision.FP16 || !chip.supports(Precision.BF16) ? Precision.FP16 : Precision.BF16;
        double attentionPeak = chip.peakFlopsPerSecond(attentionPrecision);
        this.device = new Device(chip.peakFlopsPerSecond(precision), attentionPeak, chip.hbmBandwidthBytesPerSecond(),
                lowPrecision ? eff.gemmFp8() : eff.gemm(), eff.attention(attentionKernel.tuned(framework)), eff, Math.max(1, precision.bytesPerValue()), chip.computeUnits());
        this.gradientBytes = StepTimeModel.gradientBytes(framework, precision);
        this.optimizerBytesPerParameter = StepTimeModel.optimizerBytesPerParameter(optimizer);
        this.accumulationBytesPerParameter = StepTimeModel.accumulationBytesPerParameter(framework, precision);
        this.attentionKernel = attentionKernel;
        this.dispatcher = dispatcher;
        this.framework = framework;
    }

    /** The stages with Megatron's all-to-all token dispatcher, the default of every MoE framework. */
    public static StagedStepTime of(Architecture model, ClusterHardware hardware, Collectives network, Efficiency efficiency,
                                    Overheads overheads, Precision precision, Framework framework, Optimizer optimizer, int sequenceLength,
                                    AttentionKernel attentionKernel) {
        return of(model, hardware, network, efficiency, overheads, precision, framework, optimizer, sequenceLength, attentionKernel,
                MoeDispatcher.ALLTOALL);
    }

    public static StagedStepTime of(Architecture model, ClusterHardware hardware, Collectives network, Efficiency efficiency,
                                    Overheads overheads, Precision precision, Framework framework, Optimizer optimizer, int sequenceLength,
                                    AttentionKernel attentionKernel, MoeDispatcher dispatcher) {
        return new StagedStepTime(Objects.requireNonNull(model, "model"), Objects.requireNonNull(hardware, "hardware"),
                Objects.requireNonNull(network, "network"), Objects.requireNonNull(efficiency, "efficiency"),
                Objects.requireNonNull(overheads, "overheads"), Objects.requireNonNull(precision, "precision"),
                Objects.requireNonNull(framework, "framework"), Objects.requireNonNull(optimizer, "optimizer"), sequenceLength,
                Objects.requireNonNull(attentionKernel, "attentionKernel"), Objects.requireNonNull(dispatcher, "dispatcher"));
    }

    /**
     * The work of one micro-batch of {@code microBatch} sequences per layer, for every recompute mode.
     *
     * @param expertTp tensor-parallel size of the expert layers ({@link Parallelism#expertTensorParallel}; tp for dense models)
     * @param sequenceParallel Megatron sequence parallelism (ignored when tp is 1, as Megatron does)
     */
    public MicroBatchWork microBatch(int tp, int cp, int ep, int expertTp, int microBatch, boolean sequenceParallel) {
        Require.positive("tp", tp, Parallelism.MAX_SIZE);
        Require.positive("cp", cp, Parallelism.MAX_SIZE);
        Require.positive("ep", ep, Parallelism.MAX_SIZE);
        Require.positive("expert tp", expertTp, Parallelism.MAX_SIZE);
        Require.positive("micro-batch", microBatch, dev.trainplan.engine.job.BatchSpec.MAX_MICRO_BATCH);
        if (cp > 1 && !attentionKernel.flash()) {
            throw new IllegalArgumentException("cp " + cp + " needs a fused attention kernel (Megatron's context parallelism runs on Transformer"
                    + " Engine's), but attention is " + attentionKernel.id() + "; use FlashAttention (drop --no-flash-attention) or cp 1.");
        }
        return new MicroBatchWork(this, tp, cp, ep, expertTp, microBatch, sequenceParallel && tp > 1);
    }

    /** The layout of {@code world} ranks: {@code dp = world / (tp × pp × cp)}, {@code expertDp = world / (expertTp × ep × pp)} (1 for dense models). */
    public LayoutWork layout(int world, int tp, int pp, int cp, int ep, int expertTp, int dp, int expertDp) {
        return layout(world, tp, pp, cp, ep, expertTp, dp, expertDp, 1);
    }

    /**
     * The layout with its layers split over pp × {@code vp} chunks. The split depends on vp only where the framework gives
     * the remainder of an uneven split to the last chunk (torchtitan) and pp × vp does not divide the layers, which the
     * planner never proposes; an estimate gives its vp.
     */
    public LayoutWork layout(int world, int tp, int pp, int cp, int ep, int expertTp, int dp, int expertDp, int vp) {
        if ((long) tp * pp * cp * dp != world) {
            throw new IllegalArgumentException("world " + world + " is not tp " + tp + " × pp " + pp + " × cp " + cp + " × dp " + dp + ".");
        }
        Require.positive("expert data-parallel size", expertDp, world);
        return new LayoutWork(this, world, tp, pp, cp, ep, expertTp, dp, expertDp, vp);
    }

    /** Puts a micro-batch's work on a layout's pipeline: the slowest stage and the hop between stages. */
    public StageWork stage(MicroBatchWork microBatch, LayoutWork layout) {
        return new StageWork(this, Objects.requireNonNull(microBatch, "microBatch"), Objects.requireNonNull(layout, "layout"));
    }

    /**
     * Seconds of one optimizer step: {@code microBatches} micro-batches through the stage, with {@code vp}
     * interleaved chunks per stage. Arithmetic only, no allocation; equal to {@link StepTimeModel#estimate}'s
     * step seconds for the same configuration.
     */
    public double stepSeconds(StageWork stage, int vp, int microBatches, Recompute recompute, Sharding sharding) {
        return combine(stage, vp, microBatches, recompute, 1, sharding, null);
    }

    /**
     * {@link #stepSeconds(StageWork, int, int, Recompute, Sharding)} with full recompute of only a share of each
     * stage's layers (Megatron's block method, {@link Recompute#share}): those layers
     * cost what full recompute costs, the others what no recompute costs.
     */
    public double stepSeconds(StageWork stage, int vp, int microBatches, Recompute recompute, double recomputedShare, Sharding sharding) {
        return combine(stage, vp, microBatches, recompute, recomputedShare, sharding, null);
    }

    /** The step's parts in {@link Breakdown} order, written to {@code parts} when it is not null; returns their sum. */
    double combine(StageWork stage, int vp, int m, Recompute recompute, double recomputedShare, Sharding sharding, double[] parts) {
        boolean partial = recompute == Recompute.FULL && recomputedShare < 1;
        double share = partial ? Math.max(0, recomputedShare) : 1;
        int o = recompute.ordinal() * COST_PARTS;
        int none = Recompute.NONE.ordinal() * COST_PARTS;
        double[] w = stage.worst;
        LayoutWork layout = stage.layout;
        int pp = layout.pp;
        // ZeRO-3 reduce-scatters every micro-batch's gradients instead of adding them up, unless the framework syncs once a step.
        Sharding traffic = framework.shardTraffic(sharding, pp);
        double compute = m * mix(w, o, none, share, COMPUTE) + (traffic == Sharding.ZERO3 ? 0 : (m - 1) * layout.accumulationSeconds);
        double tensor = m * mix(w, o, none, share, TP);
        double context = m * mix(w, o, none, share, CP);
        double expert = m * mix(w, o, none, share, EP);
        double pipeline = pp > 1 ? 2.0 * (pp - 1) * vp * stage.sendSeconds : 0;
        double dataParallel = layout.dense.exposedSeconds(traffic, mix(w, o, none, share, FORWARD), mix(w, o, none, share, BACKWARD), m,
                overheads.dpOverlap()) + layout.expert.exposedSeconds(traffic, 0, 0, m, 0);
        double othersSeconds = share * stage.othersSeconds[recompute.ordinal()] + (1 - share) * stage.othersSeconds[Recompute.NONE.ordinal()];
        double bubble = (pp - 1) / (double) vp * othersSeconds;
        double optimizer = layout.optimizerSeconds(sharding);
        double overhead = m * mix(w, o, none, share, HOST) + overheads.stepSeconds();
        if (parts != null) {
            parts[0] = compute;
            parts[1] = tensor;
            parts[2] = context;
            parts[3] = expert;
            parts[4] = pipeline;
            parts[5] = dataParallel;
            parts[6] = bubble;
            parts[7] = optimizer;
            parts[8] = overhead;
        }
        return compute + tensor + context + expert + pipeline + dataParallel + bubble + optimizer + overhead;
    }

    /** One part of the stage's seconds per micro-batch: {@code share} of it under the recompute mode at {@code o}, the rest without recompute. */
    private static double mix(double[] w, int o, int none, double share, int part) {
        return share == 1 ? w[o + part] : share * w[o + part] + (1 - share) * w[none + part];
    }

    Breakdown breakdown(StageWork stage, int vp, int microBatches, Recompute recompute, double recomputedShare, Sharding sharding) {
        double[] p = new double[9];
        combine(stage, vp, microBatches, recompute, recomputedShare, sharding, p);
        return new Breakdown(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
    }
}
