package dev.trainplan.engine.steps;

import dev.trainplan.engine.job.BatchGrowth;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Require;
import java.util.ArrayList;
import java.util.List;

/**
 * Megatron-LM counts samples over the whole run, not epochs: {@code --train-samples} (here epochs × N,
 * rounded down) gives {@code train_iters = floor(train_samples / GBS)} for a constant batch
 * ({@code update_train_iters}); a ramp-up (Megatron-Core ≤ 0.17) is simulated while consumed ≤ ramp-up
 * samples and ≤ train samples, then the rest is floored; a step schedule (current main) is simulated
 * while consumed < train samples. Each iteration consumes the current global batch.
 */
final class MegatronCount {
    private MegatronCount() {
    }

    static StepCount count(Counting c) {
        long gbs = c.job.batch().globalBatch();
        long perMicroStep = (long) c.b * c.dp;
        c.step("micro-batches per step", "global_batch / (micro_batch × data_parallel)", gbs + " / (" + c.b + " × " + c.dp + ")", c.ga);
        long iterations;
        long consumed;
        long microSteps;
        long trainSamples = -1;
        if (c.job.length().bySteps()) {
            iterations = c.job.length().maxSteps();
            Walk walk = walk(c.job.growth(), gbs, perMicroStep, Long.MAX_VALUE, iterations);
            consumed = walk.consumed;
            microSteps = walk.microSteps;
            c.step("total optimizer steps", "train_iters", String.valueOf(iterations), iterations);
        } else {
            trainSamples = (long) Math.floor(c.job.length().epochs() * c.n);
            if (trainSamples < 1) {
                throw new IllegalArgumentException("epochs " + Require.trim(c.job.length().epochs()) + " × " + c.n + " samples is less than one sample to train on.");
            }
            c.step("train samples", "floor(epochs × N)", "floor(" + Require.trim(c.job.length().epochs()) + " × " + c.n + ")", trainSamples);
            Walk walk = walk(c.job.growth(), gbs, perMicroStep, trainSamples, Long.MAX_VALUE);
            iterations = walk.iterations;
            consumed = walk.consumed;
            microSteps = walk.microSteps;
            c.step("total optimizer steps (train_iters)", c.job.growth() instanceof BatchGrowth.Constant
                    ? "floor(train_samples / global_batch)" : "simulated batch schedule", c.job.growth() instanceof BatchGrowth.Constant
                    ? "floor(" + trainSamples + " / " + gbs + ")" : "see notes", iterations);
            if (iterations == 0) {
                throw new IllegalArgumentException("train samples " + trainSamples + " are fewer than one global batch of " + gbs
                        + ", so Megatron would run 0 iterations; train on more samples or use a smaller global batch.");
            }
        }
        c.step("micro-steps per rank", "Σ over iterations of global_batch_i / (micro_batch × data_parallel)", "", microSteps);
        long perEpoch = c.n / gbs;
        long seen = perEpoch * gbs;
        DataSplit split = new DataSplit(c.n / perMicroStep, perMicroStep, seen, c.n - seen, 0, -1);
        c.note("Megatron counts samples over the whole run (train_samples = epochs × N), not per epoch: the per-epoch "
                + "figures are for one pass over the data, and the run consumes " + consumed + " samples in all"
                + (trainSamples >= 0 && consumed != trainSamples ? " of the " + trainSamples + " asked for" : "") + ".");
        if (!(c.job.growth() instanceof BatchGrowth.Constant)) {
            c.note("With the batch " + (c.job.growth() instanceof BatchGrowth.Rampup ? "ramp-up" : "schedule") + ", " + iterations
                    + " iterations consume " + consumed + " samples.");
        }
        return c.build(split, perEpoch, iterations, epochsOf(consumed, c.n), microSteps, consumed);
    }

