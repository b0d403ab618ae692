package dev.trainplan.engine.steps;

/**
 * A raw DeepSpeed engine loop: {@code deepspeed_io} builds a DistributedSampler over the DP ranks and a
 * DataLoader of {@code train_micro_batch_size_per_gpu}; the engine steps the optimizer when
 * {@code (micro_steps + 1) mod GA == 0} on a global counter, so accumulation windows straddle epochs and
 * trailing micro-batches at the end are never applied (DeepSpeed {@code engine.is_gradient_accumulation_boundary}).
 */
final class DeepSpeedCount {
    private DeepSpeedCount() {
    }

    static StepCount count(Counting c) {
        DataSplit split = DataSplit.distributedSampler(c.n, c.dp, c.b, false, c.job.loading().dropLast());
        c.step("samples per rank (DistributedSampler)", "ceil(N / DP)", "ceil(" + c.n + " / " + c.dp + ")", split.perRankSamples());
        String f = c.job.loading().dropLast() ? "floor" : "ceil";
        c.step("dataloader length per rank L", f + "(samples_per_rank / micro_batch)", f + "(" + split.perRankSamples() + " / " + c.b + ")", split.batchesPerRank());
        c.requireBatches(split.batchesPerRank(), c.n + " samples over " + c.dp + " ranks in micro-batches of " + c.b);
        long batches = split.batchesPerRank();
        long micro;
        long total;
        long epochs;
        if (c.job.length().bySteps()) {
            total = c.job.length().maxSteps();
            micro = Math.multiplyExact(total, (long) c.ga);
            epochs = EpochLoop.ceilDiv(micro, batches);
            c.step("micro-steps per rank", "max_steps × gradient_accumulation", total + " × " + c.ga, micro);
        } else {
            epochs = c.wholeEpochs("A DeepSpeed training loop");
            micro = Math.multiplyExact(epochs, batches);
            total = micro / c.ga;
            c.step("micro-steps per rank", "epochs × L", epochs + " × " + batches, micro);
            c.step("total optimizer steps", "floor(micro_steps / gradient_accumulation) (global counter)", "floor(" + micro + " / " + c.ga + ")", total);
            if (micro % c.ga != 0) {
                c.note(micro % c.ga + " trailing micro-batch(es) are back-propagated but never applied: DeepSpeed's accumulation "
                        + "counter is global and does not flush at the end.");
            }
        }
        if (batches % c.ga != 0) {
            c.note("An epoch of " + batches + " micro-batches is not a multiple of gradient_accumulation " + c.ga
                    + ": accumulation windows straddle epoch boundaries (no per-epoch flush, unlike HF Trainer).");
        }
        long perEpoch = batches / c.ga;
        long fullEpochs = micro / batches;
        long samples = Math.addExact(Math.multiplyExact(fullEpochs, split.seenPerEpoch()), split.samplesIn(micro % batches));
        return c.build(split, perEpoch, total, epochs, micro, samples);
    }
}
