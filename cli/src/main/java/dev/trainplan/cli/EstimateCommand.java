package dev.trainplan.cli;

import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.time.Calibration;
import dev.trainplan.formats.CalibrationFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trainplan estimate}: how long a training run takes, what it costs, and where the time goes. */
@Command(name = "estimate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Estimates a training run from its model, data, cluster and configuration: the optimizer steps as the framework",
            "counts them, the step time from compute, communication and the pipeline schedule (with its breakdown), tokens/s",
            "per device, MFU and HFU, and the whole run with checkpoints and failures: wall time, device-hours, cost, energy.",
            "",
            "With no options it runs the built-in example: Llama-3.1-8B on 8 nodes of 8 H100 for 1T tokens (seq 8192,",
            "global batch 128, Megatron, distributed optimizer, tp 2 with sequence parallelism)."},
        footer = {"", "Examples:",
            "  trainplan estimate",
            "  trainplan estimate --model llama-3.1-70b --gpu h100-sxm --nnodes 32 --nproc-per-node 8 --tp 4 --pp 4 \\",
            "      --tokens 15T --seq-len 8192 --global-batch-size 512 --micro-batch-size 1 --framework megatron --sharding zero1 --price 2.5",
            "  trainplan estimate --model gpt3-175b --gpu a100-sxm4-80gb --nnodes 128 --nproc-per-node 8 --tp 8 --pp 8 --vp 1 \\",
            "      --tokens 300B --seq-len 2048 --global-batch-size 1536 --micro-batch-size 1 --framework megatron --recompute full --explain",
            "  trainplan estimate --model path/to/config.json --gpu b200 --nproc-per-node 8 --tokens 1T --global-batch-size 256 --json"})
public final class EstimateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    HardwareOptions hardware;

    @Mixin
    JobOptions job;

    @Mixin
    MemoryOptions memory;

    @Mixin
    RunOptions run;

    @Option(names = "--explain", description = "Walk the chain from steps to wall time with your numbers, and every default with its source.")
    boolean explain;

    @Option(names = "--json", description = "Print JSON for scripts instead of the report.")
    boolean json;

    @Mixin
    CalibrationOption calibrationOption;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        boolean example = Examples.applyIfNothingGiven(model, job, spec.commandLine().getParseResult());
        Job j = job.toJob();
        ClusterHardware hw = hardware.clusterHardware().withDevicesPerNode(j.cluster().nprocPerNode());
        Calibration calibration = calibrationOption.calibration();
        Estimate e = Estimate.of(model.resolveEntry(), j, hw, calibration, memory.settings(), memory.kernel(), run.deviceActivity(),
                inputs -> run.apply(inputs, j.cluster().nprocPerNode()));
        if (json) {
            Json.print(spec.commandLine().getOut(), EstimateReport.json(e));
        } else {
            EstimateReport.print(spec.commandLine().getOut(), e, example, explain);
        }
        return 0;
    }
}
