package dev.trainplan.engine.job;

/**
 * The batch sizes as the user gave them; 0 means "not given". Any two of per-device micro-batch,
 * gradient accumulation and global batch determine the third, by the framework's own rules
 * ({@link BatchResolution}).
 */
public record BatchSpec(int microBatch, int gradientAccumulation, long globalBatch) {
    public static final int MAX_MICRO_BATCH = 1 << 20;
    public static final int MAX_ACCUMULATION = 1 << 24;
    public static final long MAX_GLOBAL_BATCH = 1L << 40;

    public BatchSpec {
        if (microBatch != 0) {
            Require.positive("per_device_train_batch_size (micro-batch)", microBatch, MAX_MICRO_BATCH);
        }
        if (gradientAccumulation != 0) {
            Require.positive("gradient_accumulation_steps", gradientAccumulation, MAX_ACCUMULATION);
        }
        if (globalBatch != 0) {
            Require.positive("global batch (train_batch_size)", globalBatch, MAX_GLOBAL_BATCH);
        }
    }

    public static BatchSpec of(int microBatch, int gradientAccumulation) {
        return new BatchSpec(microBatch, gradientAccumulation, 0);
    }
}
