package dev.trainplan.cli;

import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.TrainingLength;
import dev.trainplan.engine.memory.MemorySettings;
import dev.trainplan.engine.plan.Candidate;
import dev.trainplan.engine.plan.Goal;
import dev.trainplan.engine.plan.ModelMemory;
import dev.trainplan.engine.plan.Plan;
import dev.trainplan.engine.plan.PlanRequest;
import dev.trainplan.engine.plan.Planner;
import dev.trainplan.engine.plan.RunLength;
import dev.trainplan.engine.plan.SearchSpace;
import dev.trainplan.engine.run.CheckpointSize;
import dev.trainplan.engine.run.RunEstimate;
import dev.trainplan.engine.run.RunInputs;
import dev.trainplan.engine.run.RunModel;
import dev.trainplan.engine.run.Stage;
import dev.trainplan.engine.run.StepFigures;
import dev.trainplan.engine.time.Calibration;
import dev.trainplan.formats.HardwareCatalog;
import dev.trainplan.formats.TotalsRun;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A complete published training (totals.csv) predicted end to end: no parallel configuration is
 * published, so the planner picks the fastest one that fits; the run model then adds checkpoints,
 * failures and restarts at the default rates, as the published totals include them.
 */
record TotalsCheck(TotalsRun run, int devices, long globalBatch, int sequenceLength, Candidate best, RunEstimate estimate,
                   List<String> assumptions) {
    /** Llama 1 and 2 trained on 4M-token batches (Touvron et al. 2023); the usual size when a source does not say. */
    static final long TOKENS_PER_BATCH = 4L << 20;
    static final int DEFAULT_DEVICES = 2048;
    static final int DEFAULT_SEQUENCE_LENGTH = 4096;

    double deviceHours() {
        return estimate.deviceHours();
    }

    double deviceHoursErrorPct() {
        return ErrorSummary.pct(deviceHours(), run.measuredDeviceHours());
    }

    double wallDaysErrorPct() {
        return ErrorSummary.pct(estimate.wallSeconds() / 86_400, run.measuredWallDays());
    }

    static List<TotalsCheck> of(List<TotalsRun> runs, Calibration calibration) {
        HardwareCatalog catalog = HardwareCatalog.builtIn();
        List<TotalsCheck> checks = new ArrayList<>();
        for (TotalsRun run : runs) {
            List<String> assumptions = new ArrayList<>();
            int devices = run.devices();
            if (devices == 0) {
                devices = DEFAULT_DEVICES;
                assumptions.add("devices unknown: " + devices);
            }
            int seq = run.sequenceLength();
            if (seq == 0) {
                seq = DEFAULT_SEQUENCE_LENGTH;
                assumptions.add("seq_len unknown: " + seq);
            }
            long globalBatch = Math.max(1, TOKENS_PER_BATCH / seq);
            assumptions.add("global batch " + globalBatch + " (4M tokens)");
            ClusterHardware hw = ClusterHardware.of(catalog.accelerator("accelerator", run.accelerator()));
            Dataset data = Dataset.ofTokens(run.trainTokens(), seq);
            Candidate best = fastest(run, hw, calibration, data, devices, globalBatch).orElse(null);
            if (best == null) {
                // Megatron's layout rules (pp divides the layers, tp the heads) can leave no layout on a device count
                // (BLOOM: 70 layers on 384 GPUs ran an uneven split); device-hours hardly depend on the count.
                int fallback = Integer.highestOneBit(devices);
                best = fastest(run, hw, calibration, data, fallback, globalBatch).orElseThrow(() -> new UserInputException(run.id()
                        + ": no configuration of " + run.model().name() + " fits " + hw.accelerator().id() + "; the planner found none to predict with."));
                assumptions.add("no layout on " + devices + " devices; planned on " + fallback);
                devices = fallback;
            }
            long steps = data.samples() / globalBatch;
            CheckpointSize checkpoint = CheckpointSize.ofModelStates(run.model().parameters(), Estimate.weightBytesPerParameter(Precision.BF16),
                    Estimate.optimizerBytesPerParameter(Optimizer.ADAMW, Precision.BF16), best.configuration().sharding(),
                    best.configuration().tp() * best.configuration().pp(), best.configuration().dp());
            RunInputs inputs = RunInputs.of(List.of(Stage.steady(steps, globalBatch, seq, StepFigures.of(best.stepSeconds()))), devices,
                    hw.devicesPerNode(), checkpoint, hw.accelerator().tdpWatts());
            checks.add(new TotalsCheck(run, devices, globalBatch, seq, best, RunModel.estimate(inputs), List.copyOf(assumptions)));
        }
        return checks;
    }

    private static java.util.Optional<Candidate> fastest(TotalsRun run, ClusterHardware hw, Calibration calibration, Dataset data, int devices,
                                                         long globalBatch) {
        PlanRequest request = new PlanRequest(run.model(), hw, calibration.collectives(hw), calibration.efficiency(run.accelerator()),
                calibration.overheads(Framework.MEGATRON), Precision.BF16, Framework.MEGATRON, Optimizer.ADAMW, data.sequenceLength(),
                SearchSpace.of(List.of(devices), List.of(globalBatch)),
                Goal.fastest(Estimate.capacityBytes(hw), new RunLength.Data(data, TrainingLength.epochs(1))));
        Plan plan = Planner.search(request, ModelMemory.of(request, MemorySettings.DEFAULTS));
        return plan.best();
    }

    static void print(PrintWriter out, List<TotalsCheck> checks) {
        Table t = Table.of("run", "devices", "chosen layout", "step", "predicted device-h", "published", "error", "wall days (pub.)", "assumed");
        for (TotalsCheck c : checks) {
            var k = c.best().configuration();
            t.row(c.run().id(), c.devices(), String.format(Locale.ROOT, "tp%d pp%d cp%d ep%d dp%d mb%d %s %s", k.tp(), k.pp(), k.cp(), k.ep(), k.dp(),
                            k.microBatch(), k.recompute().id(), k.sharding().id()), Format.duration(c.best().stepSeconds()),
                    Format.count(Math.round(c.deviceHours())), c.run().hasDeviceHours() ? Format.count(Math.round(c.run().measuredDeviceHours())) : "",
                    c.run().hasDeviceHours() ? Format.signedPercent(c.deviceHoursErrorPct()) : "",
                    String.format(Locale.ROOT, "%.1f", c.estimate().wallSeconds() / 86_400) + (c.run().hasWallDays() ? " (" + c.run().measuredWallDays() + ")" : ""),
                    String.join("; ", c.assumptions()));
        }
        t.print(out);
        out.println();
        out.println("Device-hours: " + deviceHoursSummary(checks).describe() + ".");
        ErrorSummary days = ErrorSummary.of(checks.stream().filter(c -> c.run().hasWallDays()).map(TotalsCheck::wallDaysErrorPct).toList());
        if (days.rows() > 0) {
            out.println("Wall days: " + days.describe() + ".");
        }
        out.flush();
    }

    static ErrorSummary deviceHoursSummary(List<TotalsCheck> checks) {
        return ErrorSummary.of(checks.stream().filter(c -> c.run().hasDeviceHours()).map(TotalsCheck::deviceHoursErrorPct).toList());
    }

    static ObjectNode json(List<TotalsCheck> checks) {
        ObjectNode o = Json.object();
        o.set("summary", deviceHoursSummary(checks).toJson());
        ArrayNode rows = o.putArray("rows");
        for (TotalsCheck c : checks) {
            var k = c.best().configuration();
            ObjectNode r = rows.addObject();
            r.put("id", c.run().id());
            r.put("devices", c.devices());
            r.put("tp", k.tp()).put("pp", k.pp()).put("cp", k.cp()).put("ep", k.ep()).put("dp", k.dp()).put("microBatch", k.microBatch());
            r.put("stepSeconds", c.best().stepSeconds());
            r.put("predictedDeviceHours", c.deviceHours());
            r.put("predictedWallDays", c.estimate().wallSeconds() / 86_400);
            if (c.run().hasDeviceHours()) {
                r.put("measuredDeviceHours", c.run().measuredDeviceHours()).put("errorPct", ErrorSummary.round(c.deviceHoursErrorPct()));
            }
            if (c.run().hasWallDays()) {
                r.put("measuredWallDays", c.run().measuredWallDays()).put("wallDaysErrorPct", ErrorSummary.round(c.wallDaysErrorPct()));
            }
        }
        return o;
    }
}
