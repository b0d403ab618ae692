package dev.trainplan.engine.steps;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Loading;
import dev.trainplan.engine.job.Require;

/**
 * Frameworks whose loop flushes a partial accumulation at every epoch end: HF Trainer (≥ 4.52, with
 * accelerate's batch sharding), Lightning (DistributedSampler injected, {@code limit_train_batches},
 * {@code estimated_stepping_batches}) and a plain torchrun loop (DistributedSampler + DataLoader, stepping
 * as accelerate's {@code accumulate()} does).
 */
final class FlushLoopCount {
    private FlushLoopCount() {
    }

    static StepCount count(Counting c) {
        Loading l = c.job.loading();
        Framework fw = c.job.framework();
        DataSplit split = switch (fw) {
            case HF -> DataSplit.accelerate(c.n, c.dp, c.b, l.dropLast(), l.evenBatches(), l.splitBatches());
            case LIGHTNING -> DataSplit.distributedSampler(c.n, c.dp, c.b, false, l.dropLast());
            default -> DataSplit.distributedSampler(c.n, c.dp, c.b, l.samplerDropLast(), l.dropLast());
        };
        explainLength(c, split);
        if (fw == Framework.HF && split.batchesPerRank() == 0 && !c.job.length().bySteps()) {
            throw new IllegalArgumentException("the per-rank dataloader is empty (" + c.n + " samples, micro-batch " + c.b + ", "
                    + c.dp + " data-parallel ranks, drop_last " + l.dropLast() + "), and HF Trainer treats a length of 0 as no length: "
                    + "\"args.max_steps must be set to a positive value if dataloader does not have a length, was -1\".");
        }
        c.requireBatches(split.batchesPerRank(), c.n + " samples over " + c.dp + " ranks in micro-batches of " + c.b
                + (l.dropLast() ? " with drop_last" : ""));
        long batches = split.batchesPerRank();
        if (fw == Framework.LIGHTNING) {
            batches = lightningLimit(c, batches);
        }
        EpochLoop loop = new EpochLoop(batches, c.ga);
        long perEpoch = loop.updatesPerEpoch();
        c.step("optimizer steps per epoch", "max(ceil(L / gradient_accumulation), 1)", "max(ceil(" + batches + " / " + c.ga + "), 1)", perEpoch);
        if (batches % c.ga != 0) {
            c.note("Each epoch ends with a smaller optimizer step of " + (batches % c.ga) + " micro-batch(es) instead of "
                    + c.ga + ": " + fw.displayName() + " flushes the partial accumulation at every epoch end.");
        }
        long total;
        long epochs;
        if (fw == Framework.LIGHTNING) {
            long maxEpochs = c.job.length().bySteps() && c.job.length().epochs() == 0 ? -1 : c.wholeEpochs("Lightning");
            if (maxEpochs == -1) {
                total = c.job.length().maxSteps();
                c.step("total optimizer steps", "max_steps (max_epochs = -1)", String.valueOf(total), total);
            } else {
                long byEpochs = Require.times("optimizer steps", perEpoch, Math.max(maxEpochs, 1));
                total = c.job.length().bySteps() ? Math.min(byEpochs, c.job.length().maxSteps()) : byEpochs;
                c.step("total optimizer steps (estimated_stepping_batches)", "ceil(num_training_batches / accumulate) × max_epochs"
                        + (c.job.length().bySteps() ? ", capped at max_steps" : ""), perEpoch + " × " + maxEpochs, total);
            }
            epochs = EpochLoop.ceilDiv(total, perEpoch);
        } else if (c.job.length().bySteps()) {
            total = c.job.length().maxSteps();
            epochs = EpochLoop.ceilDiv(total, perEpoch);
            c.step("total optimizer steps", "max_steps (wins over epochs)", String.valueOf(total), total);
            c.step("epochs started", "ceil(max_steps / steps_per_epoch)", "ceil(" + total + " / " + perEpoch + ")", epochs);
        } else {
            double e = fw == Framework.HF ? c.job.length().epochs() : c.wholeEpochs(fw.displayName());
            total = (long) Math.ceil(e * perEpoch);
            epochs = (long) Math.ceil(e);
            c.step("total optimizer steps", "ceil(num_train_epochs × steps_per_epoch)", "ceil(" + Require.trim(e) + " × " + perEpoch + ")", total);
        }
        long micro = loop.microStepsFor(total);
        long full = loop.fullEpochs(total);
        long partial = loop.partialEpochBatches(total);
        c.step("micro-steps per rank", "full epochs × L + micro-batches of the last partial epoch",
                full + " × " + batches + " + " + partial, micro);
        long samples = Math.addExact(Math.multiplyExact(full, split.samplesIn(batches)), split.samplesIn(partial));
        if (fw == Framework.HF) {
            hfNotes(c, split);
        }
        return c.build(split, perEpoch, total, epochs, micro, samples);
    }

