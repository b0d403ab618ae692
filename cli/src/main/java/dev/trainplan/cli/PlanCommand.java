package dev.trainplan.cli;

import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.TrainingLength;
import dev.trainplan.engine.memory.MemorySettings;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.plan.Goal;
import dev.trainplan.engine.plan.ModelMemory;
import dev.trainplan.engine.plan.Objective;
import dev.trainplan.engine.plan.Plan;
import dev.trainplan.engine.plan.PlanRequest;
import dev.trainplan.engine.plan.Planner;
import dev.trainplan.engine.plan.Progress;
import dev.trainplan.engine.plan.RunLength;
import dev.trainplan.engine.plan.SearchOptions;
import dev.trainplan.engine.time.Calibration;
import dev.trainplan.formats.CalibrationFile;
import dev.trainplan.formats.CatalogModel;
import dev.trainplan.formats.Decimals;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trainplan plan}: the best configuration that fits, found by searching all of them, and why. */
@Command(name = "plan",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Searches every configuration of tp, pp, cp, ep, interleaving (vp), micro-batch, recompute, sharding and sequence",
            "parallelism (and, if you give lists or ranges, device counts and global batches) by Megatron's rules, checks",
            "each one's memory first, then its step time, and ranks what fits: fastest, cheapest, fastest within a budget,",
            "cheapest within a deadline, or the Pareto front of time, cost and devices. It says why it chose what it chose:",
            "the runner-up and what separates them, and how many configurations each rule or limit rejected.",
            "",
            "Lists and ranges: 2240, 8,16,32, 256..4096 (multiples of the node size for --gpus, of 1 for batches),",
            "256..4096:256, ..1920 (from the step up). Exit code 3: nothing meets the request (the closest are shown)."},
        footer = {"", "Examples:",
            "  trainplan plan --model mt-nlg-530b --gpu a100-sxm4-80gb --gpus 2240 --global-batch 1920 --seq-len 2048",
            "  trainplan plan --model megatron-175b --gpu a100-sxm4-80gb --gpus 64 --global-batch 64 --precision fp16 --explain \\",
            "      --compare tp=8,pp=8,vp=3,micro-batch=1,recompute=selective,sharding=none,sp",
            "  trainplan plan --model llama-3.1-70b --gpu h100-sxm --gpus 64..1024:64 --global-batch 512 --tokens 2T --price 2.5 \\",
            "      --objective pareto --plot front.svg",
            "  trainplan plan --model llama-3.1-8b --gpu h100-sxm --gpus ..256 --global-batch 256 --tokens 1T --price 2.5 \\",
            "      --objective cheapest --deadline 14d --json"})
public final class PlanCommand implements Callable<Integer> {
    /** Exit code when no configuration meets the request. */
    static final int EXIT_NOTHING_FITS = 3;

    @Mixin
    ModelOptions model;

    @Mixin
    HardwareOptions hardware;

    @Mixin
    PlanSpace space;

    @Mixin
    MemoryOptions memory;

    @Option(names = {"--seq-len", "--seq-length"}, paramLabel = "S", description = "Tokens per sample. Default: ${DEFAULT-VALUE}.", defaultValue = "2048")
    int seqLen;

    @Option(names = {"--tokens", "--train-tokens"}, paramLabel = "N", description = "Tokens to train on (e.g. 270B); gives training time, cost, deadline and budget.",
            converter = Numbers.LongConverter.class)
    Long tokens;

    @Option(names = {"--samples", "--train-samples"}, paramLabel = "N", description = "Samples to train on, instead of --tokens.", converter = Numbers.LongConverter.class)
    Long samples;

    @Option(names = {"--train-iters", "--max-steps"}, paramLabel = "N", description = "Optimizer steps to train, whatever the global batch.", converter = Numbers.LongConverter.class)
    Long steps;

    @Option(names = "--framework", paramLabel = "NAME", description = "megatron, deepspeed, torchtitan, hf, … (rules, overheads and memory layout). Default: ${DEFAULT-VALUE}.",
            defaultValue = "megatron")
    String framework;

    @Option(names = "--precision", paramLabel = "P", description = "GEMM precision: fp32, fp16, bf16, fp8, mxfp8, nvfp4. Default: ${DEFAULT-VALUE}.", defaultValue = "bf16")
    String precision;

    @Option(names = "--optimizer", paramLabel = "O", description = "sgd, momentum, adamw, adafactor, adam-8bit. Default: ${DEFAULT-VALUE}.", defaultValue = "adamw")
    String optimizer;

    @Option(names = "--objective", paramLabel = "O", description = "fastest, cheapest or pareto. Default: ${DEFAULT-VALUE}.", defaultValue = "fastest")
    String objective;

    @Option(names = "--price", paramLabel = "USD", description = "Price per device-hour in US dollars; gives the cost.")
    String price;

    @Option(names = "--deadline", paramLabel = "TIME", description = "Longest acceptable training time, e.g. 30d, 12h, 90m (needs --tokens, --samples or --train-iters).")
    String deadline;

    @Option(names = "--budget", paramLabel = "USD", description = "Most the run may cost, e.g. 2.5M (needs --price and a training length).", converter = Numbers.LongConverter.class)
    Long budget;

    @Option(names = "--headroom", paramLabel = "GIB|PCT", description = "Memory to leave free on each device, in GiB or as a percentage (e.g. 4 or 5%%). Default: 0.")
    String headroom;

    @Option(names = "--top", paramLabel = "N", description = "Configurations to list. Default: ${DEFAULT-VALUE}.", defaultValue = "5")
    int top;

