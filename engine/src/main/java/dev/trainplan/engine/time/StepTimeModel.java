package dev.trainplan.engine.time;

import dev.trainplan.engine.comm.Collectives;
import dev.trainplan.engine.hardware.Accelerator;
import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.FlopCount;
import dev.trainplan.engine.model.ParameterCount;

/**
 * Predicts one optimizer step from operations (DESIGN.md, formulas.md §5–7): per layer and micro-batch,
 * GEMMs at shape-dependent efficiency, FlashAttention, memory-bound kernels at HBM bandwidth, exposed
 * tensor-, context- and expert-parallel collectives; stages composed by the 1F1B or interleaved
 * schedule with its bubble; then exposed data-parallel traffic, the optimizer update and fixed costs.
 * Ranks are laid out as Megatron does (tp innermost, then cp, ep, dp, pp outermost); each group's
 * collectives go over the links it spans ({@link Collectives}: scale-up domain, then the network).
 */
public final class StepTimeModel {
    /** FlashAttention's backward is 2.5 forwards (it recomputes QKᵀ); Dao-AILab benchmark convention. */
    static final double ATTENTION_BACKWARD = 2.5;
    /** Cross-entropy over the logits: read bf16 logits, write and read fp32 probabilities, in both passes. */
    static final double LOSS_BYTES_PER_LOGIT = 10;

    private StepTimeModel() {
    }

