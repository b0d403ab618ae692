package dev.trainplan.engine.run;

import dev.trainplan.engine.job.Require;

/**
 * What the step-time model says about one optimizer step: its seconds, and the fraction of them the
 * devices compute rather than wait (on exposed communication, pipeline bubbles, the host).
 */
public record StepFigures(double stepSeconds, double deviceActivity) {
    public StepFigures {
        Require.positive("step seconds", stepSeconds, 1e7);
        Require.nonNegative("device activity", deviceActivity, 1);
    }

    /** A step whose activity the step-time model does not know: {@link Defaults#DEVICE_ACTIVITY}. */
    public static StepFigures of(double stepSeconds) {
        return new StepFigures(stepSeconds, Defaults.DEVICE_ACTIVITY.value());
    }
}
