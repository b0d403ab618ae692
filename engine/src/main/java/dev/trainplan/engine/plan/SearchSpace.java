package dev.trainplan.engine.plan;

import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Require;
import dev.trainplan.engine.job.Sharding;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The values the planner tries. Device counts and global batches are listed; every other dimension is
 * searched over all the values Megatron's layout allows (tp, pp and cp divide the devices, vp divides
 * the layers per stage, the micro-batch divides the global batch, ep divides the experts), narrowed to
 * the listed ones where a list is given (an empty list means all). By default cp goes up to a node
 * (beyond it the KV exchange of every layer crosses the network) and tp is tried across nodes only when
 * {@code tpAcrossNodes} says so; the configurations that cross are counted as rejected. Where full recompute
 * fits, {@code partialRecompute} lets the search recompute only the fewest layers per pipeline chunk that fit
 * (Megatron's {@code --recompute-method block}); without it full recompute means every layer.
 */
public record SearchSpace(List<Integer> devices, List<Long> globalBatches, List<Integer> tp, List<Integer> pp, List<Integer> cp,
                          List<Integer> ep, List<Integer> vp, List<Integer> microBatch, Set<Recompute> recomputes,
                          Set<Sharding> shardings, Set<Boolean> sequenceParallel, boolean tpAcrossNodes, boolean partialRecompute) {
    public SearchSpace {
        devices = List.copyOf(devices);
        globalBatches = List.copyOf(globalBatches);
        tp = List.copyOf(tp);
        pp = List.copyOf(pp);
        cp = List.copyOf(cp);
        ep = List.copyOf(ep);
        vp = List.copyOf(vp);
        microBatch = List.copyOf(microBatch);
        recomputes = Set.copyOf(recomputes);
        shardings = Set.copyOf(shardings);
        sequenceParallel = Set.copyOf(sequenceParallel);
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("the search needs at least one device count.");
        }
        if (globalBatches.isEmpty()) {
            throw new IllegalArgumentException("the search needs at least one global batch.");
        }
        devices.forEach(d -> Require.positive("devices", d, Cluster.MAX_WORLD));
        globalBatches.forEach(g -> Require.positive("global batch", g, BatchSpec.MAX_GLOBAL_BATCH));
        for (List<Integer> sizes : List.of(tp, pp, cp, ep, vp)) {
            sizes.forEach(v -> Require.positive("a parallel size", v, Parallelism.MAX_SIZE));
        }
        microBatch.forEach(v -> Require.positive("micro-batch", v, BatchSpec.MAX_MICRO_BATCH));
        if (recomputes.isEmpty() || shardings.isEmpty() || sequenceParallel.isEmpty()) {
            throw new IllegalArgumentException("the search needs at least one recompute mode, one sharding and one sequence-parallel setting.");
        }
    }

    /** Every layout, micro-batch, recompute mode, sharding and sequence-parallel setting on these devices and global batches. */
    public static SearchSpace of(List<Integer> devices, List<Long> globalBatches) {
        return new SearchSpace(devices, globalBatches, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                EnumSet.allOf(Recompute.class), EnumSet.allOf(Sharding.class), Set.of(false, true), false, true);
    }

    public SearchSpace withDevices(List<Integer> values) {
        return new SearchSpace(values, globalBatches, tp, pp, cp, ep, vp, microBatch, recomputes, shardings, sequenceParallel, tpAcrossNodes, partialRecompute);
    }

    public SearchSpace withTp(List<Integer> values) {
        return new SearchSpace(devices, globalBatches, values, pp, cp, ep, vp, microBatch, recomputes, shardings, sequenceParallel, tpAcrossNodes, partialRecompute);
    }

    public SearchSpace withPp(List<Integer> values) {
        return new SearchSpace(devices, globalBatches, tp, values, cp, ep, vp, microBatch, recomputes, shardings, sequenceParallel, tpAcrossNodes, partialRecompute);
    }

    public SearchSpace withCp(List<Integer> values) {
        return new SearchSpace(devices, globalBatches, tp, pp, values, ep, vp, microBatch, recomputes, shardings, sequenceParallel, tpAcrossNodes, partialRecompute);
    }

    public SearchSpace withEp(List<Integer> values) {
        return new SearchSpace(devices, globalBatches, tp, pp, cp, values, vp, microBatch, recomputes, shardings, sequenceParallel, tpAcrossNodes, partialRecompute);
    }

    public SearchSpace withVp(List<Integer> values) {
        return new SearchSpace(devices, globalBatches, tp, pp, cp, ep, values, microBatch, recomputes, shardings, sequenceParallel, tpAcrossNodes, partialRecompute);
    }

    public SearchSpace withMicroBatch(List<Integer> values) {
        return new SearchSpace(devices, globalBatches, tp, pp, cp, ep, vp, values, recomputes, shardings, sequenceParallel, tpAcrossNodes, partialRecompute);
    }

    public SearchSpace withRecomputes(Set<Recompute> values) {
        return new SearchSpace(devices, globalBatches, tp, pp, cp, ep, vp, microBatch, values, shardings, sequenceParallel, tpAcrossNodes, partialRecompute);
    }

    public SearchSpace withShardings(Set<Sharding> values) {
        return new SearchSpace(devices, globalBatches, tp, pp, cp, ep, vp, microBatch, recomputes, values, sequenceParallel, tpAcrossNodes, partialRecompute);
    }

    public SearchSpace withSequenceParallel(Set<Boolean> values) {
        return new SearchSpace(devices, globalBatches, tp, pp, cp, ep, vp, microBatch, recomputes, shardings, values, tpAcrossNodes, partialRecompute);
    }

    public SearchSpace withTpAcrossNodes(boolean value) {
        return new SearchSpace(devices, globalBatches, tp, pp, cp, ep, vp, microBatch, recomputes, shardings, sequenceParallel, value, partialRecompute);
    }

    public SearchSpace withPartialRecompute(boolean value) {
        return new SearchSpace(devices, globalBatches, tp, pp, cp, ep, vp, microBatch, recomputes, shardings, sequenceParallel, tpAcrossNodes, value);
    }
}
