package dev.trainplan.engine.plan;

import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.time.LayoutWork;
import dev.trainplan.engine.time.MicroBatchWork;
import dev.trainplan.engine.time.StageWork;
import dev.trainplan.engine.time.StagedStepTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One unit of a search's work: every configuration of one (devices, tp, pp, cp) layout at the global
 * batches {@code [fromBatch, toBatch)} of the space (a few at a time, so that threads share the layouts
 * that many global batches suit). Outer loops
 * (ep, sequence parallelism, global batch, interleaving) apply the rules and prepare the layout's memory
 * and step-time stages; the innermost loop walks the micro-batches in ascending order, checks memory
 * first, stops at the first that overflows (the larger ones are pruned), and combines the prepared
 * stages into a step time with arithmetic only.
 *
 * @param configurations the configurations of this unit, for progress and the books
 */
record LayoutSearch(int devicesIndex, int devices, int tp, int pp, int cp, int fromBatch, int toBatch, long configurations) {

    /** What every layout of one search shares; the micro-batch work is shared between threads. */
    static final class Context {
        final Dimensions dims;
        final StagedStepTime staged;
        final DeviceMemory memory;
        final long memoryLimitBytes;
        /** Optimizer steps of the run at each global batch, 0 when the length is unknown. */
        final long[] steps;
        final boolean prune;
        final Progress progress;
        private final Map<Shape, MicroBatchWork> microBatchWork = new ConcurrentHashMap<>();

        Context(Dimensions dims, StagedStepTime staged, DeviceMemory memory, long memoryLimitBytes, long[] steps, boolean prune,
                Progress progress) {
            this.dims = dims;
            this.staged = staged;
            this.memory = memory;
            this.memoryLimitBytes = memoryLimitBytes;
            this.steps = steps;
            this.prune = prune;
            this.progress = progress;
        }

        MicroBatchWork microBatchWork(int tp, int cp, int ep, int expertTp, int microBatch, boolean sequenceParallel) {
            return microBatchWork.computeIfAbsent(new Shape(tp, cp, ep, expertTp, microBatch, sequenceParallel),
                    s -> staged.microBatch(tp, cp, ep, expertTp, microBatch, sequenceParallel));
        }
    }

    /** The key of a micro-batch's work. */
    record Shape(int tp, int cp, int ep, int expertTp, int microBatch, boolean sequenceParallel) {
    }

    int dp() {
        return devices / (tp * pp * cp);
    }

    void run(Context ctx, Findings found) {
        Dimensions dims = ctx.dims;
        boolean[] sequenceParallel = dims.sequenceParallel(tp);
        int[] vps = dims.vp(pp);
        Recompute[] recomputes = dims.recomputes;
        Sharding[] shardings = dims.shardings;
        int choices = recomputes.length * shardings.length;
        long microBatches = dims.microBatches(fromBatch, toBatch);
        long perEp = (long) sequenceParallel.length * vps.length * choices * microBatches;
        int dp = dp();
        for (int ep : dims.ep()) {
            Rejection rule = dims.epRule(ep);
            int expertTp = tp;
            int expertDp = 1;
            if (rule == null && dims.model.moeLayers() > 0) {
                try {
                    Parallelism par = new Parallelism(tp, pp, cp, ep, 1, false);
                    expertTp = par.expertTensorParallel(devices);
                    expertDp = par.expertDataParallel(devices);
                } catch (IllegalArgumentException layoutDoesNotDivide) {
                    rule = Rejection.EP_LAYOUT;
                }
            }
            if (rule != null) {
                found.reject(rule, perEp, ep);
                ctx.progress.add(perEp, 0);
                continue;
            }
            LayoutWork layout = ctx.staged.layout(devices, tp, pp, cp, ep, expertTp, dp, expertDp);
            for (boolean sp : sequenceParallel) {
                Map<Integer, StageWork> stages = new HashMap<>();
                long before = found.evaluated;
                for (int g = fromBatch; g < toBatch; g++) {
                    walkGlobalBatch(ctx, found, g, ep, expertTp, sp, layout, stages, vps);
                }
                // Once per unit and setting, not per global batch: the counters are shared by the threads.
                ctx.progress.add((long) vps.length * choices * microBatches, found.evaluated - before);
            }
        }
    }

