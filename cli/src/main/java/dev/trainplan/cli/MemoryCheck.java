package dev.trainplan.cli;

import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.memory.MemoryEstimate;
import dev.trainplan.engine.memory.MemoryModel;
import dev.trainplan.formats.HardwareCatalog;
import dev.trainplan.formats.ValidationMemory;
import dev.trainplan.formats.ValidationRun;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A published run's measured peak memory against the memory model's prediction of the counter it measured. */
record MemoryCheck(ValidationRun run, double predictedGib, boolean fits) {
    private static final double GIB = 1L << 30;

    double errorPct() {
        return ErrorSummary.pct(predictedGib, run.measuredMemoryGib());
    }

    static List<MemoryCheck> of(List<ValidationRun> runs) {
        HardwareCatalog catalog = HardwareCatalog.builtIn();
        List<MemoryCheck> checks = new ArrayList<>();
        for (ValidationRun run : runs) {
            if (!run.hasMemory()) {
                continue;
            }
            // Every memory row gives its micro-batch; an unknown recompute is taken as the framework default, none.
            var job = run.job(run.microStepBatch(), run.recompute() == null ? Recompute.NONE : run.recompute());
            MemoryEstimate estimate = MemoryModel.estimate(run.model(), job, ValidationMemory.settings(run));
            ClusterHardware hw = ClusterHardware.of(catalog.accelerator("accelerator", run.accelerator()));
            long capacity = (long) ValidationMemory.statedCapacityBytes(run).orElse(Estimate.capacityBytes(hw));
            checks.add(new MemoryCheck(run, ValidationMemory.predictedBytes(run, estimate) / GIB, estimate.peakBytesPerDevice() <= capacity));
        }
        return checks;
    }

    static void print(PrintWriter out, List<MemoryCheck> checks) {
        out.println();
        Table t = Table.of("memory row", "counter", "measured GiB", "predicted GiB", "error", "fits");
        for (MemoryCheck c : checks) {
            t.row(c.run().id(), ValidationMemory.counter(c.run()).name().toLowerCase(Locale.ROOT), Format.fixed(c.run().measuredMemoryGib(), 2),
                    Format.fixed(c.predictedGib(), 2), Format.signedPercent(c.errorPct()), c.fits() ? "yes" : "NO");
        }
        t.print(out);
        ErrorSummary s = summary(checks);
        out.printf(Locale.ROOT, "Memory: %s; within 10%%: %d; predicted not to fit: %d.%n", s.describe(),
                checks.stream().filter(c -> Math.abs(c.errorPct()) <= 10).count(), checks.stream().filter(c -> !c.fits()).count());
        out.flush();
    }

    static ErrorSummary summary(List<MemoryCheck> checks) {
        return ErrorSummary.of(checks.stream().map(MemoryCheck::errorPct).toList());
    }

    static ObjectNode json(List<MemoryCheck> checks) {
        ObjectNode o = summary(checks).toJson();
        o.put("withinTenPct", checks.stream().filter(c -> Math.abs(c.errorPct()) <= 10).count());
        o.put("predictedNotToFit", checks.stream().filter(c -> !c.fits()).count());
        // "rows" is the count, as in the throughput summary; the per-run figures are under "runs".
        ArrayNode runs = o.putArray("runs");
        for (MemoryCheck c : checks) {
            runs.addObject().put("id", c.run().id()).put("measuredGib", c.run().measuredMemoryGib())
                    .put("predictedGib", ErrorSummary.round(c.predictedGib())).put("errorPct", ErrorSummary.round(c.errorPct())).put("fits", c.fits());
        }
        return o;
    }
}
