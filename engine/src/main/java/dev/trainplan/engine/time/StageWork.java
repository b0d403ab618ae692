package dev.trainplan.engine.time;

import static dev.trainplan.engine.time.MicroBatchWork.BACKWARD;
import static dev.trainplan.engine.time.MicroBatchWork.COMPUTE;
import static dev.trainplan.engine.time.MicroBatchWork.COST_PARTS;
import static dev.trainplan.engine.time.MicroBatchWork.HOST;
import static dev.trainplan.engine.time.MicroBatchWork.RECOMPUTES;

import dev.trainplan.engine.model.Architecture;

/**
 * One micro-batch on the slowest pipeline stage of a layout, for every recompute mode, and the seconds
 * of one hop between stages: what is left of the step once interleaving, the recompute mode, sharding
 * and the number of micro-batches are chosen, which {@link StagedStepTime#stepSeconds} combines with
 * arithmetic only. Built by {@link StagedStepTime#stage}.
 */
public final class StageWork {
    final MicroBatchWork microBatch;
    final LayoutWork layout;
    /** The slowest stage's parts, {@code [recompute × COST_PARTS + part]}. */
    final double[] worst = new double[RECOMPUTES * COST_PARTS];
    /**
     * The other stages' mean seconds per micro-batch, by recompute mode (0 without a pipeline): what the fill and the
     * drain cost. The slowest stage runs its m micro-batches back to back; the first micro-batch reaches it, and the last
     * gradient leaves it, through each other stage once, so 1F1B's step is m × slowest + the sum of the others.
     */
    final double[] othersSeconds = new double[RECOMPUTES];
    /** One point-to-point send of a micro-batch's activations to the next stage; 0 without a pipeline. */
    final double sendSeconds;

    StageWork(StagedStepTime st, MicroBatchWork w, LayoutWork layout) {
        this.microBatch = w;
        this.layout = layout;
        Architecture a = st.architecture;
        // The last stage also runs the LM head and the loss; nothing of it is recomputed.
        double logitsSeconds = 3 * w.logitsForwardSeconds;
        for (int r = 0; r < RECOMPUTES; r++) {
            worstStage(a, w, layout, r * COST_PARTS, logitsSeconds, r);
        }
        this.sendSeconds = layout.pp > 1 ? sendSeconds(st, w, layout) : 0;
    }

    /**
     * One hop of a micro-batch's activations: whole from every tensor-parallel rank, or, where the framework scatters
     * them ({@link dev.trainplan.engine.job.Framework#scattersPipelineSends}) and sequence parallelism has not split them
     * already, 1/tp from each rank over its own link and an all-gather over the scale-up links on arrival.
     */
    private static double sendSeconds(StagedStepTime st, MicroBatchWork w, LayoutWork layout) {
        if (!st.framework.scattersPipelineSends() || w.sequenceParallel || w.tp == 1) {
            return st.network.sendRecvSeconds(w.stageActivationBytes, layout.crossesNodes);
        }
        int tpPerNode = StepTimeModel.membersPerNode(1, w.tp, st.devicesPerNode);
        return st.network.sendRecvSeconds(w.stageActivationBytes / w.tp, layout.crossesNodes)
                + st.network.allGatherSeconds(w.stageActivationBytes, tpPerNode, w.tp / tpPerNode);
    }

    public MicroBatchWork microBatchWork() {
        return microBatch;
    }

    public LayoutWork layoutWork() {
        return layout;
    }

    /** Finds the stage with the most seconds per micro-batch (the first of equals, the last that is not a number) and keeps its parts. */
    private void worstStage(Architecture a, MicroBatchWork w, LayoutWork layout, int offset, double logitsSeconds, int r) {
        int pp = layout.pp;
        double worstTotal = -1;
        int worstStage = 0;
        double sum = 0;
        for (int stage = 0; stage < pp; stage++) {
            double total = 0;
            // compute, TP, CP, EP and host: the parts a stage spends per micro-batch
            for (int part = COMPUTE; part <= HOST; part++) {
                total += stageCost(a, w, layout, stage, offset, part, logitsSeconds);
            }
            // Not "total > worstTotal": a stage whose time is NaN or infinite (a link without bandwidth) is the worst.
            if (!(total <= worstTotal)) {
                worstTotal = total;
                worstStage = stage;
            }
            sum += total;
        }
        for (int part = 0; part < COST_PARTS; part++) {
            worst[offset + part] = stageCost(a, w, layout, worstStage, offset, part, logitsSeconds);
        }
        othersSeconds[r] = pp > 1 ? (sum - worstTotal) / (pp - 1) : 0;
    }

    /** One part of one stage's seconds per micro-batch: its dense and MoE layers, and the head on the last stage. */
    private static double stageCost(Architecture a, MicroBatchWork w, LayoutWork layout, int stage, int offset, int part,
                                    double logitsSeconds) {
        int start = layout.stageStart[stage];
        int count = layout.stageLayers[stage];
        int denseHere = Math.clamp(Math.min(start + count, a.denseLayers()) - start, 0, count);
        int moeHere = count - denseHere;
        double cost = denseHere * w.denseCost[offset + part] + moeHere * w.moeCost[offset + part];
        if (stage == layout.pp - 1) {
            if (part == COMPUTE) {
                cost += logitsSeconds;
            } else if (part == BACKWARD) {
                cost += 2 * w.logitsForwardSeconds;
            }
        }
        return cost;
    }
}
