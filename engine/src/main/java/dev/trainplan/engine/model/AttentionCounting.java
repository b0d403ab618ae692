package dev.trainplan.engine.model;

import dev.trainplan.engine.job.Named;

/**
 * How the {@code s × s} attention scores (QKᵀ and AV) count under a causal mask. Published MFUs use
 * both conventions, so trainplan states which one a figure follows.
 */
public enum AttentionCounting implements Named {
    /**
     * Half of QKᵀ and AV: each token attends to {@code s/2} positions on average, and kernels that skip
     * fully masked tiles (FlashAttention-2/3, cuDNN) do only that work. Megatron-LM's
     * {@code num_floating_point_operations} and FlashAttention's causal benchmarks count this way.
     */
    CAUSAL,
    /**
     * Every query against every key, as PaLM's {@code 6N + 12·L·H·Q·T}, torchtitan and the Megatron
     * papers' closed forms (Narayanan et al. 2021 Eq. 3, Korthikanti et al. 2022) count.
     */
    FULL;

    /** Key positions one token's query is counted against in a sequence of {@code seqLen} tokens. */
    double positionsPerToken(int seqLen) {
        return this == CAUSAL ? seqLen / 2.0 : seqLen;
    }

    public static AttentionCounting parse(String text) {
        return Named.parse(AttentionCounting.class, "attention counting", text);
    }
}