    @Option(names = "--explain", description = "Also show each part of the step time: chosen against runner-up, and against --compare.")
    boolean explain;

    @Option(names = "--compare", paramLabel = "CONFIG", description = "A configuration to hold the choice against, e.g. tp=8,pp=35,vp=3,micro-batch=1,recompute=selective,sharding=none,sp.")
    String compare;

    @Option(names = "--json", description = "Print JSON for scripts instead of the report.")
    boolean json;

    @Option(names = "--plot", paramLabel = "FILE.svg", description = "Draw the Pareto front (time against devices) or, on one device count, the best configurations, as SVG.")
    Path plot;

    @Option(names = "--exhaustive", description = "Evaluate every micro-batch instead of pruning those above one that overflows (to check the pruning).")
    boolean exhaustive;

    @Option(names = "--threads", paramLabel = "N", description = "Threads to search with. Default: one per core.", defaultValue = "0")
    int threads;

    @Mixin
    CalibrationOption calibrationOption;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CatalogModel entry = model.resolveEntry();
        if (!(entry.model() instanceof Architecture a)) {
            throw new UserInputException("--model " + entry.id() + " is a generic model (given by its totals); planning needs a transformer "
                    + "described layer by layer.");
        }
        ClusterHardware hw = space.devicesPerNode == null ? hardware.clusterHardware()
                : hardware.clusterHardware().withDevicesPerNode(space.devicesPerNode);
        Calibration calibration = calibrationOption.calibration();
        Framework fw = Framework.parse(framework);
        MemorySettings memorySettings = memory.settings();
        PlanRequest request = new PlanRequest(a, hw, calibration.collectives(hw), calibration.efficiency(hw.accelerator().id()), calibration.overheads(fw),
                Precision.parse(precision), fw, Optimizer.parse(optimizer), seqLen, memory.kernel(),
                space.searchSpace(hw.devicesPerNode()), goal(hw));
        if (top < 1) {
            throw new UserInputException("--top must be a whole number from 1 up, not " + top + ".");
        }
        ModelMemory deviceMemory = ModelMemory.of(request, memorySettings);
        Progress progress = new Progress();
        long started = System.nanoTime();
        Plan plan;
        try (ProgressLine line = ProgressLine.start(progress, spec.commandLine().getErr())) {
            plan = Planner.search(request, deviceMemory, new SearchOptions(top, !exhaustive, threads), progress);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        PlanView view = new PlanView(entry, request, deviceMemory, plan, seconds, compare == null ? null : CompareOption.parse(compare, request));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, PlanJson.of(view, top));
        } else {
            PlanReport.print(out, view, top, explain);
        }
        if (plot != null) {
            try {
                Files.writeString(plot, PlanPlot.svg(view, top));
            } catch (IOException e) {
                throw new UserInputException("--plot " + plot + " could not be written: " + e.getMessage() + ".");
            }
            if (!json) {
                out.println("Plot written to " + plot + ".");
            }
        }
        out.flush();
        return plan.best().isPresent() ? 0 : EXIT_NOTHING_FITS;
    }

    private Goal goal(ClusterHardware hw) {
        if ((tokens != null ? 1 : 0) + (samples != null ? 1 : 0) + (steps != null ? 1 : 0) > 1) {
            throw new UserInputException("give one of --tokens, --samples and --train-iters, not several.");
        }
        RunLength length = RunLength.UNKNOWN;
        if (tokens != null) {
            length = new RunLength.Data(Dataset.ofTokens(tokens, seqLen), TrainingLength.epochs(1));
        } else if (samples != null) {
            length = new RunLength.Data(Dataset.of(samples, seqLen), TrainingLength.epochs(1));
        } else if (steps != null) {
            length = new RunLength.Steps(steps);
        }
        long capacity = Estimate.capacityBytes(hw);
        long limit = capacity - headroomBytes(capacity);
        if (limit < 1) {
            throw new UserInputException("--headroom " + headroom + " leaves nothing of the device's " + Format.gib(capacity) + ".");
        }
        double pricePerHour = price == null ? 0 : positive("--price", price);
        double deadlineSeconds = deadline == null ? Double.POSITIVE_INFINITY : Durations.seconds("--deadline", deadline);
        double money = budget == null ? Double.POSITIVE_INFINITY : budget;
        if (!length.known() && (deadline != null || budget != null)) {
            throw new UserInputException((deadline != null ? "--deadline" : "--budget") + " needs the training length: give --tokens, --samples or --train-iters.");
        }
        if (budget != null && price == null) {
            throw new UserInputException("--budget " + budget + " needs --price, the price of a device-hour.");
        }
        return new Goal(Objective.parse(objective), limit, pricePerHour, deadlineSeconds, money, length);
    }

    private long headroomBytes(long capacity) {
        if (headroom == null) {
            return 0;
        }
        String text = headroom.trim();
        boolean percent = text.endsWith("%");
        double value = positiveOrZero("--headroom", percent ? text.substring(0, text.length() - 1) : text.replaceAll("(?i)\\s*gib$", ""));
        return percent ? (long) (capacity * value / 100) : (long) (value * Units.GIB);
    }

    private static double positive(String option, String text) {
        double v = positiveOrZero(option, text);
        if (v == 0) {
            throw new UserInputException(option + " must be a number above 0, not '" + text + "'.");
        }
        return v;
    }

    private static double positiveOrZero(String option, String text) {
        try {
            double v = Decimals.parse(text.trim());
            if (v >= 0 && v < 1e15) {
                return v;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new UserInputException(option + " must be a number of 0 or more, not '" + text + "'.");
    }
}
