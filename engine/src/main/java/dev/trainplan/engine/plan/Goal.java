package dev.trainplan.engine.plan;

import dev.trainplan.engine.job.Require;
import java.util.Objects;

/**
 * What a configuration must satisfy and what makes one better: the objective, the bytes a device may
 * use (its usable memory less the headroom asked for), the price of a device-hour (0 when not given),
 * an optional deadline and budget (infinite when not given), and the training length they apply to.
 */
public record Goal(Objective objective, long memoryLimitBytes, double pricePerDeviceHour, double deadlineSeconds, double budget,
                   RunLength length) {
    public Goal {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(length, "length");
        Require.positive("memory limit (bytes)", memoryLimitBytes, Long.MAX_VALUE);
        Require.nonNegative("price per device-hour", pricePerDeviceHour, 1e6);
        if (!(deadlineSeconds > 0)) {
            throw new IllegalArgumentException("the deadline must be above 0 seconds, not " + Require.trim(deadlineSeconds) + ".");
        }
        if (!(budget > 0)) {
            throw new IllegalArgumentException("the budget must be above 0, not " + Require.trim(budget) + ".");
        }
        if (!length.known() && (hasDeadline(deadlineSeconds) || hasBudget(budget))) {
            throw new IllegalArgumentException("a deadline or a budget needs the training length: give the samples or tokens (or the steps) to train.");
        }
        if (hasBudget(budget) && pricePerDeviceHour == 0) {
            throw new IllegalArgumentException("a budget needs the price of a device-hour; give it.");
        }
    }

    /** The fastest configuration that fits in {@code memoryLimitBytes}, with no deadline, budget or price. */
    public static Goal fastest(long memoryLimitBytes, RunLength length) {
        return new Goal(Objective.FASTEST, memoryLimitBytes, 0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, length);
    }

    public boolean hasDeadline() {
        return hasDeadline(deadlineSeconds);
    }

    public boolean hasBudget() {
        return hasBudget(budget);
    }

    private static boolean hasDeadline(double seconds) {
        return seconds != Double.POSITIVE_INFINITY;
    }

    private static boolean hasBudget(double money) {
        return money != Double.POSITIVE_INFINITY;
    }

    public Goal withObjective(Objective value) {
        return new Goal(value, memoryLimitBytes, pricePerDeviceHour, deadlineSeconds, budget, length);
    }

    public Goal withMemoryLimitBytes(long value) {
        return new Goal(objective, value, pricePerDeviceHour, deadlineSeconds, budget, length);
    }

    public Goal withPricePerDeviceHour(double value) {
        return new Goal(objective, memoryLimitBytes, value, deadlineSeconds, budget, length);
    }

    public Goal withDeadlineSeconds(double value) {
        return new Goal(objective, memoryLimitBytes, pricePerDeviceHour, value, budget, length);
    }

    public Goal withBudget(double value) {
        return new Goal(objective, memoryLimitBytes, pricePerDeviceHour, deadlineSeconds, value, length);
    }
}
