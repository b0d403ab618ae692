package dev.trainplan.cli;

import dev.trainplan.engine.comm.Collectives;
import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.memory.MemoryModel;
import dev.trainplan.engine.memory.MemorySettings;
import dev.trainplan.engine.time.Calibration;
import dev.trainplan.engine.time.StepTimeModel;
import dev.trainplan.formats.CalibrationFile;
import dev.trainplan.formats.HardwareCatalog;
import dev.trainplan.formats.ValidationMemory;
import dev.trainplan.formats.ValidationRun;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns published runs into samples the step model can predict: the row's accelerator from the catalog
 * with the row's devices per node, and, where the row left micro-batch or recompute unknown, the
 * assumption SCHEMA.md asks for, flagged so the report can say which rows rest on it.
 */
final class ValidationSamples {
    /** A run ready to predict, and what was assumed to make it so. */
    record Prepared(ValidationRun run, Calibrator.Sample sample, List<String> assumptions) {
    }

    private ValidationSamples() {
    }

    /** The rows that can be predicted, and one sentence for each that cannot. */
    record Preparation(List<Prepared> usable, List<String> skipped) {
    }

    /**
     * Rows with a measured throughput and confidence high or medium (or every confidence with
     * {@code allConfidence}); a row the model cannot predict (a link with no published bandwidth) is set aside.
     */
    static Preparation prepare(List<ValidationRun> runs, boolean allConfidence, Calibration calibration) {
        List<Prepared> usable = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (ValidationRun run : runs) {
            if (!run.hasThroughput() || (!allConfidence && run.confidence().equals("low"))) {
                continue;
            }
            try {
                Prepared p = prepare(run);
                Calibrator.predict(p.sample(), calibration);
                usable.add(p);
            } catch (IllegalArgumentException cannot) {
                skipped.add(run.id() + ": " + cannot.getMessage());
            }
        }
        return new Preparation(List.copyOf(usable), List.copyOf(skipped));
    }

    /** What a row left unknown, as chosen: micro-batch, recompute and its layers per chunk, interleaving; and whether it fits. */
    private record Choice(int micro, Recompute recompute, int recomputeLayers, int vp, boolean fits) {
        Job job(ValidationRun run) {
            return run.job(micro, recompute, vp).toBuilder().recomputeLayers(recomputeLayers).build();
        }
    }

    /**
     * SCHEMA.md's rule for what a row leaves unknown, at {@code vp} chunks per stage: recompute none if it fits, else
     * selective, else full on the fewest layers per pipeline chunk that fits (Megatron's block method, which tuned
     * recipes use rather than recomputing every layer); and every micro-batch (dividing global batch / DP, largest
     * first) that fits with it. Empty when nothing fits.
     */
    private static List<Choice> fittingUnknowns(ValidationRun run, int knownMicro, Recompute knownRecompute, int vp, long capacity,
                                                MemoryModel memory) {
        long perReplica = run.globalBatch() / run.dataParallel();
        Recompute[] recomputes = knownRecompute != null ? new Recompute[] {knownRecompute} : Recompute.values();
        int chunk = Recompute.layersPerChunk(run.model().layers(), run.parallelism().pp(), vp);
        List<Choice> fitting = new ArrayList<>();
        for (Recompute r : recomputes) {
            // With recompute stated, every layer is taken as the row says; unknown, full recompute may stop short of the whole chunk.
            int fewestLayers = r == Recompute.FULL && knownRecompute == null ? 1 : chunk;
            for (int layers = fewestLayers; layers <= chunk; layers++) {
                int recomputeLayers = r == Recompute.FULL && layers < chunk ? layers : 0;
                for (long m = knownMicro != 0 ? knownMicro : perReplica; m >= 1; m--) {
                    if (knownMicro != 0 || perReplica % m == 0) {
                        Choice c = new Choice((int) m, r, recomputeLayers, vp, true);
                        if (memory.peakBytes(c.job(run)) <= capacity) {
                            fitting.add(c);
                        }
                    }
                    if (knownMicro != 0) {
                        break;
                    }
                }
                if (!fitting.isEmpty()) {
                    return fitting;
                }
            }
        }
        return fitting;
    }

