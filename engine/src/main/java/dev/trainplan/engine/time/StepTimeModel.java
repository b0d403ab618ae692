package dev.trainplan.engine.time;

import dev.trainplan.engine.comm.Collectives;
import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.FlopCount;

/**
 * Predicts one optimizer step from operations (DESIGN.md, formulas.md §5–7): per layer and micro-batch,
 * GEMMs at shape-dependent efficiency, FlashAttention, memory-bound kernels at HBM bandwidth, exposed
 * tensor-, context- and expert-parallel collectives; stages composed by the 1F1B or interleaved
 * schedule with its bubble; then exposed data-parallel traffic, the optimizer update and fixed costs.
 * Ranks are laid out as Megatron does (tp innermost, then cp, ep, dp, pp outermost); each group's
 * collectives go over the links it spans ({@link Collectives}: scale-up domain, then the network).
 * The arithmetic lives in {@link StagedStepTime}'s stages, which a planner reuses across configurations.
 */
public final class StepTimeModel {
    /** FlashAttention's backward is 2.5 forwards (it recomputes QKᵀ); Dao-AILab benchmark convention. */
    static final double ATTENTION_BACKWARD = 2.5;
    /** Cross-entropy over the logits: read bf16 logits, write and read fp32 probabilities, in both passes. */
    static final double LOSS_BYTES_PER_LOGIT = 10;

    private StepTimeModel() {
    }

    /** The step of {@code job} with FlashAttention, the kernel every current framework uses by default. */
    public static StepTime estimate(Architecture a, Job job, ClusterHardware hardware, Collectives net, Efficiency eff, Overheads oh) {
        return estimate(a, job, hardware, net, eff, oh, AttentionKernel.FLASH);
    }

    public static StepTime estimate(Architecture a, Job job, ClusterHardware hardware, Collectives net, Efficiency eff, Overheads oh,
                                    AttentionKernel attention) {
        Parallelism par = job.parallelism();
        int tp = par.tp();
        int world = job.worldSize();
        int m = job.batch().gradientAccumulation();
        int s = job.dataset().sequenceLength();
        Recompute recompute = job.recompute();
        StagedStepTime staged = StagedStepTime.of(a, hardware, net, eff, oh, job.precision(), job.framework(), job.optimizer(), s, attention,
                job.dispatcher());
        boolean moeModel = a.moeLayers() > 0;
        int etp = moeModel ? par.expertTensorParallel(world) : tp;
        int expertDp = moeModel ? par.expertDataParallel(world) : 1;
        MicroBatchWork work = staged.microBatch(tp, par.cp(), par.ep(), etp, job.batch().microBatch(), par.sequenceParallelActive());
        LayoutWork layout = staged.layout(world, tp, par.pp(), par.cp(), par.ep(), etp, job.dataParallel(), expertDp, par.vp());
        double recomputedShare = Recompute.share(recompute, job.recomputeLayers(), a.layers(), par.pp(), par.vp());
        Breakdown breakdown = staged.breakdown(staged.stage(work, layout), par.vp(), m, recompute, recomputedShare, job.sharding());
        double step = breakdown.totalSeconds();
        if (!Double.isFinite(step)) {
            String chip = hardware.accelerator().id();
            throw new IllegalArgumentException("the step time of " + a.name() + " on " + chip + " cannot be predicted: a link it needs"
                    + " has no published bandwidth (scale-out of " + chip + "?); give it with --scaleout-gbps or --fabric.");
        }
        double tokensPerDevice = job.batch().globalBatch() * (double) s / step / world;

        FlopCount flops = FlopCount.of(a);
        double modelFlops = flops.modelFlopsPerToken(s);
        double hardwareFlops = modelFlops + (recompute == Recompute.FULL ? recomputedShare : 1)
                * (flops.hardwareFlopsPerToken(s, recompute) - modelFlops);
        double peak = staged.device.gemmPeakFlopsPerSecond();
        return new StepTime(step, breakdown, tokensPerDevice, modelFlops, hardwareFlops, tokensPerDevice * modelFlops / peak,
                tokensPerDevice * hardwareFlops / peak);
    }

    /** Element-wise traffic of a layer under FP8, relative to BF16: the casts of every GEMM input. */
    static final double FP8_CAST_FACTOR = 1.5;

    /**
     * Members of a group of {@code size} ranks, spaced {@code stride} ranks apart, that share one node of
     * {@code perNode} devices (ranks fill nodes in order: tp innermost, then cp, ep and dp, pp outermost).
     */
    static int membersPerNode(int stride, int size, int perNode) {
        int members = Math.max(1, Math.min(size, perNode / stride));
        while (size % members != 0) {
            members--;
        }
        return members;
    }

    /** Megatron and FSDP reduce gradients in FP32 by default; DeepSpeed and DDP in the training precision. */
    static double gradientBytes(Framework framework, Precision precision) {
        if (precision == Precision.FP32) {
            return 4;
        }
        return switch (framework) {
            case DEEPSPEED, HF, TORCHRUN, LIGHTNING -> 2;
            default -> 4;
        };
    }

    /**
     * Traffic per parameter of adding one micro-batch's weight gradients to those accumulated over the step (read
     * both, write the sum, in the gradient's type), for micro-batches after the first. None where the framework folds
     * the sum into the weight-gradient GEMM ({@link Framework#fusesGradientAccumulation}); under ZeRO-3 the step
     * model charges none either, as each micro-batch's gradients are reduce-scattered instead of kept (unless the
     * framework syncs once a step, {@link Framework#shardTraffic}).
     */
    static double accumulationBytesPerParameter(Framework framework, Precision precision) {
        return framework.fusesGradientAccumulation() ? 0 : 3 * gradientBytes(framework, precision);
    }

    /** Optimizer traffic per parameter it updates: Adam reads and writes FP32 master, m and v, reads the gradient, writes the weight. */
    static double optimizerBytesPerParameter(Optimizer optimizer) {
        return switch (optimizer) {
            case SGD -> 14;
            case MOMENTUM -> 22;
            case ADAFACTOR -> 18;
            case ADAM_8BIT -> 18;
            case ADAMW -> 30;
        };
    }
}
