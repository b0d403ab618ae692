package dev.trainplan.cli;

/** The built-in example that {@code estimate} and {@code memory} run when given no model and no data. */
final class Examples {
    static final String DESCRIPTION = "Built-in example: Llama-3.1-8B on 8 nodes of 8 H100 SXM, 1T tokens of 8192, global batch 128, "
            + "Megatron with tp 2 and sequence parallelism.";

    private Examples() {
    }

    /**
     * Llama-3.1-8B pre-training on 64 H100: 1T tokens of 8192, 1M-token batches, Megatron with the distributed
     * optimizer, tp 2 and sequence parallelism (at tp 1 the FP32 main gradients and 8k-token activations overflow 80 GiB).
     */
    static boolean applyIfNothingGiven(ModelOptions model, JobOptions job) {
        if (model.given() || !job.noDataset()) {
            return false;
        }
        model.model = "llama-3.1-8b";
        job.tokens = 1_000_000_000_000L;
        job.seqLen = 8192;
        job.nnodes = 8;
        job.nprocPerNode = 8;
        job.globalBatch = 128L;
        job.microBatch = job.microBatch == null ? 1 : job.microBatch;
        job.framework = "megatron";
        job.sharding = "zero1";
        job.tp = 2;
        job.sequenceParallel = true;
        return true;
    }
}
