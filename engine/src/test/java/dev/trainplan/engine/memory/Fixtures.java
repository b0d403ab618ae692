package dev.trainplan.engine.memory;

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
import dev.trainplan.engine.model.Architecture;

/** Models and jobs the memory tests share. */
final class Fixtures {
    static final long GIB = 1L << 30;

    private Fixtures() {
    }

    /** Llama-3-8B: 8,030,261,248 parameters (formulas.md §1.1). */
    static Architecture llama3_8b() {
        return Architecture.builder("Llama-3-8B").layers(32).hidden(4096).heads(32).kvHeads(8).ffnHidden(14336).vocab(128256).build();
    }

    /** A Korthikanti et al. GPT: f = 4h, GELU, LayerNorm, biases, tied, vocab 51200, learned positions. */
    static Architecture gpt(int layers, int hidden, int heads) {
        return Architecture.builder("GPT " + layers + "x" + hidden).gptStyle(2048).layers(layers).hidden(hidden).heads(heads)
                .ffnHidden(4 * hidden).vocab(51200).build();
    }

    static Job job(Framework framework, Parallelism parallelism, int world, int microBatch, long globalBatch, int sequence,
                   Sharding sharding, Precision precision, Recompute recompute) {
        int perNode = Math.min(world, 8);
        return Job.builder()
                .dataset(Dataset.of(1_000_000, sequence))
                .cluster(Cluster.of(world / perNode, perNode))
                .parallelism(parallelism)
                .batch(new BatchSpec(microBatch, 0, globalBatch))
                .sharding(sharding)
                .precision(precision)
                .optimizer(Optimizer.ADAMW)
                .recompute(recompute)
                .framework(framework)
                .build();
    }
}
