package dev.trainplan.engine.time;

import dev.trainplan.engine.comm.Collectives;
import dev.trainplan.engine.job.MoeDispatcher;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.model.Architecture;

/**
 * What one micro-batch costs one device in one layer of each kind (dense, MoE), for every recompute mode:
 * everything of the step that depends only on tp, cp, ep, the expert tp, the micro-batch and sequence
 * parallelism. A planner builds one per such shape and reuses it across pipeline depths, interleaving,
 * recompute, sharding and data parallelism; {@link StagedStepTime#microBatch} makes them.
 */
public final class MicroBatchWork {
    static final int COMPUTE = 0;
    static final int TP = 1;
    static final int CP = 2;
    static final int EP = 3;
    static final int HOST = 4;
    static final int FORWARD = 5;
    static final int BACKWARD = 6;
    static final int COST_PARTS = 7;
    static final int RECOMPUTES = Recompute.values().length;

    final int tp;
    final int cp;
    final int ep;
    final int expertTp;
    final int microBatch;
    final boolean sequenceParallel;
    /** Tokens of the micro-batch on this device ({@code b × s / cp}). */
    final double tokens;
    final LayerWork dense;
    final LayerWork moe;
    /** Seconds one layer adds to one micro-batch, {@code [recompute × COST_PARTS + part]}. */
    final double[] denseCost;
    final double[] moeCost;
    /** Forward of the LM head and the loss, run by the last stage and never recomputed. */
    final double logitsForwardSeconds;
    /** Bytes one pipeline stage sends the next per micro-batch and chunk. */
    final double stageActivationBytes;

    MicroBatchWork(StagedStepTime st, int tp, int cp, int ep, int expertTp, int microBatch, boolean sequenceParallel) {
        Architecture a = st.architecture;
        Device device = st.device;
        int s = st.sequenceLength;
        this.tp = tp;
        this.cp = cp;
        this.ep = ep;
        this.expertTp = expertTp;
        this.microBatch = microBatch;
        this.sequenceParallel = sequenceParallel;
        this.tokens = (double) microBatch * s / cp;
        this.dense = LayerWork.of(a, device, tokens, s, tp, expertTp, sequenceParallel, false, st.valueBytes, st.attentionKernel);
        this.moe = a.moeLayers() > 0 ? LayerWork.of(a, device, tokens, s, tp, expertTp, sequenceParallel, true, st.valueBytes, st.attentionKernel) : dense;
        this.denseCost = layerCost(st, dense, false);
        this.moeCost = a.moeLayers() > 0 ? layerCost(st, moe, true) : denseCost;
        this.logitsForwardSeconds = device.gemmSeconds(tokens, a.hidden(), a.vocab() / (double) tp)
                + device.memorySeconds(StepTimeModel.LOSS_BYTES_PER_LOGIT * tokens * a.vocab() / tp);
        this.stageActivationBytes = tokens * a.hidden() * st.valueBytes / (sequenceParallel ? tp : 1);
    }

    public int tp() {
        return tp;
    }

    public int microBatch() {
        return microBatch;
    }

    /**
     * The backward's tensor-parallel collectives ({@code collectives}: one all-reduce, or all-gather and
     * reduce-scatter pair, per block) that stay on the critical path. Where the framework overlaps them
     * ({@link dev.trainplan.engine.job.Framework#overlapsTensorParallelBackward}), a column-parallel linear's input-gradient
     * collective runs under its weight-gradient GEMM and, with sequence parallelism, its re-gathered input under
     * its input-gradient GEMM; only the row-parallel linear's all-gather of the output gradient (half a pair) must
     * finish first.
     */
    private double backwardCollectives(StagedStepTime st, LayerWork w, double collectives) {
        if (!st.framework.overlapsTensorParallelBackward()) {
            return collectives;
        }
        double exposed = sequenceParallel ? collectives / 2 : 0;
        double window = (sequenceParallel ? 2 : 1) * w.columnGemmSeconds();
        return exposed + Math.max(0, collectives - window);
    }

