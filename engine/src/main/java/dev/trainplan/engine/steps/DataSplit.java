package dev.trainplan.engine.steps;

/**
 * How one epoch of {@code N} samples is cut into per-rank micro-batches, before any loop runs.
 *
 * @param batchesPerRank the per-rank dataloader length L (rank 0's where ranks differ)
 * @param samplesPerMicroStep samples all ranks together take in one micro-step with full batches
 * @param seenPerEpoch samples processed in one epoch, summed over ranks, duplicates included
 * @param dropped samples not processed in an epoch
 * @param padded duplicated samples processed in an epoch
 * @param perRankSamples samples a rank's sampler hands it per epoch (DistributedSampler's num_samples), or -1
 */
record DataSplit(long batchesPerRank, long samplesPerMicroStep, long seenPerEpoch, long dropped, long padded, long perRankSamples) {

    /** Samples all ranks process in the first {@code k} micro-steps of an epoch (only the epoch's last batch can be short). */
    long samplesIn(long k) {
        return k >= batchesPerRank ? seenPerEpoch : Math.min(Math.multiplyExact(k, samplesPerMicroStep), seenPerEpoch);
    }

    /**
     * accelerate's batch sharding as HF Trainer uses it ({@code BatchSamplerShard}): whole batches of
     * {@code b} go round-robin to the {@code p} ranks; with even_batches the tail is topped up with
     * samples from the start of the epoch, with drop_last whole batches that cannot go to every rank are
     * dropped too; with split_batches each batch of {@code b·p} is split across ranks. One process is
     * not sharded at all, so its last batch stays short.
     */
    static DataSplit accelerate(long n, int p, int b, boolean dropLast, boolean evenBatches, boolean splitBatches) {
        if (p == 1 || splitBatches) {
            long global = (long) b * p;
            long length = dropLast ? n / global : EpochLoop.ceilDiv(n, global);
            long full = length * global;
            long seen = dropLast || p > 1 ? full : n;
            return new DataSplit(length, global, seen, Math.max(0, n - seen), Math.max(0, seen - n), -1);
        }
        long batches = dropLast ? n / b : EpochLoop.ceilDiv(n, b);
        long step = (long) b * p;
        if (dropLast) {
            long length = batches / p;
            return new DataSplit(length, step, length * step, n - length * step, 0, -1);
        }
        long length = EpochLoop.ceilDiv(batches, p);
        if (!evenBatches) {
            return new DataSplit(length, step, n, 0, 0, -1);
        }
        return new DataSplit(length, step, length * step, 0, length * step - n, -1);
    }

    /**
     * {@code DistributedSampler(num_replicas=r, drop_last=samplerDropLast)} feeding a
     * {@code DataLoader(batch_size=b, drop_last=loaderDropLast)}: the sampler pads the index list by
     * repeating its head (or cuts the tail), each rank takes every r-th index, then the loader batches them.
     */
    static DataSplit distributedSampler(long n, int r, int b, boolean samplerDropLast, boolean loaderDropLast) {
        long perRank = samplerDropLast && n % r != 0 ? Math.max(0, EpochLoop.ceilDiv(n - r, r)) : EpochLoop.ceilDiv(n, r);
        long length = loaderDropLast ? perRank / b : EpochLoop.ceilDiv(perRank, b);
        long seenPerRank = Math.min(perRank, length * b);
        long padded = samplerDropLast ? 0 : perRank * r - n;
        long dropped = (samplerDropLast ? n - perRank * r : 0) + (perRank - seenPerRank) * r;
        return new DataSplit(length, (long) b * r, seenPerRank * r, dropped, padded, perRank);
    }
}
