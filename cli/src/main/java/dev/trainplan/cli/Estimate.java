package dev.trainplan.cli;

import dev.trainplan.engine.comm.Collectives;
import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.memory.MemoryEstimate;
import dev.trainplan.engine.memory.MemoryModel;
import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.memory.MemorySettings;
import dev.trainplan.engine.memory.MemoryVerdict;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.plan.Splits;
import dev.trainplan.engine.run.CheckpointSize;
import dev.trainplan.engine.run.RunEstimate;
import dev.trainplan.engine.run.RunInputs;
import dev.trainplan.engine.run.RunModel;
import dev.trainplan.engine.run.Schedules;
import dev.trainplan.engine.run.StepFigures;
import dev.trainplan.engine.steps.StepCount;
import dev.trainplan.engine.steps.StepCounter;
import dev.trainplan.engine.time.Calibration;
import dev.trainplan.engine.time.StepTime;
import dev.trainplan.engine.time.StepTimeModel;
import dev.trainplan.formats.CatalogModel;
import java.util.function.UnaryOperator;

/** Everything {@code trainplan estimate} works out for one job: the chain from steps to the whole run. */
record Estimate(CatalogModel model, Architecture architecture, Job job, ClusterHardware hardware, Calibration calibration,
                StepCount steps, MemoryEstimate memory, MemoryVerdict verdict, AttentionKernel attention, StepTime time, CheckpointSize checkpoint,
                RunEstimate run, double deviceActivity) {

    static Estimate of(CatalogModel entry, Job job, ClusterHardware hardware, Calibration calibration, MemorySettings memorySettings,
                       AttentionKernel attention, double deviceActivity, UnaryOperator<RunInputs> runSettings) {
        if (!(entry.model() instanceof Architecture a)) {
            throw new UserInputException("--model " + entry.id() + " is a generic model (given by its totals); step time needs a "
                    + "transformer described layer by layer. 'trainplan models " + entry.id() + "' shows its parameters and FLOPs.");
        }
        Splits.require(a, job.parallelism(), job.dataset().sequenceLength());
        Collectives network = calibration.collectives(hardware);
        StepCount steps = StepCounter.count(job);
        MemoryEstimate memory = MemoryModel.estimate(a, job, memorySettings);
        MemoryVerdict verdict = MemoryVerdict.of(memory, capacityBytes(hardware));
        StepTime time = stepTime(a, job, hardware, network, calibration, attention);
        dev.trainplan.engine.run.StepTimeFunction function = (globalBatch, seqLen) -> new StepFigures(stepTime(a,
                job.toBuilder().batch(new BatchSpec(job.batch().microBatch(), 0, globalBatch))
                        .dataset(job.dataset().withSequenceLength(seqLen)).build(), hardware, network, calibration, attention).stepSeconds(),
                deviceActivity);
        CheckpointSize checkpoint = CheckpointSize.ofModelStates(a.parameters(), weightBytesPerParameter(job.precision()),
                optimizerBytesPerParameter(job.optimizer(), job.precision()), job.sharding(),
                job.parallelism().tp() * job.parallelism().pp(), job.dataParallel());
        RunInputs inputs = RunInputs.of(Schedules.of(job, function), job.worldSize(), job.cluster().nprocPerNode(), checkpoint,
                hardware.accelerator().tdpWatts());
        RunEstimate run = RunModel.estimate(runSettings.apply(inputs));
        return new Estimate(entry, a, job, hardware, calibration, steps, memory, verdict, attention, time, checkpoint, run, deviceActivity);
    }

    /** What a job may use of a device: what the driver reports where the catalog knows it, else the published capacity. */
    static long capacityBytes(ClusterHardware hardware) {
        long usable = hardware.accelerator().usableMemoryBytes();
        return usable > 0 ? usable : hardware.accelerator().memoryBytes();
    }

    static StepTime stepTime(Architecture a, Job job, ClusterHardware hardware, Collectives network, Calibration calibration,
                             AttentionKernel attention) {
        String accelerator = hardware.accelerator().id();
        return StepTimeModel.estimate(a, job, hardware, network, calibration.efficiency(accelerator), calibration.overheads(job.framework()),
                attention);
    }

    /** Weights as trained: FP32 or 16-bit (FP8 recipes keep BF16 weights and cast per GEMM). */
    static double weightBytesPerParameter(Precision precision) {
        return precision == Precision.FP32 ? 4 : 2;
    }

    /** Saved optimizer state per parameter: FP32 master weights (mixed precision only) and the optimizer's moments. */
    static double optimizerBytesPerParameter(Optimizer optimizer, Precision precision) {
        double master = precision == Precision.FP32 ? 0 : 4;
        double moments = switch (optimizer) {
            case SGD -> 0;
            case MOMENTUM -> 4;
            case ADAMW -> 8;
            case ADAM_8BIT -> 2;
            // Factored second moment: (rows + cols) values per matrix, ≈ 0 B/param (formulas.md §4.1).
            case ADAFACTOR -> 0;
        };
        return master + moments;
    }

    double trainingSeconds() {
        return run.wallSeconds();
    }
}