    /**
     * The run's iterations grouped by global batch, in order, as {@link #count} walks them; call it on a job
     * that {@link #count} accepts.
     */
    static List<BatchPhase> phases(Job job) {
        long gbs = job.batch().globalBatch();
        long perMicroStep = (long) job.batch().microBatch() * job.dataParallel();
        return job.length().bySteps()
                ? walk(job.growth(), gbs, perMicroStep, Long.MAX_VALUE, job.length().maxSteps()).phases
                : walk(job.growth(), gbs, perMicroStep, (long) Math.floor(job.length().epochs() * job.dataset().samples()), Long.MAX_VALUE).phases;
    }

    private static long epochsOf(long consumed, long n) {
        return EpochLoop.ceilDiv(consumed, n);
    }

    /** The totals of a walk, and its iterations grouped by global batch (consecutive equal batches merged). */
    private static final class Walk {
        long consumed;
        long microSteps;
        long iterations;
        final List<BatchPhase> phases = new ArrayList<>();

        void add(long globalBatch, long steps) {
            if (steps == 0) {
                return;
            }
            if (!phases.isEmpty() && phases.getLast().globalBatch() == globalBatch) {
                steps += phases.removeLast().steps();
            }
            phases.add(new BatchPhase(globalBatch, steps));
        }
    }

    /** Walks the run iteration by iteration until {@code maxIterations} or the sample budget says stop. */
    private static Walk walk(BatchGrowth growth, long gbs, long perMicroStep, long trainSamples, long maxIterations) {
        Walk w = new Walk();
        long consumed = 0;
        long micro = 0;
        long iterations = 0;
        switch (growth) {
            case BatchGrowth.Constant k -> {
                iterations = maxIterations == Long.MAX_VALUE ? trainSamples / gbs : maxIterations;
                consumed = Require.times("samples consumed", iterations, gbs);
                micro = Require.times("micro-steps", iterations, gbs / perMicroStep);
                w.add(gbs, iterations);
            }
            case BatchGrowth.Rampup r -> {
                long increments = (gbs - r.startBatch()) / r.incrementBatch();
                double perIncrement = (double) r.rampupSamples() / increments;
                while (consumed <= r.rampupSamples() && consumed <= trainSamples && iterations < maxIterations) {
                    long current = Math.min(r.startBatch() + (long) (consumed / perIncrement) * r.incrementBatch(), gbs);
                    micro += microBatches(current, perMicroStep);
                    consumed += current;
                    iterations++;
                    w.add(current, 1);
                }
                long rest = maxIterations == Long.MAX_VALUE
                        ? (trainSamples > consumed ? (trainSamples - consumed) / gbs : 0) : maxIterations - iterations;
                iterations += rest;
                consumed += rest * gbs;
                micro += rest * (gbs / perMicroStep);
                w.add(gbs, rest);
            }
            case BatchGrowth.StepSchedule s -> {
                while (consumed < trainSamples && iterations < maxIterations) {
                    long current = gbs;
                    for (BatchGrowth.Stage stage : s.stages()) {
                        if (stage.fromSamples() <= consumed) {
                            current = stage.globalBatch();
                        }
                    }
                    micro += microBatches(current, perMicroStep);
                    consumed += current;
                    iterations++;
                    w.add(current, 1);
                    if (iterations > Require.MAX_COUNT) {
                        throw new IllegalArgumentException("the batch schedule needs more than " + Require.MAX_COUNT + " iterations.");
                    }
                }
            }
        }
        w.consumed = consumed;
        w.microSteps = micro;
        w.iterations = iterations;
        return w;
    }

    private static long microBatches(long globalBatch, long perMicroStep) {
        if (globalBatch % perMicroStep != 0) {
            throw new IllegalArgumentException("a scheduled global batch of " + globalBatch + " is not divisible by micro batch × data parallel = "
                    + perMicroStep + ", which Megatron checks at run time; use multiples of " + perMicroStep + ".");
        }
        return globalBatch / perMicroStep;
    }
}
