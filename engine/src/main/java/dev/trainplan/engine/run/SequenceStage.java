package dev.trainplan.engine.run;

import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Require;

/**
 * A part of training at one sequence length, as long-context runs are staged (e.g. Llama 3: 8K, then
 * longer contexts): a token budget at a sequence length and global batch (in sequences).
 */
public record SequenceStage(long tokens, int sequenceLength, long globalBatch) {
    public SequenceStage {
        Require.positive("stage tokens", tokens, Long.MAX_VALUE);
        Require.positive("stage seq_len", sequenceLength, Dataset.MAX_SEQUENCE_LENGTH);
        Require.positive("stage global batch", globalBatch, Require.MAX_COUNT);
    }

    /**
     * Whole sequences of the budget, then whole global batches, as Megatron floors {@code --train-samples}
     * by the batch; the remainder is not trained on.
     */
    public long steps() {
        long steps = tokens / sequenceLength / globalBatch;
        if (steps == 0) {
            throw new IllegalArgumentException("a stage of " + tokens + " tokens at seq_len " + sequenceLength + " is less than one global batch of "
                    + globalBatch + " sequences; give at least " + Require.times("one batch's tokens", globalBatch, sequenceLength) + " tokens.");
        }
        return steps;
    }
}
