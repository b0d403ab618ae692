package dev.trainplan.engine.run;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The whole run: its ideal time, the time lost by kind, the wall time, and what it costs and draws.
 *
 * @param idealSeconds every step's samples at the full batch's throughput, with nothing lost
 * @param goodput the share of wall time not lost to checkpoints, failures and restarts (Kokolis et al.'s
 *     effective training time ratio); ramp-up, input stalls and evaluation count as training
 * @param costUsd device-hours × price, when a price was given
 * @param warnings one sentence each, on what bounds or wastes the run
 * @param assumptions the figures in force, default or given, with their sources
 */
public record RunEstimate(double idealSeconds, TimeLost lost, double wallSeconds, double goodput, Interruptions interruptions,
                          CheckpointPlan checkpoint, InputDemand input, double deviceHours, OptionalDouble costUsd, double energyKwh,
                          double co2Kg, List<String> warnings, List<Assumption> assumptions) {
    public RunEstimate {
        warnings = List.copyOf(warnings);
        assumptions = List.copyOf(assumptions);
    }

    public double expectedInterruptions() {
        return interruptions.total();
    }

    /**
     * Wall time beyond the ideal, by kind, in seconds.
     *
     * @param failureSeconds work redone after unexpected failures (half an interval each, plus the write time of
     *     an asynchronous save)
     * @param restartSeconds detecting, rescheduling and reloading after every interruption; a planned stop
     *     also waits for its checkpoint's write
     * @param inputSeconds steps the storage or host side made longer than the step-time model's
     */
    public record TimeLost(double checkpointSeconds, double failureSeconds, double restartSeconds, double evaluationSeconds,
                           double rampupSeconds, double inputSeconds) {
        public double totalSeconds() {
            return checkpointSeconds + failureSeconds + restartSeconds + evaluationSeconds + rampupSeconds + inputSeconds;
        }
    }

    /**
     * @param jobMtbfSeconds mean time between unexpected failures of the job; infinite without failures
     * @param unexpected expected unexpected failures over the wall time
     * @param planned expected planned interruptions over the wall time
     * @param restartSeconds the cost of one restart: detection, rescheduling and the checkpoint reload
     */
    public record Interruptions(double jobMtbfSeconds, double unexpected, double planned, double restartSeconds) {
        public double total() {
            return unexpected + planned;
        }
    }

    /**
     * @param intervalSeconds training time between saves; infinite when no save is worth it (no failures)
     * @param blockingSeconds what one save stops training for: the whole write, or the device-to-host copy
     * @param writeSeconds one checkpoint's write to storage
     * @param reloadSeconds one checkpoint's read back after a restart
     * @param saves saves over the run
     * @param hostStagingBytesPerNode host memory an asynchronous save holds on each node while it writes
     *     (0 for synchronous saves, which stream from device memory)
     */
    public record CheckpointPlan(long totalBytes, double intervalSeconds, double blockingSeconds, double writeSeconds,
                                 double reloadSeconds, long saves, long hostStagingBytesPerNode) {
    }

    /**
     * The most the input pipeline must supply at any stage.
     *
     * @param tokensPerSecond tokens per second of the job
     * @param readBytesPerSecondPerNode stored bytes each node reads per second
     */
    public record InputDemand(double tokensPerSecond, double readBytesPerSecondPerNode) {
    }
}
