package dev.trainplan.engine.job;

import java.util.List;

/**
 * How the attention core (QKᵀ, softmax, AV) runs. The fused kernels skip fully masked causal tiles and never
 * write the {@code s × s} scores, the default since 2023; they come in two classes whose speed differs by about
 * 2× from Hopper on: {@link #FA2}, the portable FlashAttention-2 class (flash-attn 2, PyTorch SDPA), which uses
 * only the tensor-core instructions every generation since Ampere has, and {@link #TUNED}, the generation's
 * vendor-tuned kernel (cuDNN fused attention through Transformer Engine, FlashAttention-3; Splash on TPU).
 * {@link #FLASH} is whichever of the two the framework runs ({@link Framework#tunedAttention()}).
 * {@link #UNFUSED}: what Megatron-LM, Megatron-DeepSpeed and Hugging Face ran before FlashAttention (and still
 * run without {@code --use-flash-attn}): QKᵀ and AV as batched GEMMs over the whole square, the scaled masked
 * softmax as a memory-bound kernel over it; {@link #UNFUSED_DROPOUT} adds the attention dropout of GPT-era
 * recipes (formulas.md §3: the {@code 5as²b} bytes) and, with it, their hidden-state dropout.
 */
public enum AttentionKernel implements Named {
    FLASH, FA2, TUNED, UNFUSED, UNFUSED_DROPOUT;

    @Override
    public List<String> aliases() {
        return switch (this) {
            case FLASH -> List.of("flash-attention", "fused");
            case FA2 -> List.of("flash-attn-2", "flash-attention-2", "sdpa");
            case TUNED -> List.of("cudnn", "te", "transformer-engine", "fa3", "flash-attention-3", "splash");
            case UNFUSED -> List.of("eager", "materialised", "materialized");
            case UNFUSED_DROPOUT -> List.of();
        };
    }

    /** The kernel memory settings imply: FlashAttention, else the unfused path with or without attention dropout. */
    public static AttentionKernel of(boolean flashAttention, boolean dropout) {
        return flashAttention ? FLASH : dropout ? UNFUSED_DROPOUT : UNFUSED;
    }

    /** Whether the scores stay on chip (any fused kernel), which is all memory needs to know. */
    public boolean flash() {
        return this == FLASH || this == FA2 || this == TUNED;
    }

    /** Whether {@code framework} running this kernel gets the vendor-tuned kernel's efficiency rather than the portable one's. */
    public boolean tuned(Framework framework) {
        return this == TUNED || this == FLASH && framework.tunedAttention();
    }

    public static AttentionKernel parse(String text) {
        return Named.parse(AttentionKernel.class, "attention kernel", text);
    }
}
