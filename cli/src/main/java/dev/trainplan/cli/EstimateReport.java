package dev.trainplan.cli;

import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.MoeDispatcher;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.PipelineSplit;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.run.Assumption;
import dev.trainplan.engine.run.RunEstimate;
import dev.trainplan.engine.steps.Derivation;
import dev.trainplan.engine.time.Breakdown;
import dev.trainplan.engine.time.LayoutWork;
import dev.trainplan.engine.time.StepTime;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ObjectNode;

/** How an {@link Estimate} is shown: a report for people, JSON for scripts. */
final class EstimateReport {
    private EstimateReport() {
    }

    static void print(PrintWriter out, Estimate e, boolean example, boolean explain) {
        Job j = e.job();
        Parallelism p = j.parallelism();
        StepTime t = e.time();
        RunEstimate r = e.run();
        if (example) {
            out.println(Examples.DESCRIPTION);
            out.println("Give --model, --gpu, --nnodes, --nproc-per-node, --tokens ... for your run; --help lists them.");
            out.println();
        }
        out.printf(Locale.ROOT, "Model:     %s: %s parameters (%s active), %s model FLOP/token at seq %d%n", e.model().id(),
                billions(e.architecture().parameters()), billions(e.architecture().activeParameters()),
                giga(t.modelFlopsPerToken()), j.dataset().sequenceLength());
        out.printf(Locale.ROOT, "Cluster:   %d × %d %s = %d devices%n", j.cluster().nnodes(), j.cluster().nprocPerNode(),
                e.hardware().accelerator().name(), j.worldSize());
        out.printf(Locale.ROOT, "Layout:    tp %d · pp %d%s · cp %d · ep %d%s · dp %d%s · %s · %s · recompute %s · %s%n", p.tp(), p.pp(),
                p.vp() > 1 ? " (vp " + p.vp() + ")" : "", p.cp(), p.ep(),
                e.architecture().moeLayers() > 0 ? " (expert tp " + p.expertTensorParallel(j.worldSize())
                        + (j.dispatcher() == MoeDispatcher.DEEPEP ? ", DeepEP" : "") + ")" : "",
                j.dataParallel(), p.sequenceParallelActive() ? " · SP" : "",
                j.precision().id(), j.sharding().id(), Recompute.describe(j.recompute(), j.recomputeLayers()), j.framework().displayName());
        out.printf(Locale.ROOT, "Batch:     micro-batch %d × accumulation %d × dp %d = %s sequences (%s tokens) per step%n",
                j.batch().microBatch(), j.batch().gradientAccumulation(), j.dataParallel(), Format.count(j.batch().globalBatch()),
                Format.count(j.batch().globalBatch() * j.dataset().sequenceLength()));
        out.printf(Locale.ROOT, "Steps:     %s optimizer steps (%s samples, %s tokens)%n", Format.count(e.steps().totalUpdateSteps()),
                Format.count(e.steps().samplesSeenTotal()), Format.count(e.steps().samplesSeenTotal() * j.dataset().sequenceLength()));
        out.println();
        var v = e.verdict();
        if (v.fits()) {
            out.printf(Locale.ROOT, "Memory:    peak %s per device (stage %d) of %s: fits, %s headroom ('trainplan memory' itemises it)%n",
                    Format.gib(v.peakBytes()), v.worstStage(), Format.gib(v.capacityBytes()), Format.gib(v.headroomBytes()));
        } else {
            out.printf(Locale.ROOT, "Memory:    peak %s per device (stage %d) of %s: does NOT fit, %s over%n", Format.gib(v.peakBytes()),
                    v.worstStage(), Format.gib(v.capacityBytes()), Format.gib(v.overflowBytes()));
            v.suggestions().stream().limit(3).forEach(s -> out.println("           to fit: " + s.description() + " (peak " + Format.gib(s.peakBytes()) + ")"));
        }
        out.printf(Locale.ROOT, "Step time: %s   (%s tokens/s per device, MFU %s, HFU %s)%n", Format.duration(t.stepSeconds()),
                Format.fixed(t.tokensPerSecondPerDevice(), 0), Format.percent(t.mfu()), Format.percent(t.hfu()));
        Table parts = Table.of("where a step goes", "seconds", "share");
        Breakdown b = t.breakdown();
        part(parts, "compute (forward, backward, recompute)", b.computeSeconds(), t.stepSeconds());
        part(parts, "tensor-parallel communication", b.tensorParallelSeconds(), t.stepSeconds());
        part(parts, "context-parallel communication", b.contextParallelSeconds(), t.stepSeconds());
        part(parts, "expert-parallel all-to-all", b.expertParallelSeconds(), t.stepSeconds());
        part(parts, "pipeline send/receive", b.pipelineSeconds(), t.stepSeconds());
        part(parts, "pipeline bubble", b.bubbleSeconds(), t.stepSeconds());
        part(parts, "data-parallel communication (exposed)", b.dataParallelSeconds(), t.stepSeconds());
        part(parts, "optimizer update", b.optimizerSeconds(), t.stepSeconds());
        part(parts, "overheads (launch, fixed per step)", b.overheadSeconds(), t.stepSeconds());
        parts.print(out);
        out.println();
        Table run = Table.of("the whole run", "time");
        run.row("ideal (steps × step time)", Format.duration(r.idealSeconds()));
        run.row("+ checkpoint saves", Format.duration(r.lost().checkpointSeconds()));
        run.row("+ work redone after failures", Format.duration(r.lost().failureSeconds()));
        run.row("+ restarts and reloads", Format.duration(r.lost().restartSeconds()));
        run.row("+ evaluation", Format.duration(r.lost().evaluationSeconds()));
        run.row("+ batch ramp-up", Format.duration(r.lost().rampupSeconds()));
        run.row("+ input stalls", Format.duration(r.lost().inputSeconds()));
        run.row("wall time", Format.duration(r.wallSeconds()) + String.format(Locale.ROOT, " (goodput %.1f%%)", r.goodput() * 100));
        run.print(out);
        out.printf(Locale.ROOT, "%nExpected interruptions: %.1f (job MTBF %s); checkpoint %s every %s.%n", r.expectedInterruptions(),
                Double.isFinite(r.interruptions().jobMtbfSeconds()) ? Format.duration(r.interruptions().jobMtbfSeconds()) : "none (failures off)",
                Format.gib(r.checkpoint().totalBytes()),
                Double.isFinite(r.checkpoint().intervalSeconds()) ? Format.duration(r.checkpoint().intervalSeconds()) : "(never: no failures)");
        out.printf(Locale.ROOT, "Device-hours: %s%s; %s.%n", Format.count(Math.round(r.deviceHours())),
                r.costUsd().isPresent() ? String.format(Locale.ROOT, "; cost $%s", Format.count(Math.round(r.costUsd().getAsDouble()))) : " (give --price for the cost)",
                energyEstimated(e)
                        ? "energy " + Format.fixed(r.energyKwh() / 1000, 1) + " MWh, " + Format.fixed(r.co2Kg() / 1000, 1) + " t CO2e"
                        : "energy not estimated: the catalog has no TDP for " + e.hardware().accelerator().id() + " (give --tdp-watts)");
        for (String warning : r.warnings()) {
            out.println("Warning: " + warning);
        }
        if (explain) {
            explain(out, e);
        }
        out.flush();
    }

