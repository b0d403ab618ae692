package dev.trainplan.engine.memory;

import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Require;
import java.util.Objects;
import java.util.Optional;

/**
 * The memory knobs that are not part of a {@link dev.trainplan.engine.job.Job}.
 *
 * @param fineTuning full training, LoRA or QLoRA
 * @param flashAttention fused attention that keeps a per-row log-sum-exp instead of the {@code s²}
 *     softmax (FlashAttention, cuDNN/TE fused attention, PyTorch SDPA); on by default
 * @param dropout dropout layers after attention and MLP (GPT-3 style); modern LLM recipes set it to 0
 * @param offload what the optimizer step keeps in host memory
 * @param overheads framework overheads; empty = the job's framework defaults ({@link Overheads#defaults})
 * @param fp8Recipe how FP8 runs; empty = the framework's recipe ({@link Fp8Recipe#defaultFor})
 * @param moeCapacityFactor tokens an expert takes relative to a balanced share (1 = balanced routing or
 *     Megatron's {@code --moe-expert-capacity-factor 1} with padding)
 * @param pureBf16Optimizer optimizer states in BF16 and no FP32 master copy (e.g. AnyPrecisionAdamW)
 * @param lossKernel how the cross-entropy runs; empty = the framework's current default
 */
public record MemorySettings(FineTuning fineTuning, boolean flashAttention, boolean dropout, Offload offload,
                             Optional<Overheads> overheads, Optional<Fp8Recipe> fp8Recipe, double moeCapacityFactor,
                             boolean pureBf16Optimizer, Optional<LossKernel> lossKernel) {
    public static final MemorySettings DEFAULTS = new MemorySettings(FineTuning.FULL, true, false, Offload.NONE,
            Optional.empty(), Optional.empty(), 1.0, false, Optional.empty());

    public MemorySettings {
        Objects.requireNonNull(fineTuning, "fineTuning");
        Objects.requireNonNull(offload, "offload");
        Objects.requireNonNull(overheads, "overheads");
        Objects.requireNonNull(fp8Recipe, "fp8Recipe");
        Objects.requireNonNull(lossKernel, "lossKernel");
        if (!(moeCapacityFactor >= 1) || moeCapacityFactor > 64) {
            throw new IllegalArgumentException("moe capacity factor must be from 1 to 64, not " + Require.trim(moeCapacityFactor) + ".");
        }
    }

    Overheads overheadsFor(Framework framework) {
        return overheads.orElseGet(() -> Overheads.defaults(framework));
    }

    Fp8Recipe fp8RecipeFor(Framework framework) {
        // no capturing lambda: the fast path must not allocate, even before the JIT removes it
        return fp8Recipe.isPresent() ? fp8Recipe.get() : Fp8Recipe.defaultFor(framework);
    }

    public MemorySettings withFineTuning(FineTuning value) {
        return new MemorySettings(value, flashAttention, dropout, offload, overheads, fp8Recipe, moeCapacityFactor, pureBf16Optimizer, lossKernel);
    }

    /** The attention kernel these settings describe, which the step model times as memory sizes it. */
    public AttentionKernel attentionKernel() {
        return AttentionKernel.of(flashAttention, dropout);
    }

    /** These settings with {@code kernel}'s attention: FlashAttention, or the materialised scores with or without dropout. */
    public MemorySettings withAttention(AttentionKernel kernel) {
        return withFlashAttention(kernel.flash()).withDropout(kernel == AttentionKernel.UNFUSED_DROPOUT);
    }

    public MemorySettings withFlashAttention(boolean value) {
        return new MemorySettings(fineTuning, value, dropout, offload, overheads, fp8Recipe, moeCapacityFactor, pureBf16Optimizer, lossKernel);
    }

    public MemorySettings withDropout(boolean value) {
        return new MemorySettings(fineTuning, flashAttention, value, offload, overheads, fp8Recipe, moeCapacityFactor, pureBf16Optimizer, lossKernel);
    }

    public MemorySettings withOffload(Offload value) {
        return new MemorySettings(fineTuning, flashAttention, dropout, value, overheads, fp8Recipe, moeCapacityFactor, pureBf16Optimizer, lossKernel);
    }

    public MemorySettings withOverheads(Overheads value) {
        return new MemorySettings(fineTuning, flashAttention, dropout, offload, Optional.of(value), fp8Recipe, moeCapacityFactor, pureBf16Optimizer, lossKernel);
    }

    public MemorySettings withFp8Recipe(Fp8Recipe value) {
        return new MemorySettings(fineTuning, flashAttention, dropout, offload, overheads, Optional.of(value), moeCapacityFactor, pureBf16Optimizer, lossKernel);
    }

    public MemorySettings withMoeCapacityFactor(double value) {
        return new MemorySettings(fineTuning, flashAttention, dropout, offload, overheads, fp8Recipe, value, pureBf16Optimizer, lossKernel);
    }

    public MemorySettings withPureBf16Optimizer(boolean value) {
        return new MemorySettings(fineTuning, flashAttention, dropout, offload, overheads, fp8Recipe, moeCapacityFactor, value, lossKernel);
    }

    public MemorySettings withLossKernel(LossKernel value) {
        return new MemorySettings(fineTuning, flashAttention, dropout, offload, overheads, fp8Recipe, moeCapacityFactor, pureBf16Optimizer, Optional.of(value));
    }
}
