package dev.trainplan.engine.steps;

import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Require;
import java.util.ArrayList;
import java.util.List;

/** Collects the derivation and notes of one count and assembles the {@link StepCount}; shared by every framework. */
final class Counting {
    final Job job;
    final long n;
    final int b;
    final int ga;
    final int dp;
    private final List<Derivation> derivation = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Counting(Job job) {
        this.job = job;
        this.n = job.dataset().samples();
        this.b = job.batch().microBatch();
        this.ga = job.batch().gradientAccumulation();
        this.dp = job.dataParallel();
        var c = job.cluster();
        var p = job.parallelism();
        step("world size", "nnodes × nproc_per_node", c.nnodes() + " × " + c.nprocPerNode(), job.worldSize());
        step("data-parallel size", "world / (tp × pp × cp)", job.worldSize() + " / (" + p.tp() + " × " + p.pp() + " × " + p.cp() + ")", dp);
        step("global batch", "gradient_accumulation × data_parallel × micro_batch", ga + " × " + dp + " × " + b, job.batch().globalBatch());
    }

    Counting step(String quantity, String formula, String substituted, Object result) {
        derivation.add(Derivation.of(quantity, formula, substituted, result));
        return this;
    }

    Counting note(String sentence) {
        notes.add(sentence);
        return this;
    }

    /** Epochs as the user gave them; loops that only know whole epochs reject a fraction. */
    long wholeEpochs(String loop) {
        double e = job.length().epochs();
        if (e != Math.rint(e)) {
            throw new IllegalArgumentException(loop + " runs whole epochs, but num_train_epochs is " + Require.trim(e)
                    + "; round it or give max_steps.");
        }
        return (long) e;
    }

    void requireBatches(long batchesPerRank, String why) {
        if (batchesPerRank == 0) {
            throw new IllegalArgumentException("the per-rank dataloader is empty: " + why + "; use fewer ranks, a smaller "
                    + "micro-batch, more samples or dataloader_drop_last false.");
        }
    }

    /** HF 5.x warmup_steps: below 1 a ratio of max_steps (rounded up), otherwise truncated to whole steps. */
    long warmup(long totalUpdates) {
        double w = job.loading().warmupSteps();
        if (w < 0) {
            return -1;
        }
        long steps = w >= 1 ? (long) w : (long) Math.ceil(totalUpdates * w);
        step("warmup steps", w >= 1 ? "int(warmup_steps)" : "ceil(max_steps × warmup_steps)",
                w >= 1 ? "int(" + Require.trim(w) + ")" : "ceil(" + totalUpdates + " × " + Require.trim(w) + ")", steps);
        return steps;
    }

    StepCount build(DataSplit split, long updatesPerEpoch, long totalUpdates, long epochs, long microSteps, long samplesTotal) {
        step("samples per epoch", "seen + dropped − padded = N",
                split.seenPerEpoch() + " + " + split.dropped() + " − " + split.padded(), n);
        long warmupSteps = warmup(totalUpdates);
        return new StepCount(job.framework(), job.worldSize(), dp, job.batch().globalBatch(), b, ga, split.batchesPerRank(),
                updatesPerEpoch, totalUpdates, epochs, microSteps, split.seenPerEpoch(), split.dropped(), split.padded(),
                samplesTotal, warmupSteps, notes, derivation);
    }
}