    private static void part(Table table, String name, double seconds, double step) {
        if (seconds > 0) {
            table.row(name, String.format(Locale.ROOT, "%.4f", seconds), Format.percent(seconds / step));
        }
    }

    private static void explain(PrintWriter out, Estimate e) {
        Job j = e.job();
        StepTime t = e.time();
        RunEstimate r = e.run();
        out.println();
        out.println("How these numbers come about:");
        int i = 1;
        for (Derivation d : e.steps().derivation()) {
            out.printf("  %2d. %s = %s%n      = %s = %s%n", i++, d.quantity(), d.formula(), d.substituted().isEmpty() ? "…" : d.substituted(), d.result());
        }
        int m = j.batch().gradientAccumulation();
        Parallelism p = j.parallelism();
        out.printf(Locale.ROOT, "  %2d. step time = m × (t_f + t_b) of the slowest stage + (p − 1)/v × the other stages' mean (t_f + t_b) + exposed DP + optimizer + overheads%n"
                + "      = %d micro-batches × %.4f s + %d/%d × %.4f s + %.4f + %.4f + %.4f = %.4f s%n", i++, m,
                (t.breakdown().computeSeconds() + t.breakdown().tensorParallelSeconds() + t.breakdown().contextParallelSeconds()
                        + t.breakdown().expertParallelSeconds()) / m, p.pp() - 1, p.vp(),
                p.pp() > 1 ? t.breakdown().bubbleSeconds() * p.vp() / (p.pp() - 1) : 0, t.breakdown().dataParallelSeconds(),
                t.breakdown().optimizerSeconds(), t.breakdown().overheadSeconds() + t.breakdown().pipelineSeconds(), t.stepSeconds());
        out.printf(Locale.ROOT, "  %2d. tokens/s per device = global batch × seq / step / devices%n      = %d × %d / %.4f / %d = %.1f%n", i++,
                j.batch().globalBatch(), j.dataset().sequenceLength(), t.stepSeconds(), j.worldSize(), t.tokensPerSecondPerDevice());
        out.printf(Locale.ROOT, "  %2d. MFU = tokens/s × model FLOP/token / peak = %.1f × %s / %s = %s%n", i++, t.tokensPerSecondPerDevice(),
                giga(t.modelFlopsPerToken()), tera(e.hardware().accelerator().peakFlopsPerSecond(j.precision())), Format.percent(t.mfu()));
        out.printf(Locale.ROOT, "  %2d. ideal time = Σ stages of steps × step time = %s%n", i++, Format.duration(r.idealSeconds()));
        out.printf(Locale.ROOT, "  %2d. wall time = ideal + checkpoints + failures + restarts + evaluation + ramp-up + input = %s (goodput %.3f)%n",
                i++, Format.duration(r.wallSeconds()), r.goodput());
        out.println();
        out.println("Step-model coefficients: " + e.hardware().accelerator().id() + " is in generation '"
                + e.calibration().generationOf(e.hardware().accelerator().id()).id() + "', " + e.calibration().efficiency(e.hardware().accelerator().id())
                + "; framework " + e.calibration().overheads(j.framework()) + "; fitted " + e.calibration().fitted() + " on " + e.calibration().data() + ".");
        out.println(attention(e));
        for (String line : software(e)) {
            out.println(line);
        }
        out.println();
        out.println("Defaults and settings in force (each can be overridden; see --help):");
        for (Assumption a : r.assumptions()) {
            out.printf(Locale.ROOT, "  - %s: %s %s — %s%n", a.name(), trim(a.value()), a.unit(), a.source());
        }
        Assumption activity = dev.trainplan.engine.run.Defaults.DEVICE_ACTIVITY;
        double used = e.deviceActivity();
        out.printf(Locale.ROOT, "  - %s: %s %s — %s%n", activity.name(), trim(used), activity.unit(),
                used == activity.value() ? activity.source() : Assumption.USER_GIVEN);
    }

