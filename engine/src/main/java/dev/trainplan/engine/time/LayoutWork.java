package dev.trainplan.engine.time;

import dev.trainplan.engine.comm.Collectives;
import dev.trainplan.engine.job.PipelineSplit;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.ParameterCount;

/**
 * What the step owes to the layout of the ranks, whatever the micro-batch: the parameters one device
 * holds, the seconds of every gradient and parameter collective over its data-parallel groups (dense and
 * expert), the optimizer update, and whether a pipeline hop leaves the node. Built by
 * {@link StagedStepTime#layout} once per (world, tp, pp, cp, ep, dp).
 */
public final class LayoutWork {
    final int world;
    final int pp;
    final int dp;
    final int expertDp;
    /** The stages' mean layers: what a stage's gradients, optimizer state and data-parallel traffic are counted on. */
    final double layersPerStage;
    /** Each stage's first layer and layer count, as the framework splits them (the memory model's split): its compute. */
    final int[] stageStart;
    final int[] stageLayers;
    final double denseParams;
    final double expertParams;
    /** Whether pipeline neighbours sit on different nodes. */
    final boolean crossesNodes;
    /** All-reduce, reduce-scatter and all-gather seconds of the dense and the expert gradients or parameters. */
    final Reduction dense;
    final Reduction expert;
    /** Optimizer update seconds without sharding and with the optimizer states sharded. */
    final double optimizerSeconds;
    final double shardedOptimizerSeconds;
    /** Seconds to add one micro-batch's gradients of this stage's parameters to the step's sum. */
    final double accumulationSeconds;

    LayoutWork(StagedStepTime st, int world, int tp, int pp, int cp, int ep, int expertTp, int dp, int expertDp, int vp) {
        Architecture a = st.architecture;
        ParameterCount pc = st.parameters;
        int perNode = st.devicesPerNode;
        this.world = world;
        this.pp = pp;
        this.dp = dp;
        this.expertDp = expertDp;
        this.layersPerStage = (double) a.layers() / pp;
        this.stageLayers = stageLayers(a, PipelineSplit.of(st.framework), pp, vp);
        this.stageStart = new int[pp];
        for (int stage = 1; stage < pp; stage++) {
            stageStart[stage] = stageStart[stage - 1] + stageLayers[stage - 1];
        }
        this.crossesNodes = world > perNode && (long) tp * cp * dp >= perNode;
        this.denseParams = (pc.denseLayer() * (double) Math.min(a.denseLayers(), layersPerStage)
                + pc.moeLayerNonExpert() * Math.max(0, layersPerStage - a.denseLayers())
                + pc.embedding() + pc.positions() + pc.finalNorm() + (pp == 1 ? pc.head() : 0)) / tp;
        this.expertParams = a.moeLayers() > 0
                ? Math.min(a.moeLayers(), layersPerStage) * (double) pc.experts() * pc.expertParameters() / ((double) expertTp * ep) : 0;
        // Context-parallel ranks hold the same weights and see different tokens: Megatron reduces gradients and
        // shards the distributed optimizer over the dp × cp group (its "data-parallel with context-parallel" group).
        int dpCp = dp * cp;
        this.dense = new Reduction(st, denseParams, dpCp, StepTimeModel.membersPerNode(tp, dpCp, perNode));
        this.expert = new Reduction(st, expertParams, expertDp, StepTimeModel.membersPerNode(expertTp * ep, expertDp, perNode));
        double perParameter = st.optimizerBytesPerParameter;
        this.optimizerSeconds = st.device.memorySeconds(perParameter * (denseParams + expertParams));
        this.accumulationSeconds = st.device.memorySeconds(st.accumulationBytesPerParameter * (denseParams + expertParams));
        this.shardedOptimizerSeconds = st.device.memorySeconds(perParameter * (denseParams / dpCp + expertParams / expertDp));
    }

    /**
     * The layers of each of {@code pp} stages (a rank's {@code vp} chunks together) as the framework splits them, the
     * memory model's split; nanotron's greedy split weighs a layer by its weight matrices and the output layer by
     * vocab × hidden.
     */
    public static int[] stageLayers(Architecture a, PipelineSplit split, int pp, int vp) {
        ParameterCount pc = a.parameterCount();
        double layerCost = pc.attentionPerLayer() + pc.denseMlpPerLayer();
        int[] layers = new int[pp];
        int start = 0;
        for (int stage = 0; stage < pp; stage++) {
            layers[stage] = split.layersOnStage(stage, start, a.layers(), pp, vp, layerCost, (double) a.vocab() * a.hidden());
            start += layers[stage];
        }
        return layers;
    }

    double optimizerSeconds(Sharding sharding) {
        return sharding == Sharding.NONE ? optimizerSeconds : shardedOptimizerSeconds;
    }

    /** The collectives of one data-parallel group over {@code params} parameters; all zero when there is nothing to reduce. */
    static final class Reduction {
        final boolean active;
        final double allReduceSeconds;
        final double reduceScatterSeconds;
        final double allGatherSeconds;

        Reduction(StagedStepTime st, double params, int dp, int dpPerNode) {
            Collectives net = st.network;
            this.active = dp > 1 && params > 0;
            this.allReduceSeconds = active ? net.allReduceSeconds(params * st.gradientBytes, dpPerNode, dp / dpPerNode) : 0;
            this.reduceScatterSeconds = active ? net.reduceScatterSeconds(params * st.gradientBytes, dpPerNode, dp / dpPerNode) : 0;
            this.allGatherSeconds = active ? net.allGatherSeconds(params * st.valueBytes, dpPerNode, dp / dpPerNode) : 0;
        }

        /** Exposed seconds: what the backward (gradients) and the forward (parameter gathers) cannot hide. */
        double exposedSeconds(Sharding sharding, double forward, double backward, int microBatches, double overlap) {
            if (!active) {
                return 0;
            }
            return switch (sharding) {
                case NONE -> Math.max(0, allReduceSeconds - overlap * backward);
                case ZERO1, ZERO2 -> Math.max(0, reduceScatterSeconds - overlap * backward)
                        + Math.max(0, allGatherSeconds - overlap * forward);
                case ZERO3 -> microBatches * (Math.max(0, allGatherSeconds - overlap * forward)
                        + Math.max(0, allGatherSeconds + reduceScatterSeconds - overlap * backward));
            };
        }
    }
}
