package dev.trainplan.cli;

import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.memory.MemoryEstimate;
import dev.trainplan.engine.memory.MemoryModel;
import dev.trainplan.engine.memory.MemoryVerdict;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.Model;
import dev.trainplan.engine.plan.Splits;
import java.io.PrintWriter;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trainplan memory}: will it fit? Per device, per pipeline stage, itemised, with what would make it fit. */
@Command(name = "memory",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Itemises the memory of one device per pipeline stage: weights, gradients, optimizer states and master weights",
            "(with their precisions and sharding), activations (micro-batches in flight, recompute, flash attention), logits",
            "and loss buffers, communication buckets, CUDA/NCCL context and fragmentation; then says whether it fits the",
            "device, which items break the budget, and the smallest change that would make it fit.",
            "",
            "With no options it runs the built-in example of 'trainplan estimate'."},
        footer = {"", "Examples:",
            "  trainplan memory",
            "  trainplan memory --model llama-3.1-70b --gpu h100-sxm --nnodes 4 --nproc-per-node 8 --tp 8 --seq-len 8192 \\",
            "      --samples 1M --per-device-train-batch-size 2 --gradient-accumulation-steps 8 --sharding zero3",
            "  trainplan memory --model llama-3.1-8b --gpu a100-sxm4-80gb --samples 10000 --seq-len 4096 --lora-rank 16 --qlora",
            "  trainplan memory --model llama-3.1-8b --nproc-per-node 8 --samples 1M --seq-len 8192 --max-micro-batch"})
public final class MemoryCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    HardwareOptions hardware;

    @Mixin
    JobOptions job;

    @Mixin
    MemoryOptions memory;

    @Option(names = "--max-micro-batch", description = "Also find the largest micro-batch that fits (gradient accumulation unchanged).")
    boolean maxMicroBatch;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        boolean example = Examples.applyIfNothingGiven(model, job, spec.commandLine().getParseResult());
        Job j = job.toJob();
        ClusterHardware hw = hardware.clusterHardware();
        Model m = model.resolve();
        if (m instanceof Architecture a) {
            Splits.require(a, j.parallelism(), j.dataset().sequenceLength());
        }
        MemoryModel memoryModel = MemoryModel.of(m, memory.settings());
        MemoryEstimate estimate = memoryModel.estimate(j);
        long capacity = Estimate.capacityBytes(hw);
        MemoryVerdict verdict = MemoryVerdict.of(estimate, capacity);
        OptionalInt largest = maxMicroBatch ? memoryModel.maxMicroBatch(j, capacity) : OptionalInt.empty();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            var o = MemoryReport.json(estimate, verdict);
            if (maxMicroBatch) {
                if (largest.isPresent()) {
                    o.put("maxMicroBatch", largest.getAsInt());
                } else {
                    o.putNull("maxMicroBatch");
                }
            }
            Json.print(out, o);
            return 0;
        }
        if (example) {
            out.println(Examples.DESCRIPTION);
            out.println();
        }
        out.printf("%s on %s, %s: micro-batch %d, seq %d, tp %d, pp %d, cp %d, dp %d, %s, %s, recompute %s%n%n", m.name(),
                hw.accelerator().name(), j.framework().displayName(), j.batch().microBatch(), j.dataset().sequenceLength(),
                j.parallelism().tp(), j.parallelism().pp(), j.parallelism().cp(), j.dataParallel(), j.precision().id(), j.sharding().id(),
                Recompute.describe(j.recompute(), j.recomputeLayers()));
        MemoryReport.print(out, estimate, verdict);
        if (maxMicroBatch) {
            out.println(largest.isPresent()
                    ? "Largest micro-batch that fits: " + largest.getAsInt() + " (gradient accumulation " + j.batch().gradientAccumulation() + ")."
                    : "Even a micro-batch of 1 does not fit; see the suggestions above.");
        }
        out.flush();
        return 0;
    }
}
