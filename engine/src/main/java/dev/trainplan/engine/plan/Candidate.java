package dev.trainplan.engine.plan;

import java.util.Objects;

/**
 * An evaluated configuration with its figures.
 *
 * @param peakBytes peak memory per device on the worst stage
 * @param steps optimizer steps of the run, 0 when the training length is unknown
 * @param trainingSeconds {@code steps × stepSeconds}, NaN when the training length is unknown
 */
public record Candidate(Configuration configuration, double stepSeconds, long peakBytes, long steps, double trainingSeconds) {
    public Candidate {
        Objects.requireNonNull(configuration, "configuration");
    }

    /** Seconds per sample: how the planner compares configurations when the training length is unknown. */
    public double secondsPerSample() {
        return stepSeconds / configuration.globalBatch();
    }

    /** Device-hours of the whole run, NaN when the training length is unknown. */
    public double deviceHours() {
        return trainingSeconds * configuration.devices() / 3600;
    }

    /** The run's cost at {@code pricePerDeviceHour}, NaN when the length or the price is unknown. */
    public double cost(double pricePerDeviceHour) {
        return pricePerDeviceHour > 0 ? deviceHours() * pricePerDeviceHour : Double.NaN;
    }

    /** Tokens per second per device for sequences of {@code sequenceLength}. */
    public double tokensPerSecondPerDevice(int sequenceLength) {
        return configuration.globalBatch() * (double) sequenceLength / stepSeconds / configuration.devices();
    }

    /** How the planner compares time: training seconds when the length is known, otherwise seconds per sample. */
    double timeScore() {
        return Double.isNaN(trainingSeconds) ? secondsPerSample() : trainingSeconds;
    }

    /** Device-seconds, the cost at any one price. */
    double costScore() {
        return timeScore() * configuration.devices();
    }
}
