package dev.trainplan.engine.steps;

/**
 * A training loop over epochs of {@code batchesPerEpoch} micro-batches per rank that steps the optimizer
 * every {@code accumulation} micro-batches and, as HF Trainer (≥ 4.52), Lightning and accelerate's
 * {@code accumulate()} do, also at the end of every epoch with whatever partial accumulation is left.
 */
record EpochLoop(long batchesPerEpoch, int accumulation) {

    /** {@code max(ceil(L / GA), 1)}: the last group of an epoch may hold fewer than GA micro-batches. */
    long updatesPerEpoch() {
        return Math.max(ceilDiv(batchesPerEpoch, accumulation), 1);
    }

    /** Micro-batches run to reach {@code updates} optimizer steps: whole epochs, then whole groups of GA. */
    long microStepsFor(long updates) {
        long perEpoch = updatesPerEpoch();
        return Math.multiplyExact(updates / perEpoch, batchesPerEpoch) + Math.min(updates % perEpoch * accumulation, batchesPerEpoch);
    }

    /** Micro-batches of the last, partial epoch when training stops after {@code updates} steps (0 if it ends on an epoch). */
    long partialEpochBatches(long updates) {
        return Math.min(updates % updatesPerEpoch() * accumulation, batchesPerEpoch);
    }

    long fullEpochs(long updates) {
        return updates / updatesPerEpoch();
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
