package dev.trainplan.engine.run;

import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Require;

/**
 * A stretch of the run whose steps all have one global batch and sequence length, so one step time.
 *
 * @param steps optimizer steps in the stage
 * @param stepSeconds one step as the step-time model predicts it
 * @param steadyStepSeconds the time this step's samples would take at the full global batch's throughput;
 *     equal to {@code stepSeconds} outside a batch ramp-up, so {@code steps × (stepSeconds − steadyStepSeconds)}
 *     is what the ramp-up costs
 * @param deviceActivity the fraction of the step the devices compute (drives their power draw)
 */
public record Stage(long steps, long globalBatch, int sequenceLength, double stepSeconds, double steadyStepSeconds,
                    double deviceActivity) {
    private static final double MAX_STEP_SECONDS = 1e7;

    public Stage {
        Require.positive("stage steps", steps, Require.MAX_COUNT);
        Require.positive("stage global batch", globalBatch, Require.MAX_COUNT);
        Require.positive("stage seq_len", sequenceLength, Dataset.MAX_SEQUENCE_LENGTH);
        Require.positive("step seconds", stepSeconds, MAX_STEP_SECONDS);
        Require.positive("steady step seconds", steadyStepSeconds, MAX_STEP_SECONDS);
        Require.nonNegative("device activity", deviceActivity, 1);
    }

    /** A stage at its full batch: no ramp-up cost. */
    public static Stage steady(long steps, long globalBatch, int sequenceLength, StepFigures step) {
        return new Stage(steps, globalBatch, sequenceLength, step.stepSeconds(), step.stepSeconds(), step.deviceActivity());
    }

    public double tokensPerStep() {
        return (double) globalBatch * sequenceLength;
    }
}
