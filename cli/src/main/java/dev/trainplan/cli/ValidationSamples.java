package dev.trainplan.cli;

import dev.trainplan.engine.comm.Collectives;
import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.memory.MemoryModel;
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

    /**
     * A published configuration that does not state its interleaving was tuned by its authors: take the
     * valid virtual-pipeline size (layers divisible by pp × vp, micro-batches a multiple of pp) that the
     * model finds fastest, as an unknown micro-batch is taken as the largest that fits.
     */
    private static Job fastestInterleaving(ValidationRun run, Job job, int micro, Recompute recompute, ClusterHardware hw, Collectives net) {
        int pp = run.parallelism().pp();
        int layers = run.model().layers();
        Job best = job;
        double bestSeconds = Double.POSITIVE_INFINITY;
        Calibration prior = PRIOR;
        for (int vp = 1; vp <= layers / pp; vp++) {
            if (layers % (pp * vp) != 0 || (vp > 1 && job.batch().gradientAccumulation() % pp != 0)) {
                continue;
            }
            Job candidate = run.job(micro, recompute, vp);
            double seconds = StepTimeModel.estimate(run.model(), candidate, hw, net, prior.efficiency(run.accelerator()),
                    prior.overheads(run.framework())).stepSeconds();
            if (seconds < bestSeconds) {
                bestSeconds = seconds;
                best = candidate;
            }
        }
        return best;
    }

    /**
     * SCHEMA.md's rule for what a row leaves unknown: the largest micro-batch that fits (up to global batch / DP);
     * recompute none if it fits, else selective, else full. Returns {micro, recompute ordinal, 1 if it fits}.
     */
    private static int[] fittingUnknowns(ValidationRun run, int knownMicro, Recompute knownRecompute, ClusterHardware hw) {
        MemoryModel memory = MemoryModel.of(run.model(), ValidationMemory.settings(run));
        long capacity = (long) ValidationMemory.statedCapacityBytes(run).orElse(Estimate.capacityBytes(hw));
        long perReplica = run.globalBatch() / run.dataParallel();
        Recompute[] recomputes = knownRecompute != null ? new Recompute[] {knownRecompute} : Recompute.values();
        for (Recompute r : recomputes) {
            for (long m = knownMicro != 0 ? knownMicro : perReplica; m >= 1; m--) {
                if (knownMicro == 0 && perReplica % m != 0) {
                    continue;
                }
                if (memory.peakBytes(run.job((int) m, r)) <= capacity) {
                    return new int[] {(int) m, r.ordinal(), 1};
                }
                if (knownMicro != 0) {
                    break;
                }
            }
        }
        Recompute last = recomputes[recomputes.length - 1];
        return new int[] {knownMicro != 0 ? knownMicro : 1, last.ordinal(), 0};
    }

    private static final HardwareCatalog CATALOG = HardwareCatalog.builtIn();
    private static final Map<String, ClusterHardware> HARDWARE = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Calibration PRIOR = CalibrationFile.builtIn();

    private static Prepared prepare(ValidationRun run) {
        ClusterHardware hw = HARDWARE.computeIfAbsent(run.accelerator() + "/" + run.devicesPerNode(),
                k -> ClusterHardware.of(CATALOG.accelerator("accelerator", run.accelerator())).withDevicesPerNode(run.devicesPerNode()));
        Collectives net = PRIOR.collectives(hw);
        List<String> assumptions = new ArrayList<>();
        int micro = run.microBatch();
        Recompute recompute = run.recompute();
        if (run.framework() == Framework.TORCHTITAN && run.parallelism().pp() > 1) {
            // torchtitan splits the local batch into pipeline micro-batches of pipeline_parallel_microbatch_size, default 1.
            micro = 1;
            assumptions.add("torchtitan pipeline micro-batch 1 (its default)");
        }
        if (micro == 0 || recompute == null) {
            int[] chosen = fittingUnknowns(run, micro, recompute, hw);
            if (micro == 0) {
                assumptions.add("micro_batch unknown: " + chosen[0] + (chosen[2] == 0 ? " (nothing fits)" : ", the largest that fits"));
            }
            if (recompute == null) {
                assumptions.add("recompute unknown: " + Recompute.values()[chosen[1]].id());
            }
            micro = chosen[0];
            recompute = Recompute.values()[chosen[1]];
        }
        Job job = run.job(micro, recompute);
        if (!run.interleavingKnown() && run.parallelism().pp() > 1) {
            job = fastestInterleaving(run, job, micro, recompute, hw, net);
            assumptions.add("vp unknown: " + job.parallelism().vp());
        }
        return new Prepared(run, new Calibrator.Sample(run.id(), run.family(), run.model(), job, hw,
                run.measuredTokensPerSecondPerDevice()), List.copyOf(assumptions));
    }
}
