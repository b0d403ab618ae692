package dev.trainplan.engine.run;

import dev.trainplan.engine.job.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The whole run from its stages' step times (formulas.md §7.3 and §8). Training progress is the steps
 * (slowed where the storage or host cannot feed them) plus evaluation; checkpoints block it every
 * interval; unexpected failures cost half an interval of redone work (plus the write, for an
 * asynchronous save, which is not durable until written) and a restart; planned stops a restart after a
 * final save. Failures arrive in wall time, so they also strike lost time:
 * {@code wall = progress·(1 + δ/τ) / (1 − λu·(τ/2 + R) − λp·(R + write))}, whose first-order expansion is
 * formulas.md's {@code W ≈ δ/τ + (τ/2 + R)/M}. All figures are expected values.
 */
public final class RunModel {
    private static final double SECONDS_PER_HOUR = 3600;
    private static final double JOULES_PER_KWH = 3.6e6;

    private RunModel() {
    }

    public static RunEstimate estimate(RunInputs in) {
        Objects.requireNonNull(in, "inputs");
        List<String> warnings = new ArrayList<>();
        Progress p = progress(in, warnings);

        CheckpointSize size = in.checkpointing().size();
        double storageBytesPerSecond = in.storage().bytesPerSecond(in.nodes());
        double writeSeconds = size.totalBytes() / storageBytesPerSecond;
        boolean async = in.checkpointing().mode() == SaveMode.ASYNC;
        double blockingSeconds = async ? size.largestDeviceBytes() / in.checkpointing().deviceToHostBytesPerSecond().value() : writeSeconds;
        Failures failures = in.failures();
        double mtbfSeconds = failures.jobMtbfSeconds(in.devices());
        double restartSeconds = failures.restartSeconds().value() + writeSeconds;
        double intervalSeconds = interval(in, p, blockingSeconds, mtbfSeconds, restartSeconds, writeSeconds, warnings);

        long saves = Double.isInfinite(intervalSeconds) ? 0 : (long) Math.floor(p.seconds() / intervalSeconds);
        double checkpointSeconds = saves * blockingSeconds;
        double unexpectedRate = failures.unexpectedPerSecond(in.devices());
        double plannedRate = failures.plannedPerSecond();
        // A failure during an asynchronous write rolls back one more interval: w/τ of the time, τ more each.
        double redoneSeconds = intervalSeconds / 2 + (async ? writeSeconds : 0);
        double perUnexpected = redoneSeconds + restartSeconds;
        double perPlanned = restartSeconds + writeSeconds;
        double lostShare = (unexpectedRate > 0 ? unexpectedRate * perUnexpected : 0) + plannedRate * perPlanned;
        if (lostShare >= 1) {
            throw new IllegalArgumentException("the job fails every " + hours(mtbfSeconds) + " hours on average and each failure costs "
                    + hours(perUnexpected) + " hours (half a checkpoint interval, the restart and the reload), so it would never finish; "
                    + "save more often or asynchronously, restart faster or use fewer devices.");
        }
        double wallSeconds = (p.seconds() + checkpointSeconds) / (1 - lostShare);
        double unexpected = wallSeconds * unexpectedRate;
        double planned = wallSeconds * plannedRate;
        double failureSeconds = unexpected > 0 ? unexpected * redoneSeconds : 0;
        double restartTotal = unexpected * restartSeconds + planned * perPlanned;
        double goodput = 1 - (checkpointSeconds + failureSeconds + restartTotal) / wallSeconds;
        if (goodput < 0.5) {
            warnings.add("Checkpoints, failures and restarts take " + percent(1 - goodput) + " of the wall time; save asynchronously, "
                    + "restart faster or use fewer devices.");
        }

        double deviceHours = wallSeconds * in.devices() / SECONDS_PER_HOUR;
        Power power = in.power();
        double idleWatts = power.deviceWatts(0);
        double meanWatts = p.deviceJoules / p.seconds();
        double deviceJoules = p.deviceJoules + failureSeconds * meanWatts + (checkpointSeconds + restartTotal) * idleWatts;
        double itJoules = in.devices() * (deviceJoules + wallSeconds * power.overheadWattsPerDevice());
        double energyKwh = itJoules * power.pue().value() / JOULES_PER_KWH;

        var lost = new RunEstimate.TimeLost(checkpointSeconds, failureSeconds, restartTotal, p.evaluationSeconds, p.rampupSeconds,
                p.inputSeconds);
        var interruptions = new RunEstimate.Interruptions(mtbfSeconds, unexpected, planned, restartSeconds);
        long staging = async ? Require.times("host staging bytes", size.largestDeviceBytes(), Math.min(in.devicesPerNode(), in.devices())) : 0;
        var plan = new RunEstimate.CheckpointPlan(size.totalBytes(), intervalSeconds, blockingSeconds, writeSeconds, writeSeconds, saves, staging);
        OptionalDouble cost = in.pricePerDeviceHour().isPresent() ? OptionalDouble.of(deviceHours * in.pricePerDeviceHour().getAsDouble())
                : OptionalDouble.empty();
        return new RunEstimate(p.idealSeconds, lost, wallSeconds, goodput, interruptions, plan, p.demand(), deviceHours, cost, energyKwh,
                energyKwh * power.gramsCo2PerKwh().value() / 1000, warnings, in.assumptions());
    }

