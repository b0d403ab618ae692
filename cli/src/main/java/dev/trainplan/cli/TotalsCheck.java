package dev.trainplan.cli;

import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.TrainingLength;
import dev.trainplan.engine.memory.MemorySettings;
import dev.trainplan.engine.plan.Candidate;
import dev.trainplan.engine.plan.Goal;
import dev.trainplan.engine.plan.ModelMemory;
import dev.trainplan.engine.plan.Plan;
import dev.trainplan.engine.plan.PlanRequest;
import dev.trainplan.engine.plan.Planner;
import dev.trainplan.engine.plan.RunLength;
import dev.trainplan.engine.run.CheckpointSize;
import dev.trainplan.engine.run.RunEstimate;
import dev.trainplan.engine.run.RunInputs;
import dev.trainplan.engine.run.RunModel;
import dev.trainplan.engine.run.Stage;
import dev.trainplan.engine.run.StepFigures;
import dev.trainplan.engine.time.Calibration;
import dev.trainplan.formats.HardwareCatalog;
import dev.trainplan.formats.PublishedRecipes;
import dev.trainplan.formats.TotalsRun;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A complete published training (totals.csv) predicted end to end: where a source published how the run was
 * configured (the catalog's recipes.csv) the search is held to it; what nobody published, the planner picks as
 * the fastest that fits. The run model then adds checkpoints, failures and restarts at the default rates, as the
 * published totals include them.
 */
record TotalsCheck(TotalsRun run, TotalsSetup setup, Candidate best, RunEstimate estimate) {
    int devices() {
        return setup.devices();
    }

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
        return of(runs, calibration, PublishedRecipes.builtIn());
    }

    static List<TotalsCheck> of(List<TotalsRun> runs, Calibration calibration, PublishedRecipes recipes) {
        HardwareCatalog catalog = HardwareCatalog.builtIn();
        List<TotalsCheck> checks = new ArrayList<>();
        for (TotalsRun run : runs) {
            TotalsSetup setup = TotalsSetup.of(run, recipes.forRun(run.id()));
            ClusterHardware hw = ClusterHardware.of(catalog.accelerator("accelerator", run.accelerator()));
            Dataset data = Dataset.ofTokens(run.trainTokens(), setup.sequenceLength());
            Candidate best = fastest(run, hw, calibration, data, setup).orElse(null);
            if (best == null) {
                // Megatron's layout rules (pp divides the layers, tp the heads) can leave no layout on a device count;
                // device-hours hardly depend on the count.
                int fallback = Integer.highestOneBit(setup.devices());
                setup = setup.onDevices(fallback, "no layout on " + setup.devices() + " devices; planned on " + fallback);
                best = fastest(run, hw, calibration, data, setup).orElseThrow(() -> new UserInputException(run.id()
                        + ": no configuration of " + run.model().name() + " fits " + hw.accelerator().id() + "; the planner found none to predict with."));
            }
            long steps = data.samples() / setup.globalBatch();
            var k = best.configuration();
            CheckpointSize checkpoint = CheckpointSize.ofModelStates(run.model().parameters(), Estimate.weightBytesPerParameter(setup.precision()),
                    Estimate.optimizerBytesPerParameter(Optimizer.ADAMW, setup.precision()), k.sharding(), k.tp() * k.pp(), k.dp());
            RunInputs inputs = RunInputs.of(List.of(Stage.steady(steps, setup.globalBatch(), setup.sequenceLength(), StepFigures.of(best.stepSeconds()))),
                    setup.devices(), hw.devicesPerNode(), checkpoint, hw.accelerator().tdpWatts());
            checks.add(new TotalsCheck(run, setup, best, RunModel.estimate(inputs)));
        }
        return checks;
    }

    private static Optional<Candidate> fastest(TotalsRun run, ClusterHardware hw, Calibration calibration, Dataset data, TotalsSetup setup) {
        PlanRequest request = new PlanRequest(run.model(), hw, calibration.collectives(hw), calibration.efficiency(run.accelerator()),
                setup.overheads(calibration), setup.precision(), setup.framework(), Optimizer.ADAMW, data.sequenceLength(), setup.attention(),
                setup.space(), Goal.fastest(Estimate.capacityBytes(hw), new RunLength.Data(data, TrainingLength.epochs(1))));
        Plan plan = Planner.search(request, ModelMemory.of(request, MemorySettings.DEFAULTS.withAttention(setup.attention())));
        return plan.best();
    }

    static void print(PrintWriter out, List<TotalsCheck> checks) {
        Table t = Table.of("run", "devices", "chosen layout", "step", "predicted device-h", "published", "error", "wall days (pub.)", "published configuration",
                "assumed");
        for (TotalsCheck c : checks) {
            var k = c.best().configuration();
            t.row(c.run().id(), c.devices(), String.format(Locale.ROOT, "tp%d pp%d cp%d ep%d dp%d mb%d %s %s %s", k.tp(), k.pp(), k.cp(), k.ep(),
                            k.dp(), k.microBatch(), k.recomputeLabel(), k.sharding().id(), c.setup().precision().id()), Format.duration(c.best().stepSeconds()),
                    Format.count(Math.round(c.deviceHours())), c.run().hasDeviceHours() ? Format.count(Math.round(c.run().measuredDeviceHours())) : "",
                    c.run().hasDeviceHours() ? Format.signedPercent(c.deviceHoursErrorPct()) : "",
                    String.format(Locale.ROOT, "%.1f", c.estimate().wallSeconds() / 86_400) + (c.run().hasWallDays() ? " (" + c.run().measuredWallDays() + ")" : ""),
                    String.join(" ", c.setup().published().keySet()), String.join("; ", c.setup().assumptions()));
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
            r.put("globalBatch", c.setup().globalBatch()).put("sequenceLength", c.setup().sequenceLength());
            r.put("precision", c.setup().precision().id()).put("recompute", k.recompute().id()).put("recomputeLayers", k.recomputeLayers()).put("sharding", k.sharding().id());
            ObjectNode published = r.putObject("published");
            c.setup().published().forEach(published::put);
            ArrayNode assumed = r.putArray("assumed");
            c.setup().assumptions().forEach(assumed::add);
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
