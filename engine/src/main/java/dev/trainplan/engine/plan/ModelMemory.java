package dev.trainplan.engine.plan;

import dev.trainplan.engine.job.Batch;
import dev.trainplan.engine.job.BatchGrowth;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Loading;
import dev.trainplan.engine.job.MoeDispatcher;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.job.TrainingLength;
import dev.trainplan.engine.memory.MemoryEstimate;
import dev.trainplan.engine.memory.MemoryItem;
import dev.trainplan.engine.memory.MemoryModel;
import dev.trainplan.engine.memory.MemorySettings;
import dev.trainplan.engine.memory.StageMemory;

/**
 * The planner's memory from trainplan's memory model: its fast path ({@link MemoryModel#peakBytes}) in
 * the search, its itemised estimate in explanations. This adapter is the one place that connects the two.
 * The fast path takes a {@link Job}; one is made per configuration directly from its records, without
 * the builder's batch resolution (the planner has already resolved the batch).
 */
public final class ModelMemory implements DeviceMemory {
    /** The memory of a step does not depend on how long the run is. */
    private static final TrainingLength ONE_EPOCH = TrainingLength.epochs(1);
    /** Interleaving chunks whose parallel sizes a layout keeps; more is rare and made per call. */
    private static final int VP_CACHED = 32;

    private final MemoryModel model;
    private final Framework framework;
    private final Precision precision;
    private final Optimizer optimizer;
    private final Dataset dataset;
    private final int devicesPerNode;

    public ModelMemory(MemoryModel model, Framework framework, Precision precision, Optimizer optimizer, int sequenceLength, int devicesPerNode) {
        this.model = model;
        this.framework = framework;
        this.precision = precision;
        this.optimizer = optimizer;
        this.dataset = Dataset.of(1, sequenceLength);
        this.devicesPerNode = devicesPerNode;
    }

    @Override
    public LayoutMemory layout(Layout l) {
        int perNode = Math.min(l.devices(), devicesPerNode);
        Cluster cluster = l.devices() % perNode == 0 ? Cluster.of(l.devices() / perNode, perNode) : Cluster.of(1, l.devices());
        // torchtitan splits a local batch that pp × vp divides into one-sample pipeline micro-batches, so a larger micro-batch
        // can need less memory than a smaller one that it does not split.
        boolean grows = !(framework == Framework.TORCHTITAN && l.pp() > 1);
        // The layout's parallel sizes by interleaving, made on first use: from one call to the next only the batch changes.
        Parallelism[] byVp = new Parallelism[VP_CACHED + 1];
        return new LayoutMemory() {
            @Override
            public long peakBytes(int vp, int microBatch, int accumulation, Recompute recompute, Sharding sharding) {
                return peakBytes(vp, microBatch, accumulation, recompute, 0, sharding);
            }

            @Override
            public long peakBytes(int vp, int microBatch, int accumulation, Recompute recompute, int recomputeLayers, Sharding sharding) {
                Parallelism par = vp <= VP_CACHED ? byVp[vp] : null;
                if (par == null) {
                    par = new Parallelism(l.tp(), l.pp(), l.cp(), l.ep(), vp, l.sequenceParallel());
                    if (vp <= VP_CACHED) {
                        byVp[vp] = par;
                    }
                }
                return model.peakBytes(new Job(dataset, ONE_EPOCH, cluster, par, Batch.of(microBatch, accumulation, l.dp()), BatchGrowth.CONSTANT,
                        sharding, precision, optimizer, recompute, recomputeLayers, framework, Loading.DEFAULTS, MoeDispatcher.ALLTOALL));
            }

            @Override
            public boolean growsWithMicroBatch() {
                return grows;
            }
        };
    }

    @Override
    public MemoryReport report(Configuration c) {
        MemoryEstimate estimate = model.estimate(c.toJob(framework, dataset, ONE_EPOCH, precision, optimizer, devicesPerNode));
        StageMemory worst = estimate.worstStage();
        return new MemoryReport(estimate.peakBytesPerDevice(), worst.stage(),
                worst.largestItems(5).stream().map(ModelMemory::part).toList());
    }

    private static MemoryReport.Part part(MemoryItem item) {
        return new MemoryReport.Part(item.name(), item.bytes());
    }

    /** The memory model of the request's model with {@code settings}, for the request's job settings and hardware. */
    public static ModelMemory of(PlanRequest request, MemorySettings settings) {
        return new ModelMemory(MemoryModel.of(request.model(), settings), request.framework(), request.precision(), request.optimizer(),
                request.sequenceLength(), request.hardware().devicesPerNode());
    }
}
