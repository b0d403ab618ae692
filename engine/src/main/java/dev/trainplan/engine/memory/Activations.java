package dev.trainplan.engine.memory;

import dev.trainplan.engine.job.Recompute;

/**
 * Activation bytes of one transformer layer for one micro-batch on one rank, following
 * {@code formulas.md} §3 (Korthikanti et al. 2022, arXiv 2205.05198, and its generalisation). Every
 * tensor is either replicated on the tensor-parallel ranks (norm inputs, GEMM inputs, dropout masks:
 * divided by tp only under sequence parallelism) or split by tp (Q, K, V, attention output, MLP
 * intermediates, attention scores). Context parallelism is in {@code tokens}: each rank holds its
 * {@code s / cp} tokens.
 *
 * <p>One instance is reused across evaluations ({@link #set}), so the planner's fast path allocates nothing.
 */
final class Activations {
    private Shape shape;
    /** Tokens of one micro-batch on this rank: micro-batch × sequence / cp. */
    private long tokens;
    /** Keys each query attends to in the stored {@code s²} scores (the local sequence). */
    private long attentionSpan;
    private int tp;
    private boolean sequenceParallel;
    private Recompute recompute;
    private Profile profile;
    private boolean flashAttention;
    private boolean dropout;
    private boolean fp8Inputs;
    private double capacityFactor;

    Activations set(Shape shape, long tokens, long attentionSpan, int tp, boolean sequenceParallel, Recompute recompute, Profile profile,
                    boolean flashAttention, boolean dropout, boolean fp8Inputs, double capacityFactor) {
        this.shape = shape;
        this.tokens = tokens;
        this.attentionSpan = attentionSpan;
        this.tp = tp;
        this.sequenceParallel = sequenceParallel;
        this.recompute = recompute;
        this.profile = profile;
        this.flashAttention = flashAttention;
        this.dropout = dropout;
        this.fp8Inputs = fp8Inputs;
        this.capacityFactor = capacityFactor;
        return this;
    }

    /** Bytes per token of the tensors every TP rank holds whole unless sequence parallelism splits them. */
    private long replicatedPerToken(boolean moe) {
        long h = shape.hidden;
        long router = moe ? 4L * shape.experts : 0;
        return 2 * h * shape.normsPerLayer + (dropout ? 2 * h : 0) + shape.mlaLatentBytesPerToken + router
                + (profile.savesGatheredGemmInputs ? 0 : gemmInputsPerToken());
    }

    /** The QKV and first MLP GEMM inputs (the norms' outputs). */
    private long gemmInputsPerToken() {
        return 2 * (fp8Inputs ? shape.hidden : 2 * shape.hidden);
    }

    /** Inputs a framework saves after the sequence-parallel all-gather: whole on every TP rank. */
    private long gatheredPerToken() {
        return profile.savesGatheredGemmInputs ? gemmInputsPerToken() : 0;
    }

    /** Bytes per token of the attention tensors that tensor parallelism splits. */
    private long attentionPerToken() {
        long projections = 2 * (shape.queryWidth + shape.keyWidth + shape.valueWidth + shape.outputWidth);
        return projections + (flashAttention ? 4L * shape.heads : 0);
    }

    /** The {@code s²} softmax output, dropout mask and dropout output, per token; none with fused attention. */
    private long scoresPerToken() {
        return flashAttention ? 0 : (dropout ? 5L : 2L) * shape.heads * attentionSpan;
    }

    /** Bytes per token an MLP of width {@code ffn} saves: activation input(s) and the down projection's input. */
    long mlpPerToken(long ffn) {
        long downInput = fp8Inputs ? ffn : 2 * ffn;
        if (!shape.gated) {
            return 2 * ffn + downInput;
        }
        return profile.fusedGatedActivation ? 4 * ffn + downInput : 8 * ffn;
    }

    private long routedTokens() {
        return (long) Math.ceil(tokens * (double) shape.topK * capacityFactor);
    }

    private long replicatedDivisor() {
        return sequenceParallel ? tp : 1;
    }

    /** Stored bytes of layer {@code layer} under the job's recompute mode. */
    long storedBytes(int layer) {
        return storedBytes(layer, recompute);
    }

