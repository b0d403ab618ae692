package dev.trainplan.cli;

import dev.trainplan.engine.run.Checkpointing;
import dev.trainplan.engine.run.CheckpointInterval;
import dev.trainplan.engine.run.Defaults;
import dev.trainplan.engine.run.Evaluation;
import dev.trainplan.engine.run.Failures;
import dev.trainplan.engine.run.Power;
import dev.trainplan.engine.run.RunInputs;
import dev.trainplan.engine.run.SaveMode;
import dev.trainplan.engine.run.Storage;
import picocli.CommandLine.Option;

/** The whole-run settings of {@code estimate} and {@code plan}: price, failures, checkpoints, storage, evaluation, power. Each default carries its source. */
public final class RunOptions {
    @Option(names = "--price", paramLabel = "USD", description = "Price per device-hour in US dollars; gives the run's cost.")
    Double pricePerDeviceHour;

    @Option(names = "--no-failures", description = "The ideal run: no failures, no restarts.")
    boolean noFailures;

    @Option(names = "--failures-per-node-day", paramLabel = "R", description = "Unexpected interruptions per node-day (default: Kokolis et al., RSC-1 and RSC-2 pooled).")
    Double failuresPerNodeDay;

    @Option(names = "--restart-minutes", paramLabel = "M", description = "Minutes to detect, reschedule and restart after an interruption, before reloading (default: 10).")
    Double restartMinutes;

    @Option(names = "--checkpoint", paramLabel = "MODE", description = "Checkpoint saves: sync (training waits for the write) or async (only the copy to host blocks). Default: ${DEFAULT-VALUE}.", defaultValue = "async")
    String checkpointMode;

    @Option(names = "--checkpoint-every-minutes", paramLabel = "M", description = "Checkpoint interval; default: the Young/Daly optimum for the job's failure rate.")
    Double checkpointMinutes;

    @Option(names = "--storage-gbps-per-node", paramLabel = "GB/s", description = "Storage write bandwidth per node in GB/s (default: 1.2, BLOOM's measured save).")
    Double storagePerNodeGbps;

    @Option(names = "--storage-gbps-total", paramLabel = "GB/s", description = "Aggregate storage bandwidth cap in GB/s (default: 2000).")
    Double storageTotalGbps;

    @Option(names = "--eval-every", paramLabel = "STEPS", description = "Evaluate every STEPS optimizer steps.")
    Long evalEvery;

    @Option(names = "--eval-iters", paramLabel = "N", description = "Evaluation iterations (forward-only steps) each time. Default: ${DEFAULT-VALUE}.", defaultValue = "100")
    long evalIters;

    @Option(names = "--pue", paramLabel = "X", description = "Power usage effectiveness of the facility (default: 1.1).")
    Double pue;

    @Option(names = "--grid-gco2-per-kwh", paramLabel = "G", description = "Grid carbon intensity in grams CO2e per kWh (default: 480, world average).")
    Double gridIntensity;

    RunInputs apply(RunInputs inputs, int devicesPerNode) {
        RunInputs r = inputs;
        if (pricePerDeviceHour != null) {
            r = r.withPricePerDeviceHour(pricePerDeviceHour);
        }
        Failures failures = noFailures ? Failures.NONE : Failures.DEFAULTS;
        if (failuresPerNodeDay != null) {
            failures = failures.withUnexpectedPerDeviceHour(Failures.perNodeDay(failuresPerNodeDay, devicesPerNode));
        }
        if (restartMinutes != null) {
            failures = failures.withRestartSeconds(Defaults.RESTART.withValue(restartMinutes * 60));
        }
        r = r.withFailures(failures);
        Checkpointing checkpointing = r.checkpointing().withMode(SaveMode.parse(checkpointMode));
        if (checkpointMinutes != null) {
            checkpointing = checkpointing.withInterval(new CheckpointInterval.EverySeconds(checkpointMinutes * 60));
        }
        r = r.withCheckpointing(checkpointing);
        Storage storage = r.storage();
        if (storagePerNodeGbps != null) {
            storage = new Storage(Defaults.STORAGE_PER_NODE.withValue(storagePerNodeGbps * 1e9), storage.aggregateBytesPerSecond());
        }
        if (storageTotalGbps != null) {
            storage = new Storage(storage.bytesPerSecondPerNode(), Defaults.STORAGE_AGGREGATE.withValue(storageTotalGbps * 1e9));
        }
        r = r.withStorage(storage);
        if (evalEvery != null) {
            r = r.withEvaluation(Evaluation.every(evalEvery, evalIters));
        }
        Power power = r.power();
        if (pue != null) {
            power = power.withPue(Defaults.PUE.withValue(pue));
        }
        if (gridIntensity != null) {
            power = power.withGramsCo2PerKwh(Defaults.GRID_INTENSITY.withValue(gridIntensity));
        }
        return r.withPower(power);
    }
}