    public static StepTime estimate(Architecture a, Job job, ClusterHardware hardware, Collectives net, Efficiency eff, Overheads oh) {
        Parallelism par = job.parallelism();
        int tp = par.tp();
        int pp = par.pp();
        int cp = par.cp();
        int ep = par.ep();
        int dp = job.dataParallel();
        int m = job.batch().gradientAccumulation();
        int b = job.batch().microBatch();
        int s = job.dataset().sequenceLength();
        int perNode = hardware.devicesPerNode();
        Accelerator chip = hardware.accelerator();
        Precision precision = job.precision();
        if (!chip.supports(precision)) {
            throw new IllegalArgumentException("precision " + precision.id() + " has no tensor-core peak on " + chip.id()
                    + "; choose a precision the accelerator supports, such as bf16.");
        }
        boolean lowPrecision = precision == Precision.FP8 || precision == Precision.MXFP8 || precision == Precision.NVFP4;
        double valueBytes = precision == Precision.FP32 ? 4 : 2;
        // Attention runs in the 16-bit type of the job (FP8 recipes keep it in BF16); FP16 where the chip has no BF16 (V100).
        Precision attentionPrecision = precision == Precision.FP32 ? Precision.FP32
                : precision == Precision.FP16 || !chip.supports(Precision.BF16) ? Precision.FP16 : Precision.BF16;
        double attentionPeak = chip.peakFlopsPerSecond(attentionPrecision);
        Device device = new Device(chip.peakFlopsPerSecond(precision), attentionPeak, chip.hbmBandwidthBytesPerSecond(),
                lowPrecision ? eff.gemmFp8() : eff.gemm(), eff, Math.max(1, precision.bytesPerValue()));
        double tokens = (double) b * s / cp;
        boolean sp = par.sequenceParallelActive();
        Recompute recompute = job.recompute();

        int etp = a.moeLayers() > 0 ? par.expertTensorParallel(job.worldSize()) : tp;
        LayerWork dense = LayerWork.of(a, device, tokens, s, tp, etp, sp, false, valueBytes);
        LayerWork moe = a.moeLayers() > 0 ? LayerWork.of(a, device, tokens, s, tp, etp, sp, true, valueBytes) : dense;
        double[] denseCost = layerCost(dense, device, net, a, job, tokens, lowPrecision, false, perNode, oh, valueBytes);
        double[] moeCost = a.moeLayers() > 0 ? layerCost(moe, device, net, a, job, tokens, lowPrecision, true, perNode, oh, valueBytes) : denseCost;

        // The last stage also runs the LM head and the loss; nothing of it is recomputed.
        double logitsFwd = device.gemmSeconds(tokens, a.hidden(), a.vocab() / (double) tp)
                + device.memorySeconds(LOSS_BYTES_PER_LOGIT * tokens * a.vocab() / tp);
        double logitsSeconds = 3 * logitsFwd;

        double layersPerStage = (double) a.layers() / pp;
        double worstStage = -1;
        double[] worst = null;
        for (int stage = 0; stage < pp; stage++) {
            double start = stage * layersPerStage;
            double denseHere = clamp(a.denseLayers() - start, 0, layersPerStage);
            double moeHere = layersPerStage - denseHere;
            double[] cost = new double[COST_PARTS];
            for (int i = 0; i < COST_PARTS; i++) {
                cost[i] = denseHere * denseCost[i] + moeHere * moeCost[i];
            }
            if (stage == pp - 1) {
                cost[COMPUTE] += logitsSeconds;
                cost[BACKWARD] += 2 * logitsFwd;
            }
            double total = cost[COMPUTE] + cost[TP] + cost[CP] + cost[EP] + cost[HOST];
            if (!(total <= worstStage)) {
                worstStage = total;
                worst = cost;
            }
        }
        double perMicroBatch = worstStage;
        double bubble = (pp - 1) / (double) par.vp() * perMicroBatch;
        double pipeline = 0;
        if (pp > 1) {
            double activation = tokens * a.hidden() * valueBytes / (sp ? tp : 1);
            boolean crosses = job.worldSize() > perNode && (long) tp * cp * dp >= perNode;
            pipeline = 2.0 * (pp - 1) * par.vp() * net.sendRecvSeconds(activation, crosses);
        }

        ParameterCount pc = a.parameterCount();
        double denseParams = (pc.denseLayer() * (double) Math.min(a.denseLayers(), layersPerStage)
                + pc.moeLayerNonExpert() * Math.max(0, layersPerStage - a.denseLayers())
                + pc.embedding() + pc.positions() + pc.finalNorm() + (pp == 1 ? pc.head() : 0)) / tp;
        double expertParams = a.moeLayers() > 0
                ? Math.min(a.moeLayers(), layersPerStage) * (double) pc.experts() * pc.expertParameters() / ((double) etp * ep) : 0;
        int dpPerNode = membersPerNode(tp * cp, dp, perNode);
        int expertDp = a.moeLayers() > 0 ? par.expertDataParallel(job.worldSize()) : 1;
        int expertDpPerNode = membersPerNode(etp * ep, expertDp, perNode);
        double gradBytes = gradientBytes(job.framework(), precision);
        double dataParallel = dataParallelSeconds(job.sharding(), net, denseParams, dp, dpPerNode, gradBytes, valueBytes,
                worst[FORWARD], worst[BACKWARD], m, oh.dpOverlap())
                + dataParallelSeconds(job.sharding(), net, expertParams, expertDp, expertDpPerNode, gradBytes, valueBytes,
                0, 0, m, 0);
        double optimizer = device.memorySeconds(optimizerBytesPerParameter(job)
                * (denseParams / (job.sharding() == Sharding.NONE ? 1 : dp)
                + expertParams / (job.sharding() == Sharding.NONE ? 1 : expertDp)));

        Breakdown breakdown = new Breakdown(m * worst[COMPUTE], m * worst[TP], m * worst[CP], m * worst[EP], pipeline, dataParallel,
                bubble, optimizer, m * worst[HOST] + oh.stepSeconds());
        double step = breakdown.totalSeconds();
        if (!Double.isFinite(step)) {
            throw new IllegalArgumentException("the step time of " + a.name() + " on " + chip.id() + " cannot be predicted: a link it needs"
                    + " has no published bandwidth (scale-out of " + chip.id() + "?); give it with --scaleout-gbps or --fabric.");
        }
        double tokensPerDevice = job.batch().globalBatch() * (double) s / step / job.worldSize();

        FlopCount flops = FlopCount.of(a);
        double modelFlops = flops.modelFlopsPerToken(s);
        double hardwareFlops = flops.hardwareFlopsPerToken(s, recompute);
        double peak = device.gemmPeakFlopsPerSecond();
        return new StepTime(step, breakdown, tokensPerDevice, modelFlops, hardwareFlops, tokensPerDevice * modelFlops / peak,
                tokensPerDevice * hardwareFlops / peak);
    }

    static final int COMPUTE = 0;
    static final int TP = 1;
    static final int CP = 2;
    static final int EP = 3;
    static final int HOST = 4;
    static final int FORWARD = 5;
    static final int BACKWARD = 6;
    static final int COST_PARTS = 7;