    /** Energy and emissions mean something only with the device's TDP, which the catalog lacks for some TPUs. */
    private static boolean energyEstimated(Estimate e) {
        return e.hardware().accelerator().tdpWatts() > 0;
    }

    /** How the framework and the chip shape the step beyond its coefficients: GEMM waves, TP overlap, gradient accumulation, pipeline hops. */
    private static List<String> software(Estimate e) {
        Job j = e.job();
        Parallelism p = j.parallelism();
        Framework f = j.framework();
        List<String> lines = new ArrayList<>();
        int units = e.hardware().accelerator().computeUnits();
        lines.add(units > 0 ? "GEMMs: 128 × 256 output tiles in waves over the " + units + " compute units; the last wave is half empty on"
                + " average, so w waves keep the chip busy w / (w + 1/2) of the time."
                : "GEMMs: no wave model (the catalog gives no compute units for " + e.hardware().accelerator().id() + ").");
        if (p.tp() > 1) {
            lines.add(f.overlapsTensorParallelBackward()
                    ? "Tensor parallelism: " + f.displayName() + " runs each column-parallel input-gradient collective under the weight-gradient GEMM"
                            + (p.sequenceParallel() ? " and re-gathers the sequence-parallel input under the input-gradient GEMM; the row-parallel all-gather stays exposed."
                            : "; the forward's all-reduces stay exposed.")
                    : "Tensor parallelism: " + f.displayName() + " waits for every collective.");
        }
        Sharding traffic = f.shardTraffic(j.sharding(), p.pp());
        if (traffic != j.sharding()) {
            lines.add("FSDP under pipelining: " + f.displayName() + " gathers each stage's parameters once per step and keeps them, and"
                    + " reduce-scatters the gradients once, after the last micro-batch.");
        }
        if (j.batch().gradientAccumulation() > 1 && traffic != Sharding.ZERO3) {
            lines.add(f.fusesGradientAccumulation()
                    ? "Gradient accumulation: " + f.displayName() + " adds each micro-batch's weight gradients inside the weight-gradient GEMM."
                    : "Gradient accumulation: " + f.displayName() + " adds each later micro-batch's weight gradients in a separate pass (read both, write the sum).");
        }
        if (p.pp() > 1) {
            int[] layers = LayoutWork.stageLayers(e.architecture(), PipelineSplit.of(f), p.pp(), p.vp());
            if (Arrays.stream(layers).distinct().count() > 1) {
                lines.add("Pipeline stages: " + Arrays.stream(layers).mapToObj(Integer::toString).collect(Collectors.joining(", "))
                        + " layers (" + f.displayName() + "'s split); the stage with the most work sets the pace.");
            }
        }
        if (p.pp() > 1 && p.tp() > 1 && !p.sequenceParallel() && f.scattersPipelineSends()) {
            lines.add("Pipeline hops: each of the " + p.tp() + " tensor-parallel ranks sends 1/" + p.tp() + " of the activations, all-gathered on arrival.");
        }
        return lines;
    }

