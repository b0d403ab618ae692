package dev.trainplan.engine.job;

import java.util.List;

/**
 * How the attention core (QKᵀ, softmax, AV) runs. {@link #FLASH}: one fused kernel that skips fully masked
 * causal tiles and never writes the {@code s × s} scores (FlashAttention-2/3, cuDNN and Transformer Engine
 * fused attention, PyTorch SDPA), the default since 2023. {@link #UNFUSED}: what Megatron-LM, Megatron-DeepSpeed
 * and Hugging Face ran before it (and still run without {@code --use-flash-attn}): QKᵀ and AV as batched GEMMs
 * over the whole square, the scaled masked softmax as a memory-bound kernel over it; {@link #UNFUSED_DROPOUT}
 * adds the attention dropout of GPT-era recipes (formulas.md §3: the {@code 5as²b} bytes).
 */
public enum AttentionKernel implements Named {
    FLASH, UNFUSED, UNFUSED_DROPOUT;

    @Override
    public List<String> aliases() {
        return switch (this) {
            case FLASH -> List.of("flash-attention", "fused", "sdpa");
            case UNFUSED -> List.of("eager", "materialised", "materialized");
            case UNFUSED_DROPOUT -> List.of();
        };
    }

    /** The kernel memory settings imply: FlashAttention, else the unfused path with or without attention dropout. */
    public static AttentionKernel of(boolean flashAttention, boolean dropout) {
        return flashAttention ? FLASH : dropout ? UNFUSED_DROPOUT : UNFUSED;
    }

    public boolean flash() {
        return this == FLASH;
    }

    public static AttentionKernel parse(String text) {
        return Named.parse(AttentionKernel.class, "attention kernel", text);
    }
}
