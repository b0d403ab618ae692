package dev.trainplan.engine.steps;

import dev.trainplan.engine.job.Require;

/**
 * A run of consecutive optimizer steps at one global batch: a Megatron ramp-up or step schedule is a
 * list of these, a constant batch is one.
 */
public record BatchPhase(long globalBatch, long steps) {
    public BatchPhase {
        Require.positive("phase global batch", globalBatch, Require.MAX_COUNT);
        Require.positive("phase steps", steps, Require.MAX_COUNT);
    }
}
