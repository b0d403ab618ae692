package dev.trainplan.cli;

import dev.trainplan.engine.run.Checkpointing;
import dev.trainplan.engine.run.DataLoading;
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

    @Option(names = "--planned-interruptions-per-day", paramLabel = "R", description = "Planned stops per day of the job (default: Llama 3 405B's 47 in 54 days).")
    Double plannedPerDay;

    @Option(names = "--device-to-host-gbps", paramLabel = "GB/s", description = "Device-to-host copy bandwidth of an asynchronous save, GB/s per device (default: 25).")
    Double deviceToHostGbps;

    @Option(names = "--bytes-per-token", paramLabel = "B", description = "Bytes per token of the stored dataset (default: 4, int32 token ids).")
    Double bytesPerToken;

    @Option(names = "--host-tokens-per-second-per-node", paramLabel = "T", description = "What a node's input pipeline can supply; a step that needs more is slowed to it.")
    Double hostTokensPerSecondPerNode;

    @Option(names = "--device-activity", paramLabel = "F", description = "Device power during a step as a fraction of TDP above idle (default: 1, the model-card convention).")
    Double deviceActivity;

    @Option(names = "--idle-power-fraction", paramLabel = "F", description = "Device idle power as a fraction of TDP (default: 0.10).")
    Double idleFraction;

    @Option(names = "--node-overhead-fraction", paramLabel = "F", description = "Node power beyond the devices (CPUs, NICs, fans) as a fraction of the devices' TDP (default: 0.82).")
    Double nodeOverheadFraction;

    @Option(names = "--pue", paramLabel = "X", description = "Power usage effectiveness of the facility (default: 1.1).")
    Double pue;

    @Option(names = "--grid-gco2-per-kwh", paramLabel = "G", description = "Grid carbon intensity in grams CO2e per kWh (default: 480, world average).")
    Double gridIntensity;

    /** The device activity to charge power at, the default's unless given. */
    double deviceActivity() {
        return deviceActivity != null ? Defaults.DEVICE_ACTIVITY.withValue(deviceActivity).value() : Defaults.DEVICE_ACTIVITY.value();
    }

    RunInputs apply(RunInputs inputs, int devicesPerNode) {
        RunInputs r = inputs;
        if (pricePerDeviceHour != null) {
            r = r.withPricePerDeviceHour(pricePerDeviceHour);
        }
        Failures failures = noFailures ? Failures.NONE : Failures.DEFAULTS;
        if (failuresPerNodeDay != null) {
            failures = failures.withUnexpectedPerDeviceHour(Failures.perNodeDay(failuresPerNodeDay, devicesPerNode));
        }
        if (plannedPerDay != null) {
            failures = failures.withPlannedPerDay(Defaults.PLANNED_INTERRUPTIONS.withValue(plannedPerDay));
        }
        if (restartMinutes != null) {
            failures = failures.withRestartSeconds(Defaults.RESTART.withValue(restartMinutes * 60));
        }
        r = r.withFailures(failures);
        Checkpointing checkpointing = r.checkpointing().withMode(SaveMode.parse(checkpointMode));
        if (deviceToHostGbps != null) {
            checkpointing = checkpointing.withDeviceToHostBytesPerSecond(Defaults.DEVICE_TO_HOST.withValue(deviceToHostGbps * 1e9));
        }
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
        DataLoading data = r.data();
        if (bytesPerToken != null) {
            data = data.withBytesPerToken(Defaults.BYTES_PER_TOKEN.withValue(bytesPerToken));
        }
        if (hostTokensPerSecondPerNode != null) {
            data = data.withHostTokensPerSecondPerNode(hostTokensPerSecondPerNode);
        }
        r = r.withData(data);
        Power power = r.power();
        if (idleFraction != null) {
            power = power.withIdleFraction(Defaults.IDLE_POWER.withValue(idleFraction));
        }
        if (nodeOverheadFraction != null) {
            power = power.withNodeOverheadFraction(Defaults.NODE_OVERHEAD.withValue(nodeOverheadFraction));
        }
        if (pue != null) {
            power = power.withPue(Defaults.PUE.withValue(pue));
        }
        if (gridIntensity != null) {
            power = power.withGramsCo2PerKwh(Defaults.GRID_INTENSITY.withValue(gridIntensity));
        }
        return r.withPower(power);
    }
}
