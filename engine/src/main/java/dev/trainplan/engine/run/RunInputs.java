package dev.trainplan.engine.run;

import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Require;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * Everything the run model needs besides physics: the stages with their step times (from the step-time
 * model, see {@link Schedules}), the devices, and the settings of checkpoints, storage, failures,
 * evaluation, data loading, power and price. {@link #of} fills every setting with its default; the
 * withers replace one.
 *
 * @param pricePerDeviceHour what one device-hour costs, in USD; empty for no cost figure
 */
public record RunInputs(List<Stage> stages, int devices, int devicesPerNode, Checkpointing checkpointing, Storage storage,
                        Failures failures, Evaluation evaluation, DataLoading data, Power power, OptionalDouble pricePerDeviceHour) {
    public RunInputs {
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one stage of steps.");
        }
        Require.positive("devices", devices, Cluster.MAX_WORLD);
        Require.positive("devices per node", devicesPerNode, Cluster.MAX_PER_NODE);
        Objects.requireNonNull(checkpointing, "checkpointing");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(failures, "failures");
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(power, "power");
        Objects.requireNonNull(pricePerDeviceHour, "pricePerDeviceHour");
        if (pricePerDeviceHour.isPresent()) {
            Require.nonNegative("price per device-hour", pricePerDeviceHour.getAsDouble(), 1e6);
        }
        long steps = 0;
        for (Stage s : stages) {
            steps = Math.addExact(steps, s.steps());
        }
        Require.positive("steps of the run", steps, Require.MAX_COUNT);
    }

    /** A run with synchronous checkpoints at the Young/Daly optimum and every other setting at its default. */
    public static RunInputs of(List<Stage> stages, int devices, int devicesPerNode, CheckpointSize checkpoint, double deviceTdpWatts) {
        return new RunInputs(stages, devices, devicesPerNode, Checkpointing.of(checkpoint), Storage.DEFAULTS, Failures.DEFAULTS,
                Evaluation.NONE, DataLoading.DEFAULTS, Power.of(deviceTdpWatts), OptionalDouble.empty());
    }

    public RunInputs withCheckpointing(Checkpointing value) {
        return new RunInputs(stages, devices, devicesPerNode, value, storage, failures, evaluation, data, power, pricePerDeviceHour);
    }

    public RunInputs withStorage(Storage value) {
        return new RunInputs(stages, devices, devicesPerNode, checkpointing, value, failures, evaluation, data, power, pricePerDeviceHour);
    }

    public RunInputs withFailures(Failures value) {
        return new RunInputs(stages, devices, devicesPerNode, checkpointing, storage, value, evaluation, data, power, pricePerDeviceHour);
    }

    public RunInputs withEvaluation(Evaluation value) {
        return new RunInputs(stages, devices, devicesPerNode, checkpointing, storage, failures, value, data, power, pricePerDeviceHour);
    }

    public RunInputs withData(DataLoading value) {
        return new RunInputs(stages, devices, devicesPerNode, checkpointing, storage, failures, evaluation, value, power, pricePerDeviceHour);
    }

    public RunInputs withPower(Power value) {
        return new RunInputs(stages, devices, devicesPerNode, checkpointing, storage, failures, evaluation, data, value, pricePerDeviceHour);
    }

    public RunInputs withPricePerDeviceHour(double usd) {
        return new RunInputs(stages, devices, devicesPerNode, checkpointing, storage, failures, evaluation, data, power, OptionalDouble.of(usd));
    }

    /** Nodes the job occupies; the last may be partly used. */
    public int nodes() {
        return (devices + devicesPerNode - 1) / devicesPerNode;
    }

    public long totalSteps() {
        return stages.stream().mapToLong(Stage::steps).sum();
    }

    /** The figures in force, default or given, in the order {@code --explain} prints them. */
    public List<Assumption> assumptions() {
        return Stream.of(failures.assumptions(), storage.assumptions(), checkpointing.assumptions(),
                evaluation.assumptions(), data.assumptions(), power.assumptions()).flatMap(List::stream).toList();
    }
}
