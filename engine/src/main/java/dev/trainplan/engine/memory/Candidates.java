package dev.trainplan.engine.memory;

import dev.trainplan.engine.job.Batch;
import dev.trainplan.engine.job.BatchGrowth;
import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * Changed configurations of a job that use less memory, each dimension in order of growing size:
 * more recompute, a smaller micro-batch with more accumulation (same global batch), more sharding,
 * larger tp or pp on the same devices (same global batch), CPU offload. Jobs the framework would
 * reject (sizes that do not divide) are skipped.
 */
final class Candidates {
    private Candidates() {
    }

    /** The job with another micro-batch and accumulation; the global batch follows, growth is dropped (it does not change memory). */
    static Job withMicroBatch(Job job, int microBatch, int accumulation) {
        return new Job(job.dataset(), job.length(), job.cluster(), job.parallelism(), Batch.of(microBatch, accumulation, job.dataParallel()),
                BatchGrowth.CONSTANT, job.sharding(), job.precision(), job.optimizer(), job.recompute(), job.recomputeLayers(), job.framework(),
                job.loading(), job.dispatcher());
    }

    /** Each dimension's changes, smallest first; a change is (steps, kind, description, job, settings). */
    static List<Suggestion> all(Model model, Job job, MemorySettings settings) {
        List<Suggestion> out = new ArrayList<>();
        int step = 0;
        String current = Recompute.describe(job.recompute(), job.recomputeLayers());
        for (Recompute r : Recompute.values()) {
            if (r.ordinal() > job.recompute().ordinal()) {
                step++;
                if (r == Recompute.FULL) {
                    step = addPartialRecompute(out, step, model, job, 0, current, settings);
                }
                out.add(Suggestion.unscored(Suggestion.Change.RECOMPUTE, step, "recompute full instead of " + current,
                        job.toBuilder().recompute(r).recomputeLayers(0).growth(BatchGrowth.CONSTANT).build(), settings));
            }
        }
        if (job.recompute() == Recompute.FULL && job.recomputeLayers() > 0) {
            step = addPartialRecompute(out, 1, model, job, job.recomputeLayers(), current, settings);
            out.add(Suggestion.unscored(Suggestion.Change.RECOMPUTE, step, "recompute full on every layer instead of " + current,
                    job.toBuilder().recomputeLayers(0).growth(BatchGrowth.CONSTANT).build(), settings));
        }
        int micro = job.batch().microBatch();
        step = 0;
        for (int smaller = micro - 1; smaller >= 1; smaller--) {
            if (micro % smaller == 0) {
                step++;
                int accumulation = job.batch().gradientAccumulation() * (micro / smaller);
                out.add(Suggestion.unscored(Suggestion.Change.MICRO_BATCH, step, "micro-batch " + smaller + " with gradient accumulation " + accumulation
                        + " (global batch unchanged)", withMicroBatch(job, smaller, accumulation), settings));
            }
        }
        step = 0;
        for (Sharding s : Sharding.values()) {
            if (s.ordinal() > job.sharding().ordinal()) {
                step++;
                out.add(Suggestion.unscored(Suggestion.Change.SHARDING, step, "sharding " + s.id() + " instead of " + job.sharding().id(),
                        job.toBuilder().sharding(s).growth(BatchGrowth.CONSTANT).build(), settings));
            }
        }
        Parallelism par = job.parallelism();
        step = 0;
        for (int tp = par.tp() * 2; tp <= job.cluster().nprocPerNode() && tp <= Parallelism.MAX_SIZE; tp *= 2) {
            step++;
            addLayout(out, Suggestion.Change.TENSOR_PARALLEL, step, "tp " + tp + " instead of " + par.tp(), model, job, par.withTp(tp), settings);
        }
        step = 0;
        for (int pp = par.pp() * 2; pp <= layers(model) && pp <= Parallelism.MAX_SIZE; pp *= 2) {
            step++;
            addLayout(out, Suggestion.Change.PIPELINE_PARALLEL, step, "pp " + pp + " instead of " + par.pp(), model, job, par.withPp(pp), settings);
        }
        step = 0;
        for (Offload o : Offload.values()) {
            if (o.ordinal() > settings.offload().ordinal() && (o != Offload.OPTIMIZER_AND_PARAMS || job.sharding() == Sharding.ZERO3)) {
                step++;
                out.add(Suggestion.unscored(Suggestion.Change.OFFLOAD, step, "offload " + o.id().replace('-', ' ') + " to CPU memory", job, settings.withOffload(o)));
            }
        }
        return out;
    }

    /**
     * Megatron's block method, fewest layers first: full recompute of the first n layers of each pipeline
     * chunk, for n above {@code fromLayers} and below the chunk's layers. Returns the next step.
     */
    private static int addPartialRecompute(List<Suggestion> out, int step, Model model, Job job, int fromLayers, String current,
                                           MemorySettings settings) {
        int chunk = Recompute.layersPerChunk(layers(model), job.parallelism().pp(), job.parallelism().vp());
        for (int n = fromLayers + 1; n < chunk; n++) {
            out.add(Suggestion.unscored(Suggestion.Change.RECOMPUTE, step, "recompute full on " + n + " of " + chunk + " layers per pipeline chunk instead of "
                    + current, job.toBuilder().recompute(Recompute.FULL).recomputeLayers(n).growth(BatchGrowth.CONSTANT).build(), settings));
            step++;
        }
        return step;
    }

    private static void addLayout(List<Suggestion> out, Suggestion.Change change, int step, String description, Model model, Job job,
                                  Parallelism layout, MemorySettings settings) {
        // Megatron splits query heads over tp and either splits KV heads or replicates them when tp exceeds them.
        if (model instanceof Architecture a && (a.heads() % layout.tp() != 0 || (a.kvHeads() % layout.tp() != 0 && layout.tp() % a.kvHeads() != 0))) {
            return;
        }
        try {
            int dp = layout.dataParallel(job.worldSize());
            long perStep = (long) job.batch().microBatch() * dp;
            if (job.batch().globalBatch() % perStep != 0) {
                return;
            }
            Job changed = job.toBuilder().parallelism(layout).growth(BatchGrowth.CONSTANT)
                    .batch(new BatchSpec(job.batch().microBatch(), 0, job.batch().globalBatch())).build();
            out.add(Suggestion.unscored(change, step, description + " on the same " + job.worldSize() + " devices", changed, settings));
        } catch (IllegalArgumentException rejected) {
            // sizes that do not divide are not a configuration anyone can run
        }
    }

    private static int layers(Model model) {
        return model instanceof Architecture a ? a.layers() : 1;
    }
}