    /** Which attention kernel the step was priced with, and at what efficiency. */
    private static String attention(Estimate e) {
        AttentionKernel k = e.attention();
        if (!k.flash()) {
            return "Attention: unfused" + (k == AttentionKernel.UNFUSED_DROPOUT ? ", with attention and hidden-state dropout" : "")
                    + ": batched GEMMs over the whole s × s square and its softmax traffic.";
        }
        boolean tuned = k.tuned(e.job().framework());
        String kernel = tuned ? "the generation's tuned fused kernel (cuDNN through Transformer Engine, FlashAttention-3; Splash on TPU)"
                : "a FlashAttention-2-class kernel (flash-attn 2, PyTorch SDPA)";
        String who = k == AttentionKernel.FLASH ? e.job().framework().displayName() + " runs " : "--attention " + k.id() + ": ";
        double efficiency = e.calibration().efficiency(e.hardware().accelerator().id()).attention(tuned);
        return "Attention: " + who + kernel + ", efficiency " + Format.percent(efficiency)
                + " of the 16-bit peak forward, backward 2.5 forwards.";
    }

    /** A step time as JSON: the step, throughput, MFU/HFU and the breakdown whose parts sum to the step. */
    static ObjectNode timeJson(StepTime t) {
        ObjectNode time = Json.object();
        time.put("stepSeconds", t.stepSeconds());
        time.put("tokensPerSecondPerDevice", t.tokensPerSecondPerDevice());
        time.put("mfu", t.mfu());
        time.put("hfu", t.hfu());
        time.put("hardwareFlopsPerToken", t.hardwareFlopsPerToken());
        Breakdown b = t.breakdown();
        ObjectNode parts = time.putObject("breakdown");
        parts.put("computeSeconds", b.computeSeconds());
        ObjectNode comm = parts.putObject("exposedCommunicationSeconds");
        comm.put("tensorParallel", b.tensorParallelSeconds());
        comm.put("contextParallel", b.contextParallelSeconds());
        comm.put("expertParallel", b.expertParallelSeconds());
        comm.put("pipeline", b.pipelineSeconds());
        comm.put("dataParallel", b.dataParallelSeconds());
        parts.put("bubbleSeconds", b.bubbleSeconds());
        parts.put("optimizerSeconds", b.optimizerSeconds());
        parts.put("overheadSeconds", b.overheadSeconds());
        return time;
    }

    static ObjectNode json(Estimate e) {
        ObjectNode o = Json.object();
        Job j = e.job();
        ObjectNode model = ModelJson.of(e.model(), j.dataset().sequenceLength(), j.recompute());
        // 0: every layer; otherwise the first N of each pipeline chunk (the FLOPs under "time" count only those).
        model.put("recomputeLayers", j.recomputeLayers());
        o.set("model", model);
        o.set("steps", StepsCommand.toJson(e.steps(), List.of()));
        o.set("memory", MemoryReport.json(e.memory(), e.verdict()));
        o.set("time", timeJson(e.time()));
        RunEstimate r = e.run();
        ObjectNode run = o.putObject("run");
        run.put("trainingSeconds", r.wallSeconds());
        run.put("idealSeconds", r.idealSeconds());
        run.put("wallSeconds", r.wallSeconds());
        run.put("goodput", r.goodput());
        run.put("deviceHours", r.deviceHours());
        if (r.costUsd().isPresent()) {
            run.put("costUsd", r.costUsd().getAsDouble());
        } else {
            run.putNull("costUsd");
        }
        if (energyEstimated(e)) {
            run.put("energyKwh", r.energyKwh());
            run.put("co2Kg", r.co2Kg());
        } else {
            run.putNull("energyKwh");
            run.putNull("co2Kg");
        }
        run.put("expectedInterruptions", r.expectedInterruptions());
        ObjectNode lost = run.putObject("lostSeconds");
        lost.put("checkpoints", r.lost().checkpointSeconds());
        lost.put("failures", r.lost().failureSeconds());
        lost.put("restarts", r.lost().restartSeconds());
        lost.put("evaluation", r.lost().evaluationSeconds());
        lost.put("rampup", r.lost().rampupSeconds());
        lost.put("input", r.lost().inputSeconds());
        run.put("checkpointBytes", r.checkpoint().totalBytes());
        var warnings = run.putArray("warnings");
        r.warnings().forEach(warnings::add);
        return o;
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String billions(long parameters) {
        return String.format(Locale.ROOT, "%.2fB", parameters / 1e9);
    }

    private static String giga(double flops) {
        return String.format(Locale.ROOT, "%.1f GFLOP", flops / 1e9);
    }

    private static String tera(double flops) {
        return String.format(Locale.ROOT, "%.0f TFLOP/s", flops / 1e12);
    }
}
