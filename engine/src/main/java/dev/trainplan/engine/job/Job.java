package dev.trainplan.engine.job;

import java.util.Objects;

/**
 * A training job's configuration, independent of the model and the hardware: the data, how long to
 * train, the processes, the parallel layout, the batch, and the numerical and framework choices.
 * Every combination that a framework would reject is rejected here, with one sentence that names the
 * fields and their values. Build one with {@link #builder()}.
 */
public record Job(Dataset dataset, TrainingLength length, Cluster cluster, Parallelism parallelism, Batch batch,
                  BatchGrowth growth, Sharding sharding, Precision precision, Optimizer optimizer, Recompute recompute,
                  int recomputeLayers, Framework framework, Loading loading, MoeDispatcher dispatcher) {

    public Job {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(parallelism, "parallelism");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(growth, "growth");
        Objects.requireNonNull(sharding, "sharding");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(recompute, "recompute");
        Objects.requireNonNull(framework, "framework");
        Objects.requireNonNull(loading, "loading");
        Objects.requireNonNull(dispatcher, "dispatcher");
        if (recomputeLayers < 0 || recomputeLayers > MAX_RECOMPUTE_LAYERS) {
            throw new IllegalArgumentException("recompute_num_layers must be a whole number from 1 to " + MAX_RECOMPUTE_LAYERS
                    + " (or absent for every layer), not " + recomputeLayers + ".");
        }
        if (recomputeLayers > 0 && recompute != Recompute.FULL) {
            throw new IllegalArgumentException("recompute_num_layers " + recomputeLayers + " applies to full recompute only (Megatron"
                    + " --recompute-method block), but recompute is " + recompute.id() + "; give --recompute full or drop it.");
        }
        int dp = parallelism.dataParallel(cluster.worldSize());
        if (batch.dataParallel() != dp) {
            throw new IllegalArgumentException("the batch's data-parallel size " + batch.dataParallel() + " is not world size "
                    + cluster.worldSize() + " / (tp × pp × cp) = " + dp + ".");
        }
        if (parallelism.ep() > 1) {
            parallelism.expertDataParallel(cluster.worldSize());
        }
        if (framework == Framework.LIGHTNING && !length.bySteps() && length.epochs() != Math.rint(length.epochs())) {
            throw new IllegalArgumentException("Lightning's max_epochs is a whole number, not " + Require.trim(length.epochs())
                    + "; round it or give max_steps.");
        }
        if (loading.splitBatches() && framework != Framework.HF) {
            throw new IllegalArgumentException("split_batches is an accelerate/HF Trainer setting, but the framework is "
                    + framework.id() + "; drop it or use --framework hf.");
        }
        checkGrowth(growth, batch.globalBatch());
    }

    private static void checkGrowth(BatchGrowth growth, long globalBatch) {
        if (growth instanceof BatchGrowth.Rampup r) {
            if (r.startBatch() > globalBatch) {
                throw new IllegalArgumentException("rampup start batch " + r.startBatch() + " is above the global batch " + globalBatch
                        + "; it must be at most the global batch.");
            }
            if (r.startBatch() == globalBatch) {
                throw new IllegalArgumentException("rampup start batch " + r.startBatch() + " equals the global batch, which Megatron "
                        + "divides by zero on (no increments); start lower or drop the rampup.");
            }
            if ((globalBatch - r.startBatch()) % r.incrementBatch() != 0) {
                throw new IllegalArgumentException("global batch size interval (" + (globalBatch - r.startBatch())
                        + ") must be divisible by global batch size increment (" + r.incrementBatch() + ").");
            }
        }
    }

    /** Largest {@code recomputeLayers}: more layers per pipeline chunk than any model has. */
    public static final int MAX_RECOMPUTE_LAYERS = 100_000;

    public int worldSize() {
        return cluster.worldSize();
    }

    public int dataParallel() {
        return batch.dataParallel();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.dataset = dataset;
        b.length = length;
        b.cluster = cluster;
        b.parallelism = parallelism;
        b.batchSpec = new BatchSpec(batch.microBatch(), batch.gradientAccumulation(), batch.globalBatch());
        b.growth = growth;
        b.sharding = sharding;
        b.precision = precision;
        b.optimizer = optimizer;
        b.recompute = recompute;
        b.recomputeLayers = recomputeLayers;
        b.framework = framework;
        b.loading = loading;
        b.dispatcher = dispatcher;
        return b;
    }

    /** Collects a job's settings with the defaults of a single-node HF Trainer run; {@link #build()} resolves and checks them. */
    public static final class Builder {
        private Dataset dataset;
        private TrainingLength length = TrainingLength.epochs(1);
        private Cluster cluster = Cluster.of(1, 1);
        private Parallelism parallelism = Parallelism.NONE;
        private BatchSpec batchSpec = new BatchSpec(0, 0, 0);
        private BatchGrowth growth = BatchGrowth.CONSTANT;
        private Sharding sharding = Sharding.NONE;
        private Precision precision = Precision.BF16;
        private Optimizer optimizer = Optimizer.ADAMW;
        private Recompute recompute = Recompute.NONE;
        private int recomputeLayers;
        private Framework framework = Framework.HF;
        private Loading loading = Loading.DEFAULTS;
        private MoeDispatcher dispatcher = MoeDispatcher.ALLTOALL;

        private Builder() {
        }

        public Builder dataset(Dataset value) {
            dataset = value;
            return this;
        }

        public Builder length(TrainingLength value) {
            length = value;
            return this;
        }

        public Builder cluster(Cluster value) {
            cluster = value;
            return this;
        }

        public Builder parallelism(Parallelism value) {
            parallelism = value;
            return this;
        }

        public Builder batch(BatchSpec value) {
            batchSpec = value;
            return this;
        }

        public Builder growth(BatchGrowth value) {
            growth = value;
            return this;
        }

        public Builder sharding(Sharding value) {
            sharding = value;
            return this;
        }

        public Builder precision(Precision value) {
            precision = value;
            return this;
        }

        public Builder optimizer(Optimizer value) {
            optimizer = value;
            return this;
        }

        public Builder recompute(Recompute value) {
            recompute = value;
            return this;
        }

        /** Megatron's {@code --recompute-num-layers} with {@code --recompute-method block}; 0 recomputes every layer. */
        public Builder recomputeLayers(int value) {
            recomputeLayers = value;
            return this;
        }

        public Builder framework(Framework value) {
            framework = value;
            return this;
        }

        public Builder loading(Loading value) {
            loading = value;
            return this;
        }

        public Builder dispatcher(MoeDispatcher value) {
            dispatcher = value;
            return this;
        }

        public Job build() {
            if (dataset == null) {
                throw new IllegalStateException("a job needs a dataset: give samples (or tokens) and a sequence length.");
            }
            int dp = parallelism.dataParallel(cluster.worldSize());
            BatchSpec spec = batchSpec;
            if (loading.splitBatches()) {
                spec = splitBatchSpec(spec, dp);
            }
            Batch batch = BatchResolution.resolve(framework, spec, dp, loading.decreaseBatchSizeIfNeeded());
            return new Job(dataset, length, cluster, parallelism, batch, growth, sharding, precision, optimizer, recompute, recomputeLayers, framework, loading, dispatcher);
        }

        /** accelerate's split_batches: the per-device batch the user gives is split across the DP ranks. */
        private static BatchSpec splitBatchSpec(BatchSpec spec, int dp) {
            int given = spec.microBatch() == 0 ? BatchResolution.DEFAULT_MICRO_BATCH : spec.microBatch();
            if (given % dp != 0) {
                throw new IllegalArgumentException("with split_batches, per_device_train_batch_size " + given
                        + " must be divisible by the " + dp + " data-parallel processes.");
            }
            return new BatchSpec(given / dp, spec.gradientAccumulation(), spec.globalBatch());
        }
    }
}