    /** Seconds one layer adds to one micro-batch, by part: compute, TP, CP, EP, host floor, forward, backward. */
    private static double[] layerCost(LayerWork w, Device device, Collectives net, Architecture a, Job job, double tokens,
                                      boolean lowPrecision, boolean moeLayer, int perNode, Overheads oh, double valueBytes) {
        Parallelism par = job.parallelism();
        int tp = par.tp();
        int cp = par.cp();
        double attention = device.attentionSeconds(w.attentionFlops());
        // FP8 GEMMs first cast their BF16 inputs: another read and a narrower write per element.
        double elementwise = device.memorySeconds(w.elementwiseBytes() * (lowPrecision ? FP8_CAST_FACTOR : 1));
        double forward = w.gemmSeconds() + attention + elementwise;
        double backward = 2 * w.gemmSeconds() + ATTENTION_BACKWARD * attention + 2 * elementwise;
        Recompute recompute = job.recompute();
        double recomputed = switch (recompute) {
            case NONE -> 0;
            case SELECTIVE -> attention;
            case FULL -> forward;
        };
        double[] cost = new double[COST_PARTS];
        cost[COMPUTE] = forward + backward + recomputed;
        if (tp > 1) {
            // Two all-reduces (or all-gather + reduce-scatter pairs with SP) forward, two backward, two more in a full recompute.
            int collectives = recompute == Recompute.FULL ? 6 : 4;
            int tpPerNode = membersPerNode(1, tp, perNode);
            double perCollective = net.allReduceSeconds(w.activationBytes(), tpPerNode, tp / tpPerNode);
            cost[TP] = collectives * perCollective * oh.tpExposed();
        }
        if (cp > 1) {
            double kvWidth = a.mla().enabled() ? a.heads() * (double) (a.mla().qkHeadDim() + a.mla().vHeadDim())
                    : 2.0 * a.kvHeads() * a.headDim();
            double gathered = tokens * kvWidth / tp * valueBytes * cp;
            int cpPerNode = membersPerNode(tp, cp, perNode);
            double exchange = net.allGatherSeconds(gathered, cpPerNode, cp / cpPerNode);
            cost[CP] = Math.max(0, exchange - attention) + Math.max(0, 2 * exchange - ATTENTION_BACKWARD * attention);
        }
        if (moeLayer && par.ep() > 1) {
            double dispatched = tokens * a.moe().topK() * a.hidden() * valueBytes;
            int epPerNode = membersPerNode(tp * cp, par.ep(), perNode);
            cost[EP] = 4 * net.allToAllSeconds(dispatched, epPerNode, par.ep() / epPerNode);
        }
        double host = oh.layerHostSeconds();
        cost[HOST] = Math.max(0, host - forward) + Math.max(0, (recompute == Recompute.FULL ? 3 : 2) * host - backward - recomputed);
        cost[FORWARD] = forward;
        cost[BACKWARD] = backward + recomputed;
        return cost;
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

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
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

    /** Optimizer traffic per parameter it updates: Adam reads and writes FP32 master, m and v, reads the gradient, writes the weight. */
    static double optimizerBytesPerParameter(Job job) {
        return switch (job.optimizer()) {
            case SGD -> 14;
            case MOMENTUM -> 22;
            case ADAFACTOR -> 18;
            case ADAM_8BIT -> 18;
            case ADAMW -> 30;
        };
    }

    private static double dataParallelSeconds(Sharding sharding, Collectives net, double params, int dp, int dpPerNode,
                                              double gradBytes, double valueBytes, double forward, double backward,
                                              int microBatches, double overlap) {
        if (dp <= 1 || params <= 0) {
            return 0;
        }
        return switch (sharding) {
            case NONE -> Math.max(0, net.allReduceSeconds(params * gradBytes, dpPerNode, dp / dpPerNode) - overlap * backward);
            case ZERO1, ZERO2 -> Math.max(0, net.reduceScatterSeconds(params * gradBytes, dpPerNode, dp / dpPerNode) - overlap * backward)
                    + Math.max(0, net.allGatherSeconds(params * valueBytes, dpPerNode, dp / dpPerNode) - overlap * forward);
            case ZERO3 -> microBatches * (Math.max(0, net.allGatherSeconds(params * valueBytes, dpPerNode, dp / dpPerNode) - overlap * forward)
                    + Math.max(0, net.allGatherSeconds(params * valueBytes, dpPerNode, dp / dpPerNode)
                    + net.reduceScatterSeconds(params * gradBytes, dpPerNode, dp / dpPerNode) - overlap * backward));
        };
    }
}