    /** Seconds one layer adds to one micro-batch, by part and recompute mode: compute, TP, CP, EP, host floor, forward, backward. */
    private double[] layerCost(StagedStepTime st, LayerWork w, boolean moeLayer) {
        Device device = st.device;
        Collectives net = st.network;
        Architecture a = st.architecture;
        Overheads oh = st.overheads;
        int perNode = st.devicesPerNode;
        double attention = w.attentionSeconds();
        // FP8 GEMMs first cast their BF16 inputs: another read and a narrower write per element.
        double elementwise = device.memorySeconds(w.elementwiseBytes() * (st.lowPrecision ? StepTimeModel.FP8_CAST_FACTOR : 1));
        double forward = w.gemmSeconds() + attention + elementwise;
        double backward = w.gemmBackwardSeconds() + w.attentionBackwardSeconds() + 2 * elementwise;
        double perCollective = 0;
        if (tp > 1) {
            int tpPerNode = StepTimeModel.membersPerNode(1, tp, perNode);
            perCollective = net.allReduceSeconds(w.activationBytes(), tpPerNode, tp / tpPerNode);
        }
        double contextParallel = 0;
        if (cp > 1) {
            double kvWidth = a.mla().enabled() ? a.heads() * (double) (a.mla().qkHeadDim() + a.mla().vHeadDim())
                    : 2.0 * a.kvHeads() * a.headDim();
            double gathered = tokens * kvWidth / tp * st.valueBytes * cp;
            int cpPerNode = StepTimeModel.membersPerNode(tp, cp, perNode);
            double exchange = net.allGatherSeconds(gathered, cpPerNode, cp / cpPerNode);
            contextParallel = Math.max(0, exchange - attention) + Math.max(0, 2 * exchange - w.attentionBackwardSeconds());
        }
        double dispatch = 0;
        if (moeLayer && ep > 1) {
            // One dispatch: each rank sends its own tokens (its 1/tp sequence-parallel share) to their experts
            // in one all-to-all over the EP group (DeepEP: once per remote node), then all-gathers them over the
            // expert-TP group (Megatron's dispatcher); a combine costs the same. The expert grid puts expert tp
            // innermost and ep next (rank order etp-ep-edp-pp), so an EP group's members are expert-tp ranks apart,
            // whatever tp and cp are.
            double dispatched = tokens / tp * a.moe().topK() * a.hidden() * st.valueBytes;
            int epPerNode = StepTimeModel.membersPerNode(expertTp, ep, perNode);
            double seconds = st.dispatcher == MoeDispatcher.DEEPEP
                    ? net.tokenDispatchSeconds(dispatched, epPerNode, ep / epPerNode, a.moe().topK())
                    : net.allToAllSeconds(dispatched, epPerNode, ep / epPerNode);
            if (expertTp > 1) {
                int etpPerNode = StepTimeModel.membersPerNode(1, expertTp, perNode);
                seconds += net.allGatherSeconds(dispatched * expertTp, etpPerNode, expertTp / etpPerNode);
            }
            dispatch = seconds * oh.epExposed();
        }
        double host = oh.layerHostSeconds();
        double[] cost = new double[RECOMPUTES * COST_PARTS];
        for (Recompute recompute : Recompute.values()) {
            int o = recompute.ordinal() * COST_PARTS;
            double recomputed = switch (recompute) {
                case NONE -> 0;
                case SELECTIVE -> attention;
                case FULL -> forward;
            };
            cost[o + COMPUTE] = forward + backward + recomputed;
            if (tp > 1) {
                // An all-reduce (or all-gather + reduce-scatter pair with SP) per block forward, one backward, one more in a
                // full recompute; the blocks are attention and the MLP. Routed experts behind an all-to-all take their
                // tokens from the dispatcher instead, and shared experts are an MLP of their own.
                int blocks = moeLayer && ep > 1 ? 1 + (a.moe().sharedExperts() > 0 ? 1 : 0) : 2;
                double forwardCollectives = blocks * perCollective;
                cost[o + TP] = ((recompute == Recompute.FULL ? 2 : 1) * forwardCollectives + backwardCollectives(st, w, forwardCollectives))
                        * oh.tpExposed();
            }
            cost[o + CP] = contextParallel;
            // Dispatch and combine forward, their gradients backward, and the forward pair again in a full recompute.
            cost[o + EP] = (recompute == Recompute.FULL ? 6 : 4) * dispatch;
            cost[o + HOST] = Math.max(0, host - forward) + Math.max(0, (recompute == Recompute.FULL ? 3 : 2) * host - backward - recomputed);
            cost[o + FORWARD] = forward;
            cost[o + BACKWARD] = backward + recomputed;
        }
        return cost;
    }
}