    private static void explainLength(Counting c, DataSplit split) {
        Loading l = c.job.loading();
        String f = l.dropLast() ? "floor" : "ceil";
        if (split.perRankSamples() >= 0) {
            c.step("samples per rank (DistributedSampler)", (l.samplerDropLast() && c.job.framework() != Framework.LIGHTNING
                    ? "ceil((N − R) / R)" : "ceil(N / R)"), c.n + " over " + c.dp + " ranks", split.perRankSamples());
            c.step("dataloader length per rank L", f + "(samples_per_rank / micro_batch)", f + "(" + split.perRankSamples() + " / " + c.b + ")", split.batchesPerRank());
        } else if (l.splitBatches()) {
            c.step("dataloader length per rank L", f + "(N / (micro_batch × P)) (split_batches)", f + "(" + c.n + " / (" + c.b + " × " + c.dp + "))", split.batchesPerRank());
        } else {
            c.step("dataloader length per rank L", f + "(N / (micro_batch × P))", f + "(" + c.n + " / (" + c.b + " × " + c.dp + "))", split.batchesPerRank());
        }
    }

    private static long lightningLimit(Counting c, long batches) {
        Loading l = c.job.loading();
        if (l.limitTrainBatches() == 0 && !l.limitIsCount()) {
            return batches;
        }
        long limited = l.limitIsCount() ? Math.min(batches, (long) l.limitTrainBatches()) : (long) (batches * l.limitTrainBatches());
        if (limited == 0) {
            throw new IllegalArgumentException("limit_train_batches " + Require.trim(l.limitTrainBatches()) + " of " + batches
                    + " batches leaves none to train on; Lightning skips training (or raises MisconfigurationException for a fraction).");
        }
        c.step("num_training_batches", l.limitIsCount() ? "min(L, limit_train_batches)" : "int(L × limit_train_batches)",
                l.limitIsCount() ? "min(" + batches + ", " + (long) l.limitTrainBatches() + ")" : "int(" + batches + " × " + Require.trim(l.limitTrainBatches()) + ")", limited);
        return limited;
    }

    private static void hfNotes(Counting c, DataSplit split) {
        Loading l = c.job.loading();
        if (l.splitBatches() && c.dp > 1) {
            c.note("With split_batches the Trainer logs \"Total train batch size\" as " + (long) c.b * c.ga * c.dp * c.dp
                    + ", overstated by the " + c.dp + " processes; the true global batch is " + (long) c.b * c.ga * c.dp + ".");
        }
        if (!l.evenBatches() && !l.dropLast() && c.dp > 1 && EpochLoop.ceilDiv(c.n, c.b) % c.dp != 0) {
            c.note("With even_batches false the ranks get different dataloader lengths (rank 0 has " + split.batchesPerRank()
                    + "); the Trainer uses each rank's own length, so ranks can disagree on max_steps.");
        }
        if (split.padded() > 0) {
            c.note(split.padded() + " sample(s) per epoch are duplicates: accelerate tops up the last batches with samples from the start of the epoch.");
        }
    }
}
