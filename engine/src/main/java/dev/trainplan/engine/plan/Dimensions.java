package dev.trainplan.engine.plan;

import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import java.util.ArrayList;
import java.util.List;

/**
 * The values each dimension of a {@link SearchSpace} takes, and Megatron's rules on them. Candidate
 * values are the divisors the layout can use (tp, pp and cp divide the devices; vp divides the layers
 * per stage; the micro-batch divides the global batch; ep divides the experts), narrowed by the space's
 * lists and capped where larger values cannot be meant (tp above the heads, pp above the layers, cp
 * beyond a node unless listed). The rules then reject the candidates a framework would refuse.
 */
final class Dimensions {
    final Architecture model;
    final SearchSpace space;
    final int devicesPerNode;
    final int sequenceLength;
    final boolean fusedAttention;
    final Recompute[] recomputes;
    final Sharding[] shardings;
    final long[] globalBatches;
    /** Micro-batch candidates of each global batch, ascending (pruning walks them in this order). */
    final int[][] microBatches;

    Dimensions(Architecture model, SearchSpace space, int devicesPerNode, int sequenceLength, boolean fusedAttention) {
        this.model = model;
        this.fusedAttention = fusedAttention;
        this.space = space;
        this.devicesPerNode = devicesPerNode;
        this.sequenceLength = sequenceLength;
        this.recomputes = space.recomputes().stream().sorted().toArray(Recompute[]::new);
        this.shardings = space.shardings().stream().sorted().toArray(Sharding[]::new);
        this.globalBatches = space.globalBatches().stream().mapToLong(Long::longValue).distinct().sorted().toArray();
        this.microBatches = new int[globalBatches.length][];
        long total = 0;
        for (int g = 0; g < globalBatches.length; g++) {
            microBatches[g] = filter(divisors(globalBatches[g], BatchSpec.MAX_MICRO_BATCH), space.microBatch());
            total += microBatches[g].length;
        }
        if (total == 0) {
            throw new IllegalArgumentException("no micro-batch of " + space.microBatch() + " divides any of the global batches "
                    + space.globalBatches() + "; choose micro-batches that divide a global batch.");
        }
    }

    int[] tp(int devices) {
        return filter(divisors(devices, model.heads()), space.tp());
    }

    int[] pp(int devices, int tp) {
        return filter(divisors(devices / tp, model.layers()), space.pp());
    }

    int[] cp(int devices, int tp, int pp) {
        int most = space.cp().isEmpty() ? devicesPerNode : Integer.MAX_VALUE;
        return filter(divisors(devices / ((long) tp * pp), most), space.cp());
    }

    int[] ep() {
        return model.moeLayers() == 0 ? new int[] {1} : filter(divisors(model.moe().experts(), model.moe().experts()), space.ep());
    }

    /** Interleaving chunks per stage: divisors of the layers per stage; none but 1 without a pipeline or with uneven stages. */
    int[] vp(int pp) {
        boolean interleavable = pp > 1 && model.layers() % pp == 0;
        return filter(interleavable ? divisors(model.layers() / pp, model.layers()) : new int[] {1}, space.vp());
    }

    /** Sequence parallelism only exists with tp above 1; with tp 1 there is one setting, off. */
    boolean[] sequenceParallel(int tp) {
        if (tp == 1) {
            return new boolean[] {false};
        }
        boolean off = space.sequenceParallel().contains(false);
        boolean on = space.sequenceParallel().contains(true);
        return off && on ? new boolean[] {false, true} : new boolean[] {on};
    }

    /** Micro-batch candidates summed over the global batches {@code [from, to)}. */
    long microBatches(int from, int to) {
        long n = 0;
        for (int g = from; g < to; g++) {
            n += microBatches[g].length;
        }
        return n;
    }

    /** Configurations under one (devices, tp, pp, cp) layout: every ep, SP setting, global batch, micro-batch, vp, recompute and sharding. */
    long configurations(int tp, int pp) {
        return configurations(tp, pp, 0, globalBatches.length);
    }

    /** Configurations under one layout at the global batches {@code [from, to)}. */
    long configurations(int tp, int pp, int from, int to) {
        return (long) ep().length * sequenceParallel(tp).length * vp(pp).length * recomputes.length * shardings.length * microBatches(from, to);
    }

    Rejection tpRule(int tp) {
        if (!Splits.tensorParallel(model, tp)) {
            return Rejection.TP_HEADS;
        }
        return tp > devicesPerNode && !space.tpAcrossNodes() ? Rejection.TP_NODE : null;
    }

    /**
     * Megatron-LM's default split needs pp to divide the layers, so the search keeps to such pp. A pp the space
     * lists by name is taken as given even when it does not: frameworks that split unevenly ran it (Megatron-DeepSpeed
     * counts the embeddings as pipeline layers, so BLOOM put 70 layers on 12 stages; Megatron-Core sets the first and
     * last stages' layers). Memory and step time then run the framework's uneven split ({@link dev.trainplan.engine.job.PipelineSplit}).
     */
    Rejection ppRule(int pp) {
        return model.layers() % pp == 0 || space.pp().contains(pp) ? null : Rejection.PP_LAYERS;
    }

    /** Megatron's load-balanced context parallelism cuts the sequence into 2 × cp chunks, and runs only on fused attention. */
    Rejection cpRule(int cp) {
        if (cp > 1 && !fusedAttention) {
            return Rejection.CP_ATTENTION;
        }
        return Splits.contextParallel(sequenceLength, cp) ? null : Rejection.CP_SEQUENCE;
    }

    Rejection epRule(int ep) {
        return Splits.expertParallel(model, ep) ? null : Rejection.EP_EXPERTS;
    }

    /** Divisors of {@code n} up to {@code most}, ascending. */
    static int[] divisors(long n, long most) {
        List<Long> low = new ArrayList<>();
        List<Long> high = new ArrayList<>();
        for (long d = 1; d * d <= n; d++) {
            if (n % d == 0) {
                low.add(d);
                if (d * d != n) {
                    high.addFirst(n / d);
                }
            }
        }
        low.addAll(high);
        return low.stream().filter(d -> d <= most).mapToInt(Long::intValue).toArray();
    }

    /** The values of {@code candidates} that are listed, or all of them when the list is empty. */
    static int[] filter(int[] candidates, List<Integer> listed) {
        if (listed.isEmpty()) {
            return candidates;
        }
        return java.util.Arrays.stream(candidates).filter(listed::contains).toArray();
    }
}