    /**
     * The interleavings to try: the row's own, or, where a pipelined row does not state it, every valid virtual-pipeline
     * size (layers divisible by pp × vp, micro-batches a multiple of pp), as its authors tuned it.
     */
    private static List<Integer> interleavings(ValidationRun run) {
        int pp = run.parallelism().pp();
        if (run.interleavingKnown() || pp == 1) {
            return List.of(run.parallelism().vp());
        }
        List<Integer> out = new ArrayList<>();
        int layers = run.model().layers();
        for (int vp = 1; vp <= layers / pp; vp++) {
            if (layers % (pp * vp) == 0) {
                out.add(vp);
            }
        }
        return out;
    }

    private static final HardwareCatalog CATALOG = HardwareCatalog.builtIn();
    private static final Map<String, ClusterHardware> HARDWARE = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Calibration PRIOR = CalibrationFile.builtIn();

    private static Prepared prepare(ValidationRun run) {
        ClusterHardware hw = HARDWARE.computeIfAbsent(run.accelerator() + "/" + run.devicesPerNode(),
                k -> ClusterHardware.of(CATALOG.accelerator("accelerator", run.accelerator())).withDevicesPerNode(run.devicesPerNode()));
        Collectives net = PRIOR.collectives(hw);
        List<String> assumptions = new ArrayList<>();
        int micro = run.microStepBatch();
        Recompute recompute = run.recompute();
        if (run.splitsLocalBatch()) {
            assumptions.add("torchtitan local batch " + run.microBatch() + " split into " + run.microBatch() / micro
                    + " pipeline micro-batches of " + micro + " (one per stage, its 2024 default)");
        }
        MemorySettings settings = ValidationMemory.settings(run);
        AttentionKernel attention = settings.attentionKernel();
        MemoryModel memory = MemoryModel.of(run.model(), settings);
        if (!attention.flash()) {
            assumptions.add("attention " + attention.id() + " (before FlashAttention, or Megatron-DeepSpeed's default)");
        }
        long capacity = (long) ValidationMemory.statedCapacityBytes(run).orElse(Estimate.capacityBytes(hw));
        Choice best = null;
        double bestSeconds = Double.POSITIVE_INFINITY;
        List<Integer> interleavings = interleavings(run);
        for (int vp : interleavings) {
            List<Choice> choices = micro != 0 && recompute != null ? List.of(new Choice(micro, recompute, 0, vp, true))
                    : fittingUnknowns(run, micro, recompute, vp, capacity, memory);
            if (choices.isEmpty()) {
                choices = List.of(new Choice(micro != 0 ? micro : 1, recompute != null ? recompute : Recompute.FULL, 0, vp, false));
            }
            // Without a pipeline the largest micro-batch that fits (the first) is the rule; with one, the largest can leave a
            // deep pipeline a handful of micro-batches, which nobody runs: the fastest that fits stands for the authors' tuning.
            List<Choice> tried = run.parallelism().pp() == 1 ? choices.subList(0, 1) : choices;
            for (Choice c : tried) {
                Job candidate = c.job(run);
                if (vp > 1 && candidate.batch().gradientAccumulation() % run.parallelism().pp() != 0) {
                    continue;
                }
                double seconds = StepTimeModel.estimate(run.model(), candidate, hw, net, PRIOR.efficiency(run.accelerator()),
                        PRIOR.overheads(run.framework()), attention).stepSeconds();
                // A choice that fits beats one that does not; among equals, the faster.
                if (best == null || (c.fits() && !best.fits()) || (c.fits() == best.fits() && seconds < bestSeconds)) {
                    best = c;
                    bestSeconds = seconds;
                }
            }
        }
        if (micro == 0) {
            assumptions.add("micro_batch unknown: " + best.micro() + (!best.fits() ? " (nothing fits)"
                    : run.parallelism().pp() == 1 ? ", the largest that fits" : ", the fastest that fits"));
        }
        if (recompute == null) {
            assumptions.add("recompute unknown: " + Recompute.describe(best.recompute(), best.recomputeLayers()));
        }
        if (interleavings.size() > 1) {
            assumptions.add("vp unknown: " + best.vp());
        }
        Job job = best.job(run);
        return new Prepared(run, new Calibrator.Sample(run.id(), run.family(), run.model(), job, hw, attention,
                run.measuredTokensPerSecondPerDevice()), List.copyOf(assumptions));
    }
}
