package dev.trainplan.engine.run;

import java.util.List;
import java.util.Objects;

/**
 * How often the job is interrupted and what an interruption costs before the lost work: unexpected
 * failures scale with the number of devices (Kokolis et al.: job MTTF = 1 / (nodes × rate)); planned
 * stops (maintenance, configuration changes) come at a rate per day of the job whatever its size.
 * {@link #NONE} is the ideal run, with no interruptions.
 *
 * @param unexpectedPerDeviceHour unexpected failures per device-hour
 * @param plannedPerDay planned interruptions per day of the job
 * @param restartSeconds detect, reschedule and re-initialise, before the checkpoint reload
 */
public record Failures(boolean enabled, Assumption unexpectedPerDeviceHour, Assumption plannedPerDay, Assumption restartSeconds) {
    public static final Failures DEFAULTS = new Failures(true, Defaults.UNEXPECTED_FAILURES, Defaults.PLANNED_INTERRUPTIONS, Defaults.RESTART);
    public static final Failures NONE = DEFAULTS.withEnabled(false);

    private static final double SECONDS_PER_HOUR = 3600;
    private static final double SECONDS_PER_DAY = 86_400;

    public Failures {
        Objects.requireNonNull(unexpectedPerDeviceHour, "unexpectedPerDeviceHour");
        Objects.requireNonNull(plannedPerDay, "plannedPerDay");
        Objects.requireNonNull(restartSeconds, "restartSeconds");
        unexpectedPerDeviceHour.inRange(0, 1);
        plannedPerDay.inRange(0, 1000);
        restartSeconds.inRange(0, 30 * SECONDS_PER_DAY);
    }

    /**
     * An unexpected failure rate given per node-day, as Kokolis et al. and the Llama 3 report count it,
     * turned into the per-device rate the model uses.
     */
    public static Assumption perNodeDay(double failuresPerNodeDay, int devicesPerNode) {
        if (devicesPerNode < 1) {
            throw new IllegalArgumentException("devices per node must be at least 1, not " + devicesPerNode + ".");
        }
        return Defaults.UNEXPECTED_FAILURES.withValue(failuresPerNodeDay / (devicesPerNode * 24.0));
    }

    public Failures withEnabled(boolean value) {
        return new Failures(value, unexpectedPerDeviceHour, plannedPerDay, restartSeconds);
    }

    public Failures withUnexpectedPerDeviceHour(Assumption value) {
        return new Failures(enabled, value, plannedPerDay, restartSeconds);
    }

    public Failures withPlannedPerDay(Assumption value) {
        return new Failures(enabled, unexpectedPerDeviceHour, value, restartSeconds);
    }

    public Failures withRestartSeconds(Assumption value) {
        return new Failures(enabled, unexpectedPerDeviceHour, plannedPerDay, value);
    }

    /** Unexpected failures per second of wall time for a job on {@code devices}; 0 when disabled. */
    public double unexpectedPerSecond(int devices) {
        return enabled ? devices * unexpectedPerDeviceHour.value() / SECONDS_PER_HOUR : 0;
    }

    /** Planned interruptions per second of wall time; 0 when disabled. */
    public double plannedPerSecond() {
        return enabled ? plannedPerDay.value() / SECONDS_PER_DAY : 0;
    }

    /** Mean time between unexpected failures of the whole job, in seconds; infinite when there are none. */
    public double jobMtbfSeconds(int devices) {
        double rate = unexpectedPerSecond(devices);
        return rate > 0 ? 1 / rate : Double.POSITIVE_INFINITY;
    }

    /** Expected unexpected failures plus planned interruptions over {@code wallSeconds} of the job. */
    public double expectedInterruptions(int devices, double wallSeconds) {
        return wallSeconds * (unexpectedPerSecond(devices) + plannedPerSecond());
    }

    List<Assumption> assumptions() {
        return enabled ? List.of(unexpectedPerDeviceHour, plannedPerDay, restartSeconds) : List.of();
    }
}
