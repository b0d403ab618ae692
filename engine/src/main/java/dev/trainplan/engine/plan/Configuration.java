package dev.trainplan.engine.plan;

import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.job.TrainingLength;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One point of the search space: how many devices, the global batch, every parallel size, the
 * micro-batch and the gradient accumulation it implies, recompute, sharding and sequence parallelism.
 * {@code devices = tp × pp × cp × dp} and {@code globalBatch = microBatch × accumulation × dp}.
 */
public record Configuration(int devices, long globalBatch, int tp, int pp, int cp, int ep, int vp, int dp, int microBatch,
                            int accumulation, Recompute recompute, int recomputeLayers, Sharding sharding, boolean sequenceParallel) {
    /** Simpler first where everything measured is equal: smaller sizes, no recompute, no sharding, no SP. */
    static final Comparator<Configuration> SIMPLER_FIRST = Comparator.comparingInt(Configuration::devices)
            .thenComparingLong(Configuration::globalBatch).thenComparingInt(Configuration::tp).thenComparingInt(Configuration::pp)
            .thenComparingInt(Configuration::cp).thenComparingInt(Configuration::ep).thenComparingInt(Configuration::vp)
            .thenComparingInt(Configuration::microBatch).thenComparing(Configuration::recompute)
            .thenComparingInt(Configuration::recomputeLayers).thenComparing(Configuration::sharding)
            .thenComparing(Configuration::sequenceParallel);

    public Configuration {
        Objects.requireNonNull(recompute, "recompute");
        Objects.requireNonNull(sharding, "sharding");
        if (recomputeLayers < 0 || (recomputeLayers > 0 && recompute != Recompute.FULL)) {
            throw new IllegalArgumentException("recompute layers " + recomputeLayers + " needs full recompute (and 0 means every layer), not "
                    + recompute.id() + ".");
        }
        if ((long) tp * pp * cp * dp != devices) {
            throw new IllegalArgumentException("devices " + devices + " is not tp " + tp + " × pp " + pp + " × cp " + cp + " × dp " + dp + ".");
        }
        if ((long) microBatch * accumulation * dp != globalBatch) {
            throw new IllegalArgumentException("global batch " + globalBatch + " is not micro-batch " + microBatch + " × accumulation "
                    + accumulation + " × dp " + dp + ".");
        }
    }

    /** Every layer recomputed under full recompute, as before partial recompute existed. */
    public Configuration(int devices, long globalBatch, int tp, int pp, int cp, int ep, int vp, int dp, int microBatch, int accumulation,
                         Recompute recompute, Sharding sharding, boolean sequenceParallel) {
        this(devices, globalBatch, tp, pp, cp, ep, vp, dp, microBatch, accumulation, recompute, 0, sharding, sequenceParallel);
    }

    /** The recompute as a user says it: the mode, or "full on 4 layers per pipeline chunk". */
    public String recomputeLabel() {
        return Recompute.describe(recompute, recomputeLayers);
    }

    /** The share of each stage's layers recomputed, for a model of {@code layers}. */
    double recomputedShare(int layers) {
        return Recompute.share(recompute, recomputeLayers, layers, pp, vp);
    }

    public Parallelism parallelism() {
        return new Parallelism(tp, pp, cp, ep, vp, sequenceParallel);
    }

    /** The configuration as a job of the given framework, on nodes of {@code devicesPerNode} devices. */
    public Job toJob(Framework framework, Dataset dataset, TrainingLength length, Precision precision, Optimizer optimizer, int devicesPerNode) {
        int perNode = Math.min(devices, devicesPerNode);
        Cluster cluster = devices % perNode == 0 ? Cluster.of(devices / perNode, perNode) : Cluster.of(1, devices);
        return Job.builder().framework(framework).dataset(dataset).length(length).cluster(cluster).parallelism(parallelism())
                .batch(new BatchSpec(microBatch, accumulation, globalBatch)).sharding(sharding).recompute(recompute)
                .recomputeLayers(recomputeLayers).precision(precision).optimizer(optimizer).build();
    }

    /** The settings in which this and {@code other} differ, as {@code name: this → other}, e.g. {@code "pp: 35 → 7"}. */
    public List<String> differences(Configuration other) {
        List<String> out = new ArrayList<>();
        diff(out, "devices", devices, other.devices);
        diff(out, "global batch", globalBatch, other.globalBatch);
        diff(out, "tp", tp, other.tp);
        diff(out, "pp", pp, other.pp);
        diff(out, "vp", vp, other.vp);
        diff(out, "cp", cp, other.cp);
        diff(out, "ep", ep, other.ep);
        diff(out, "dp", dp, other.dp);
        diff(out, "micro-batch", microBatch, other.microBatch);
        diff(out, "accumulation", accumulation, other.accumulation);
        diff(out, "recompute", recomputeLabel(), other.recomputeLabel());
        diff(out, "sharding", sharding.id(), other.sharding.id());
        diff(out, "sequence parallelism", sequenceParallel ? "on" : "off", other.sequenceParallel ? "on" : "off");
        return out;
    }

    private static void diff(List<String> out, String name, Object mine, Object theirs) {
        if (!mine.equals(theirs)) {
            out.add(name + ": " + mine + " → " + theirs);
        }
    }

    /** A one-line label: {@code tp 8 · pp 35 · vp 3 · dp 8 · micro-batch 1 · selective · zero1 · SP}. */
    public String label() {
        StringBuilder sb = new StringBuilder().append("tp ").append(tp).append(" · pp ").append(pp);
        if (vp > 1) {
            sb.append(" · vp ").append(vp);
        }
        if (cp > 1) {
            sb.append(" · cp ").append(cp);
        }
        if (ep > 1) {
            sb.append(" · ep ").append(ep);
        }
        sb.append(" · dp ").append(dp).append(" · micro-batch ").append(microBatch).append(" · recompute ").append(recomputeLabel())
                .append(" · ").append(sharding.id());
        if (sequenceParallel) {
            sb.append(" · SP");
        }
        return sb.toString();
    }
}
