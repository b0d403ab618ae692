package dev.trainplan.engine.job;

/**
 * How long to train: a number of epochs (fractional where the framework allows it) or a number of
 * optimizer steps. As in HF Trainer and Lightning, {@code maxSteps > 0} wins over epochs; 0 means unset.
 */
public record TrainingLength(double epochs, long maxSteps) {
    public static final double MAX_EPOCHS = 1_000_000;

    public TrainingLength {
        Require.nonNegative("num_train_epochs", epochs, MAX_EPOCHS);
        if (maxSteps < 0 || maxSteps > Require.MAX_COUNT) {
            throw new IllegalArgumentException("max_steps must be a whole number from 1 to " + Require.MAX_COUNT + " (or unset), not " + maxSteps + ".");
        }
        if (maxSteps == 0 && epochs == 0) {
            throw new IllegalArgumentException("num_train_epochs is 0 and max_steps is unset; give epochs above 0 or max_steps of at least 1.");
        }
    }

    public static TrainingLength epochs(double epochs) {
        return new TrainingLength(epochs, 0);
    }

    public static TrainingLength steps(long maxSteps) {
        Require.positive("max_steps", maxSteps, Require.MAX_COUNT);
        return new TrainingLength(0, maxSteps);
    }

    public boolean bySteps() {
        return maxSteps > 0;
    }
}