    long storedBytes(int layer, Recompute mode) {
        if (!shape.layered) {
            long samples = tokens / attentionSpan;
            return ceilDiv((long) Math.ceil(shape.genericActivationBytesPerSample * samples), tp);
        }
        boolean moe = shape.isMoeLayer(layer);
        long h = shape.hidden;
        if (mode == Recompute.FULL) {
            return ceilDiv(tokens * 2 * h, replicatedDivisor());
        }
        if (mode == Recompute.SELECTIVE && profile.selective == Profile.SelectivePolicy.OP_SAVE_LIST) {
            return opSaveListBytes(moe);
        }
        long attention = attentionPerToken();
        long scores = scoresPerToken();
        if (mode == Recompute.SELECTIVE) {
            attention -= flashAttention ? 4L * shape.heads : 0;
            scores = 0;
        }
        long replicated = ceilDiv(tokens * replicatedPerToken(moe), replicatedDivisor()) + tokens * gatheredPerToken();
        long split = ceilDiv(tokens * (attention + scores), tp);
        if (!moe) {
            return replicated + split + ceilDiv(tokens * mlpPerToken(shape.ffn), tp);
        }
        long shared = ceilDiv(tokens * mlpPerToken(shape.sharedFfn), tp);
        // Megatron's all-to-all dispatcher keeps the permuted expert input and, for the gradient of the
        // routing probabilities, the expert output it un-permutes.
        long routed = routedTokens() * 4 * h + ceilDiv(routedTokens() * mlpPerToken(shape.expertFfn), tp);
        return replicated + split + shared + routed;
    }

    /**
     * torchtitan's per-op selective checkpointing keeps the block input and the outputs of its save list:
     * every other matmul (wq, wv, w1, w2 in forward order), the attention kernel's output and log-sum-exp.
     */
    private long opSaveListBytes(boolean moe) {
        long h = shape.hidden;
        long attention = 2 * (shape.queryWidth + shape.valueWidth + shape.outputWidth) + 4L * shape.heads;
        long mlp = moe ? 2 * shape.sharedFfn + 2 * h : 2 * shape.ffn + 2 * h;
        long routed = moe ? routedTokens() * (2 * shape.expertFfn + 2 * h) : 0;
        return ceilDiv(tokens * 2 * h, replicatedDivisor()) + ceilDiv(tokens * (attention + mlp), tp) + ceilDiv(routed, tp);
    }

    /** Gradients live while one layer runs its backward: the MLP intermediates' and two hidden-state gradients. */
    long backwardWorkingBytes(int layer) {
        if (!shape.layered) {
            return 0;
        }
        long h = shape.hidden;
        long hidden = ceilDiv(tokens * 4 * h, replicatedDivisor());
        long ffnGradients = shape.gated ? 6 : 4;
        if (shape.isMoeLayer(layer)) {
            return hidden + ceilDiv(routedTokens() * ffnGradients * shape.expertFfn, tp) + routedTokens() * 4 * h;
        }
        return hidden + ceilDiv(tokens * ffnGradients * shape.ffn, tp);
    }

    /** What the backward of one layer recomputes on top of what was stored. */
    long recomputedBytes(int layer) {
        return switch (recompute) {
            case NONE -> 0;
            case FULL -> storedBytes(layer, Recompute.NONE);
            case SELECTIVE -> Math.max(0, storedBytes(layer, Recompute.NONE) - storedBytes(layer, Recompute.SELECTIVE));
        };
    }

    /** Token ids (int64) and the embedding dropout mask of one micro-batch on the first stage. */
    long embeddingBytes() {
        return tokens * 8 + (dropout ? ceilDiv(tokens * shape.hidden, replicatedDivisor()) : 0);
    }

    /** The final norm's input and the output layer's input of one micro-batch on the last stage. */
    long headInputBytes() {
        return ceilDiv(tokens * 4 * shape.hidden, replicatedDivisor());
    }

    /** The loss's working set on the vocab-parallel logits of one micro-batch. */
    long lossBytes(LossKernel loss) {
        return logitBytes(loss.bytesPerLogit());
    }

    /** {@code bytesPerLogit} over this rank's share of the micro-batch's logits. */
    long logitBytes(int bytesPerLogit) {
        return ceilDiv(tokens * shape.vocab * bytesPerLogit, tp);
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
