package dev.trainplan.cli;

import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.steps.Derivation;
import dev.trainplan.engine.steps.StepCount;
import dev.trainplan.engine.steps.StepCounter;
import dev.trainplan.engine.steps.TorchrunLayout;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code trainplan steps}: the batch and step arithmetic of a job, exactly as its framework counts it. */
@Command(name = "steps",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Counts the batches, optimizer steps, micro-steps and samples of a training job exactly as your",
            "framework will (HF Trainer, DeepSpeed, Megatron, Lightning, torchrun), and says where the others differ.",
            "",
            "  global_batch = gradient_accumulation × data_parallel × micro_batch",
            "  data_parallel = nnodes × nproc_per_node / (tp × pp × cp)",
            "  optimizer steps = epochs × per-epoch steps (framework rules for the last partial batch and group)",
            "",
            "With no options it runs the seed example: 1,000 samples, micro-batch 5, gradient accumulation 2, one GPU."},
        footer = {"", "Examples:",
            "  trainplan steps --samples 1000 --per-device-train-batch-size 5 --gradient-accumulation-steps 2 --explain",
            "  trainplan steps --samples 1000 --per-device-train-batch-size 4 --gradient-accumulation-steps 8 --nnodes 2 --nproc-per-node 4",
            "  trainplan steps --framework deepspeed --samples 100000 --train-batch-size 256 --train-micro-batch-size-per-gpu 4 --nproc-per-node 8",
            "  trainplan steps --framework megatron --train-samples 100000 --global-batch-size 1024 --micro-batch-size 4 --nproc-per-node 8 --rampup-batch-size 256 256 10000",
            "  trainplan steps --samples 91 --per-device-train-batch-size 10 --gradient-accumulation-steps 2 --nproc-per-node 2 --epochs 10 --json"})
public final class StepsCommand implements Callable<Integer> {
    @Mixin
    JobOptions job;

    @Option(names = "--explain", description = "Print each formula with your numbers substituted, in order.")
    boolean explain;

    @Option(names = "--json", description = "Print JSON for scripts instead of the table.")
    boolean json;

    @Option(names = "--show-ranks", description = "Also print torchrun's RANK / LOCAL_RANK / GROUP_RANK of every process.")
    boolean showRanks;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean example = job.noDataset() && job.microBatch == null && job.gradientAccumulation == null && job.globalBatch == null;
        if (example) {
            job.samples = 1000L;
            job.microBatch = 5;
            job.gradientAccumulation = 2;
        }
        Job j = job.toJob();
        StepCount count = StepCounter.count(j);
        List<String> differences = StepCounter.differences(j, count);
        if (json) {
            Json.print(out, toJson(count, differences));
            return 0;
        }
        if (example) {
            out.println("Built-in example (the seed formula): 1,000 samples, per-device batch 5, gradient accumulation 2.");
            out.println("Give --samples, --per-device-train-batch-size, --nnodes ... for your job; --help lists them.");
            out.println();
        }
        printTable(out, count);
        if (explain) {
            out.println();
            out.println("How these numbers come about (" + count.framework().displayName() + "):");
            int i = 1;
            for (Derivation d : count.derivation()) {
                out.printf("  %2d. %s = %s%n      = %s = %s%n", i++, d.quantity(), d.formula(), d.substituted().isEmpty() ? "…" : d.substituted(), d.result());
            }
        }
        printList(out, "Notes:", count.notes());
        printList(out, "Other frameworks on the same inputs:", differences.isEmpty()
                ? List.of("HF Trainer, DeepSpeed, Megatron, Lightning and torchrun all count these inputs the same way.") : differences);
        if (showRanks) {
            printRanks(out, j);
        }
        out.flush();
        return 0;
    }

    private static void printTable(PrintWriter out, StepCount c) {
        Table t = Table.of("quantity", "value");
        t.row("framework", c.framework().displayName());
        t.row("world size (processes)", Format.count(c.worldSize()));
        t.row("data-parallel size", Format.count(c.dataParallel()));
        t.row("micro-batch per device", Format.count(c.microBatch()));
        t.row("gradient accumulation", Format.count(c.gradientAccumulation()));
        t.row("global batch (samples per optimizer step)", Format.count(c.globalBatch()));
        t.row("dataloader length per rank (batches/epoch)", Format.count(c.dataloaderLengthPerRank()));
        t.row("optimizer steps per epoch", Format.count(c.updateStepsPerEpoch()));
        t.row("epochs", Format.count(c.epochs()));
        t.row("optimizer steps in total", Format.count(c.totalUpdateSteps()));
        t.row("micro-steps per rank (forward/backward)", Format.count(c.microStepsPerRank()));
        t.row("samples seen per epoch (all ranks)", Format.count(c.samplesSeenPerEpoch()));
        t.row("samples dropped per epoch", Format.count(c.droppedSamplesPerEpoch()));
        t.row("samples padded/duplicated per epoch", Format.count(c.paddedSamplesPerEpoch()));
        t.row("samples processed in total", Format.count(c.samplesSeenTotal()));
        if (c.warmupSteps() >= 0) {
            t.row("warmup steps", Format.count(c.warmupSteps()));
        }
        t.print(out);
    }

    private static void printList(PrintWriter out, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        out.println();
        out.println(title);
        for (String line : lines) {
            out.println("  - " + line);
        }
    }

    private static void printRanks(PrintWriter out, Job j) {
        out.println();
        out.println("torchrun environment per process:");
        Table t = Table.of("RANK", "LOCAL_RANK", "GROUP_RANK", "LOCAL_WORLD_SIZE", "WORLD_SIZE");
        for (TorchrunLayout.Worker w : TorchrunLayout.workers(Collections.nCopies(j.cluster().nnodes(), j.cluster().nprocPerNode()))) {
            t.row(w.rank(), w.localRank(), w.groupRank(), w.localWorldSize(), w.worldSize());
        }
        t.print(out);
    }

    static ObjectNode toJson(StepCount c, List<String> differences) {
        ObjectNode o = Json.object();
        o.put("framework", c.framework().id());
        o.put("worldSize", c.worldSize());
        o.put("dataParallel", c.dataParallel());
        o.put("globalBatch", c.globalBatch());
        o.put("microBatch", c.microBatch());
        o.put("gradientAccumulation", c.gradientAccumulation());
        o.put("dataloaderLengthPerRank", c.dataloaderLengthPerRank());
        o.put("updateStepsPerEpoch", c.updateStepsPerEpoch());
        o.put("epochs", c.epochs());
        o.put("totalUpdateSteps", c.totalUpdateSteps());
        o.put("microStepsPerRank", c.microStepsPerRank());
        o.put("samplesSeenPerEpoch", c.samplesSeenPerEpoch());
        o.put("droppedSamplesPerEpoch", c.droppedSamplesPerEpoch());
        o.put("paddedSamplesPerEpoch", c.paddedSamplesPerEpoch());
        o.put("samplesSeenTotal", c.samplesSeenTotal());
        if (c.warmupSteps() >= 0) {
            o.put("warmupSteps", c.warmupSteps());
        }
        ArrayNode notes = o.putArray("notes");
        c.notes().forEach(notes::add);
        ArrayNode diffs = o.putArray("differences");
        differences.forEach(diffs::add);
        ArrayNode derivation = o.putArray("derivation");
        for (Derivation d : c.derivation()) {
            derivation.addObject().put("quantity", d.quantity()).put("formula", d.formula()).put("substituted", d.substituted()).put("result", d.result());
        }
        return o;
    }
}
