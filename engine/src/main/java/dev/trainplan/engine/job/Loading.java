package dev.trainplan.engine.job;

/**
 * Dataloader and counting switches that change the integers a framework produces.
 *
 * @param dropLast DataLoader / Trainer {@code dataloader_drop_last}
 * @param samplerDropLast {@code DistributedSampler(drop_last=…)} for plain torchrun jobs (Lightning always uses False)
 * @param evenBatches accelerate's {@code even_batches} (HF Trainer default true)
 * @param splitBatches accelerate's {@code split_batches} (HF Trainer default false)
 * @param limitTrainBatches Lightning {@code limit_train_batches}: 0 = unset, a fraction in (0, 1] or, with
 *     {@code limitIsCount}, a batch count
 * @param limitIsCount whether {@code limitTrainBatches} is an int (count) rather than a float (fraction)
 * @param decreaseBatchSizeIfNeeded Megatron {@code --decrease-batch-size-if-needed}
 * @param warmupSteps HF {@code warmup_steps} (5.x: below 1 a ratio of max_steps, else truncated); negative = unset
 */
public record Loading(boolean dropLast, boolean samplerDropLast, boolean evenBatches, boolean splitBatches,
                      double limitTrainBatches, boolean limitIsCount, boolean decreaseBatchSizeIfNeeded, double warmupSteps) {
    public static final Loading DEFAULTS = new Loading(false, false, true, false, 0, false, false, -1);

    public Loading {
        if (limitIsCount) {
            if (limitTrainBatches != Math.rint(limitTrainBatches) || limitTrainBatches < 0 || limitTrainBatches > Require.MAX_COUNT) {
                throw new IllegalArgumentException("limit_train_batches as a count must be a whole number of batches, 0 or more, not "
                        + Require.trim(limitTrainBatches) + ".");
            }
        } else if (limitTrainBatches < 0 || limitTrainBatches > 1 || Double.isNaN(limitTrainBatches)) {
            throw new IllegalArgumentException("limit_train_batches as a fraction must be from 0 to 1, not " + Require.trim(limitTrainBatches)
                    + "; give a whole number for a batch count.");
        }
        if (Double.isNaN(warmupSteps) || warmupSteps > Require.MAX_COUNT) {
            throw new IllegalArgumentException("warmup_steps must be a number from 0 to " + Require.MAX_COUNT + ", not " + warmupSteps + ".");
        }
    }

    public Loading withDropLast(boolean value) {
        return new Loading(value, samplerDropLast, evenBatches, splitBatches, limitTrainBatches, limitIsCount, decreaseBatchSizeIfNeeded, warmupSteps);
    }
}
