package dev.trainplan.cli;

import picocli.CommandLine.ParseResult;

/** The built-in example that {@code estimate} and {@code memory} run when given no model and no data. */
final class Examples {
    static final String DESCRIPTION = "Built-in example: Llama-3.1-8B on 8 nodes of 8 H100 SXM, 1T tokens of 8192, global batch 128, "
            + "Megatron with tp 2 and sequence parallelism; options you give replace these settings.";

    private Examples() {
    }

    /**
     * Llama-3.1-8B pre-training on 64 H100: 1T tokens of 8192, 1M-token batches, Megatron with the distributed
     * optimizer, tp 2 and sequence parallelism (at tp 1 the FP32 main gradients and 8k-token activations overflow 80 GiB).
     * A setting the user gave on the command line stays: {@code estimate --framework torchtitan} is the example
     * under torchtitan, not Megatron's. The fields are read after parsing, so "given" is picocli's matched option,
     * not a non-default value.
     */
    static boolean applyIfNothingGiven(ModelOptions model, JobOptions job, ParseResult given) {
        if (model.given() || !job.noDataset()) {
            return false;
        }
        model.model = "llama-3.1-8b";
        job.tokens = 1_000_000_000_000L;
        if (!given.hasMatchedOption("--seq-len")) {
            job.seqLen = 8192;
        }
        if (!given.hasMatchedOption("--nnodes")) {
            job.nnodes = 8;
        }
        if (!given.hasMatchedOption("--nproc-per-node")) {
            job.nprocPerNode = 8;
        }
        if (job.globalBatch == null && job.gradientAccumulation == null) {
            job.globalBatch = 128L;
        }
        job.microBatch = job.microBatch == null ? 1 : job.microBatch;
        if (!given.hasMatchedOption("--framework")) {
            job.framework = "megatron";
        }
        if (!given.hasMatchedOption("--sharding")) {
            job.sharding = "zero1";
        }
        if (!given.hasMatchedOption("--tp")) {
            job.tp = 2;
            job.sequenceParallel = true;
        }
        return true;
    }
}