    /**
     * The training time between saves: the Young/Daly optimum unless fixed; an asynchronous save cannot
     * start before the previous one's write has finished.
     */
    private static double interval(RunInputs in, Progress p, double blockingSeconds, double mtbfSeconds, double restartSeconds,
                                   double writeSeconds, List<String> warnings) {
        double optimal = YoungDaly.dalySeconds(blockingSeconds, mtbfSeconds);
        double chosen = switch (in.checkpointing().interval()) {
            case CheckpointInterval.Optimal o -> optimal;
            case CheckpointInterval.EverySeconds s -> s.seconds();
            case CheckpointInterval.EverySteps s -> s.steps() * p.stepSeconds / in.totalSteps();
        };
        if (in.checkpointing().mode() == SaveMode.ASYNC && chosen < writeSeconds) {
            warnings.add("An asynchronous save takes " + seconds(writeSeconds) + " s to write, longer than the " + seconds(chosen)
                    + " s interval, so saves start only every " + seconds(writeSeconds) + " s.");
            chosen = writeSeconds;
        }
        if (!(in.checkpointing().interval() instanceof CheckpointInterval.Optimal) && Double.isFinite(mtbfSeconds)) {
            double atChosen = YoungDaly.lostFraction(blockingSeconds, chosen, restartSeconds, mtbfSeconds);
            double atOptimal = YoungDaly.lostFraction(blockingSeconds, Math.max(optimal, in.checkpointing().mode() == SaveMode.ASYNC
                    ? writeSeconds : 0), restartSeconds, mtbfSeconds);
            if (atChosen > 1.1 * atOptimal) {
                warnings.add("Saving every " + minutes(chosen) + " minutes loses " + percent(atChosen) + " of the time to checkpoints and "
                        + "failures, against " + percent(atOptimal) + " at the Young/Daly optimum of " + minutes(optimal) + " minutes.");
            }
        }
        return chosen;
    }

    /** Training progress: the stages' steps, slowed where the input cannot keep up, and evaluation. */
    private static Progress progress(RunInputs in, List<String> warnings) {
        Power power = in.power();
        DataLoading data = in.data();
        double storagePerNode = in.storage().bytesPerSecond(in.nodes()) / in.nodes();
        Progress p = new Progress();
        long stepsBefore = 0;
        for (Stage s : in.stages()) {
            double tokensPerNodePerStep = s.tokensPerStep() / in.nodes();
            double readSeconds = tokensPerNodePerStep * data.bytesPerToken().value() / storagePerNode;
            double hostSeconds = data.hostTokensPerSecondPerNode().isPresent()
                    ? tokensPerNodePerStep / data.hostTokensPerSecondPerNode().getAsDouble() : 0;
            double stepSeconds = Math.max(s.stepSeconds(), Math.max(readSeconds, hostSeconds));
            if (stepSeconds > s.stepSeconds()) {
                warnings.add("At global batch " + s.globalBatch() + " and seq_len " + s.sequenceLength() + " the "
                        + (readSeconds >= hostSeconds ? "storage" : "host") + " bounds the step: feeding " + s.tokensPerStep() / s.stepSeconds()
                        + " tokens/s takes " + seconds(stepSeconds) + " s per step against " + seconds(s.stepSeconds()) + " s of compute.");
            }
            double activeWatts = power.deviceWatts(s.deviceActivity());
            long evaluations = in.evaluation().evaluationsBetween(stepsBefore, stepsBefore + s.steps());
            double evaluationSeconds = evaluations * in.evaluation().iterations() * in.evaluation().forwardShare().value() * stepSeconds;
            p.idealSeconds += s.steps() * s.steadyStepSeconds();
            p.rampupSeconds += s.steps() * (s.stepSeconds() - s.steadyStepSeconds());
            p.inputSeconds += s.steps() * (stepSeconds - s.stepSeconds());
            p.evaluationSeconds += evaluationSeconds;
            p.stepSeconds += s.steps() * stepSeconds;
            p.deviceJoules += s.steps() * (s.stepSeconds() * activeWatts + (stepSeconds - s.stepSeconds()) * power.deviceWatts(0))
                    + evaluationSeconds * activeWatts;
            p.tokensPerSecond = Math.max(p.tokensPerSecond, s.tokensPerStep() / stepSeconds);
            stepsBefore += s.steps();
        }
        p.readBytesPerSecondPerNode = p.tokensPerSecond * data.bytesPerToken().value() / in.nodes();
        return p;
    }

    /** Sums over the stages; {@link #seconds()} is the progress the checkpoints protect. */
    private static final class Progress {
        double idealSeconds;
        double rampupSeconds;
        double inputSeconds;
        double evaluationSeconds;
        double stepSeconds;
        double deviceJoules;
        double tokensPerSecond;
        double readBytesPerSecondPerNode;

        double seconds() {
            return stepSeconds + evaluationSeconds;
        }

        RunEstimate.InputDemand demand() {
            return new RunEstimate.InputDemand(tokensPerSecond, readBytesPerSecondPerNode);
        }
    }

    private static String hours(double s) {
        return String.format(Locale.ROOT, "%.2f", s / SECONDS_PER_HOUR);
    }

    private static String minutes(double s) {
        return String.format(Locale.ROOT, "%.1f", s / 60);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3g", s);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }
}
