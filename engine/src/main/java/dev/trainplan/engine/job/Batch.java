package dev.trainplan.engine.job;

/**
 * The resolved batch of one optimizer step: {@code globalBatch = microBatch × gradientAccumulation ×
 * dataParallel}, in samples (sequences).
 */
public record Batch(int microBatch, int gradientAccumulation, int dataParallel, long globalBatch) {
    public Batch {
        Require.positive("micro-batch", microBatch, BatchSpec.MAX_MICRO_BATCH);
        Require.positive("gradient_accumulation_steps", gradientAccumulation, BatchSpec.MAX_ACCUMULATION);
        Require.positive("data-parallel size", dataParallel, Cluster.MAX_WORLD);
        long product = Require.times("global batch", Require.times("global batch", microBatch, gradientAccumulation), dataParallel);
        if (product != globalBatch) {
            throw new IllegalArgumentException("global batch " + globalBatch + " is not micro_batch " + microBatch
                    + " × gradient_accumulation " + gradientAccumulation + " × data_parallel " + dataParallel + " = " + product + ".");
        }
        if (globalBatch > BatchSpec.MAX_GLOBAL_BATCH) {
            throw new IllegalArgumentException("global batch " + globalBatch + " is above the largest supported, " + BatchSpec.MAX_GLOBAL_BATCH + ".");
        }
    }

    public static Batch of(int microBatch, int gradientAccumulation, int dataParallel) {
        return new Batch(microBatch, gradientAccumulation, dataParallel,
                Require.times("global batch", Require.times("global batch", microBatch, gradientAccumulation), dataParallel));
    }

    /** Samples one rank processes per micro-step summed over the data-parallel group. */
    public long samplesPerMicroStep() {
        return (long) microBatch * dataParallel;
    }

    public Batch withMicroBatch(int newMicroBatch, int newAccumulation) {
        return of(newMicroBatch, newAccumulation, dataParallel);
    }
}