    private void walkGlobalBatch(Context ctx, Findings found, int g, int ep, int expertTp, boolean sp, LayoutWork layout,
                                 Map<Integer, StageWork> stages, int[] vps) {
        Dimensions dims = ctx.dims;
        long globalBatch = dims.globalBatches[g];
        int[] micros = dims.microBatches[g];
        Recompute[] recomputes = dims.recomputes;
        Sharding[] shardings = dims.shardings;
        int choices = recomputes.length * shardings.length;
        int dp = dp();
        if (globalBatch % dp != 0) {
            found.reject(Rejection.BATCH_DP, (long) micros.length * vps.length * choices, dp);
            return;
        }
        long perRank = globalBatch / dp;
        found.at(devicesIndex, devices, globalBatch, ctx.steps[g], tp, pp, cp, ep, dp, sp);
        DeviceMemory.LayoutMemory memory = ctx.memory.layout(new Layout(devices, globalBatch, tp, pp, cp, ep, dp, sp));
        int[] valid = new int[micros.length];
        int valids = 0;
        for (int b : micros) {
            if (perRank % b == 0) {
                valid[valids++] = b;
            } else {
                found.reject(Rejection.BATCH_MICRO, (long) vps.length * choices, b);
            }
        }
        StageWork[] stageOf = new StageWork[valids];
        int[] usable = new int[valids];
        long limit = ctx.memoryLimitBytes;
        boolean prune = ctx.prune && memory.growsWithMicroBatch();
        long[] partialPeak = new long[1];
        for (int vp : vps) {
            int usables = 0;
            for (int i = 0; i < valids; i++) {
                if (vp > 1 && (perRank / valid[i]) % pp != 0) {
                    found.reject(Rejection.VP_MICROBATCHES, choices, vp);
                } else {
                    usable[usables++] = i;
                }
            }
            for (Recompute recompute : recomputes) {
                for (Sharding sharding : shardings) {
                    for (int j = 0; j < usables; j++) {
                        int i = usable[j];
                        int b = valid[i];
                        int m = Math.toIntExact(perRank / b);
                        long peak = memory.peakBytes(vp, b, m, recompute, sharding);
                        if (peak > limit) {
                            found.overflow(vp, b, m, recompute, sharding, peak);
                            if (prune) {
                                // Memory grows with the micro-batch: every larger one overflows too.
                                found.pruned += usables - j - 1;
                                break;
                            }
                            continue;
                        }
                        StageWork stage = stageOf[i];
                        if (stage == null) {
                            stage = stages.computeIfAbsent(b, k -> ctx.staged.stage(ctx.microBatchWork(tp, cp, ep, expertTp, k, sp), layout));
                            stageOf[i] = stage;
                        }
                        int layers = recompute == Recompute.FULL && ctx.dims.space.partialRecompute()
                                ? fewestRecomputedLayers(memory, ctx.dims.model.layers(), vp, b, m, sharding, limit, partialPeak) : 0;
                        if (layers > 0) {
                            double share = Recompute.share(recompute, layers, ctx.dims.model.layers(), pp, vp);
                            found.offer(vp, b, m, recompute, layers, sharding, ctx.staged.stepSeconds(stage, vp, m, recompute, share, sharding),
                                    partialPeak[0]);
                        } else {
                            found.offer(vp, b, m, recompute, sharding, ctx.staged.stepSeconds(stage, vp, m, recompute, sharding), peak);
                        }
                    }
                }
            }
        }
    }

    /**
     * Full recompute of every layer fits: the fewest layers per pipeline chunk whose recompute still fits (Megatron's block
     * method), found by bisection since memory falls as more layers are recomputed; 0 when every layer is needed. The
     * peak of the layers returned is left in {@code peakOut[0]}.
     */
    private int fewestRecomputedLayers(DeviceMemory.LayoutMemory memory, int modelLayers, int vp, int b, int m, Sharding sharding, long limit,
                                       long[] peakOut) {
        int lo = 1;
        int hi = Recompute.layersPerChunk(modelLayers, pp, vp) - 1;
        if (hi < lo) {
            return 0;
        }
        long fitting = memory.peakBytes(vp, b, m, Recompute.FULL, hi, sharding);
        if (fitting > limit) {
            return 0;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long peak = memory.peakBytes(vp, b, m, Recompute.FULL, mid, sharding);
            if (peak <= limit) {
                hi = mid;
                fitting = peak;
            } else {
                lo = mid + 1;
            }
        }
        peakOut[0] = fitting;
        return lo;
    }
}
