package dev.trainplan.engine.memory;

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
 * @param fusedCrossEntropy a fused cross-entropy kernel that works on the 16-bit logits in place
 *     (TE/Megatron {@code --cross-entropy-loss-fusion}, Liger); otherwise the framework's own loss
 */
public record MemorySettings(FineTuning fineTuning, boolean flashAttention, boolean dropout, Offload offload,
                             Optional<Overheads> overheads, Optional<Fp8Recipe> fp8Recipe, double moeCapacityFactor,
                             boolean pureBf16Optimizer, boolean fusedCrossEntropy) {
    public static final MemorySettings DEFAULTS = new MemorySettings(FineTuning.FULL, true, false, Offload.NONE,
            Optional.empty(), Optional.empty(), 1.0, false, false);

    public MemorySettings {
        Objects.requireNonNull(fineTuning, "fineTuning");
        Objects.requireNonNull(offload, "offload");
        Objects.requireNonNull(overheads, "overheads");
        Objects.requireNonNull(fp8Recipe, "fp8Recipe");
        if (!(moeCapacityFactor >= 1) || moeCapacityFactor > 64) {
            throw new IllegalArgumentException("moe capacity factor must be from 1 to 64, not " + Require.trim(moeCapacityFactor) + ".");
        }
    }

    Overheads overheadsFor(Framework framework) {
        return overheads.orElseGet(() -> Overheads.defaults(framework));
    }

    Fp8Recipe fp8RecipeFor(Framework framework) {
        return fp8Recipe.orElseGet(() -> Fp8Recipe.defaultFor(framework));
    }

    public MemorySettings withFineTuning(FineTuning value) {
        return new MemorySettings(value, flashAttention, dropout, offload, overheads, fp8Recipe, moeCapacityFactor, pureBf16Optimizer, fusedCrossEntropy);
    }

    public MemorySettings withFlashAttention(boolean value) {
        return new MemorySettings(fineTuning, value, dropout, offload, overheads, fp8Recipe, moeCapacityFactor, pureBf16Optimizer, fusedCrossEntropy);
    }

    public MemorySettings withDropout(boolean value) {
        return new MemorySettings(fineTuning, flashAttention, value, offload, overheads, fp8Recipe, moeCapacityFactor, pureBf16Optimizer, fusedCrossEntropy);
    }

    public MemorySettings withOffload(Offload value) {
        return new MemorySettings(fineTuning, flashAttention, dropout, value, overheads, fp8Recipe, moeCapacityFactor, pureBf16Optimizer, fusedCrossEntropy);
    }

    public MemorySettings withOverheads(Overheads value) {
        return new MemorySettings(fineTuning, flashAttention, dropout, offload, Optional.of(value), fp8Recipe, moeCapacityFactor, pureBf16Optimizer, fusedCrossEntropy);
    }

    public MemorySettings withFp8Recipe(Fp8Recipe value) {
        return new MemorySettings(fineTuning, flashAttention, dropout, offload, overheads, Optional.of(value), moeCapacityFactor, pureBf16Optimizer, fusedCrossEntropy);
    }

    public MemorySettings withMoeCapacityFactor(double value) {
        return new MemorySettings(fineTuning, flashAttention, dropout, offload, overheads, fp8Recipe, value, pureBf16Optimizer, fusedCrossEntropy);
    }

    public MemorySettings withPureBf16Optimizer(boolean value) {
        return new MemorySettings(fineTuning, flashAttention, dropout, offload, overheads, fp8Recipe, moeCapacityFactor, value, fusedCrossEntropy);
    }

    public MemorySettings withFusedCrossEntropy(boolean value) {
        return new MemorySettings(fineTuning, flashAttention, dropout, offload, overheads, fp8Recipe, moeCapacityFactor, pureBf16Optimizer, value);
    }
}
