package dev.trainplan.engine.time;

/**
 * Where one optimizer step's seconds go; the parts sum to the step time.
 *
 * @param computeSeconds forward, backward and recompute kernels of the slowest pipeline stage, all micro-batches
 * @param tensorParallelSeconds exposed tensor-parallel collectives
 * @param contextParallelSeconds context-parallel KV exchange not hidden under attention
 * @param expertParallelSeconds MoE all-to-all dispatch and combine
 * @param pipelineSeconds exposed pipeline point-to-point transfers
 * @param dataParallelSeconds exposed gradient reduction and parameter gathering
 * @param bubbleSeconds pipeline fill and drain
 * @param optimizerSeconds the optimizer update (HBM-bound)
 * @param overheadSeconds host-bound launch time and the framework's fixed per-step cost
 */
public record Breakdown(double computeSeconds, double tensorParallelSeconds, double contextParallelSeconds,
                        double expertParallelSeconds, double pipelineSeconds, double dataParallelSeconds,
                        double bubbleSeconds, double optimizerSeconds, double overheadSeconds) {
    public double totalSeconds() {
        return computeSeconds + tensorParallelSeconds + contextParallelSeconds + expertParallelSeconds + pipelineSeconds
                + dataParallelSeconds + bubbleSeconds + optimizerSeconds + overheadSeconds;
    }

    public double communicationSeconds() {
        return tensorParallelSeconds + contextParallelSeconds + expertParallelSeconds + pipelineSeconds + dataParallelSeconds;
    }
}
