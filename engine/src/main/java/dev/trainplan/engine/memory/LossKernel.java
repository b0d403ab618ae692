package dev.trainplan.engine.memory;

import dev.trainplan.engine.job.Named;

/**
 * How the cross-entropy over the vocabulary runs, which decides the bytes live per logit at the loss,
 * while every stored activation is still held. Frameworks changed this across versions (torchtitan ran
 * an eager FP32 loss until early 2025 and compiles it with the model since), so it is a setting with a
 * per-framework default.
 *
 * <p>A loss that upcasts 16-bit logits and then frees them leaves their block cached by PyTorch's
 * allocator: the larger FP32 tensors that follow cannot reuse it, so {@code max_memory_reserved} counts it
 * while {@code max_memory_allocated} does not ({@link #cachedBytesPerLogit}).
 */
public enum LossKernel implements Named {
    FUSED(2, 0, "fused cross-entropy on the 16-bit logits, gradient written in place (TE / --cross-entropy-loss-fusion, Liger)"),
    COMPILED(4, 0, "torch.compile'd cross-entropy: 16-bit logits kept for the backward and a 16-bit gradient; the FP32 softmax stays in registers"),
    VOCAB_PARALLEL_FP32(6, 0, "Megatron vocab-parallel cross-entropy: 16-bit logits + FP32 copy whose softmax becomes the gradient"),
    /*
     * nanotron llama.py: cast_to_fp32 turns the lm_head's 16-bit logits into FP32 inside the model's forward, whose
     * return frees the 16-bit tensor; _ShardedCrossEntropy then makes the max-shifted FP32 copy (sharded_logits -
     * logits_max) while the caller still holds the FP32 logits, and exponentiates and normalises that copy in place
     * into the softmax it saves. Its backward writes the gradient into that softmax in place (4 B) and casts it to
     * 16 bits (2 B), below the forward's 8.
     */
    SHARDED_FP32_COPIES(8, 2, "nanotron sharded cross-entropy: FP32 logits + their FP32 max-shifted copy (the 16-bit logits are freed by the upcast)"),
    EAGER_FP32(12, 2, "eager cross-entropy on FP32 logits: log_softmax output + nll gradient + log_softmax gradient live in backward");

    private final int bytesPerLogit;
    private final int cachedBytesPerLogit;
    private final String source;

    LossKernel(int bytesPerLogit, int cachedBytesPerLogit, String source) {
        this.bytesPerLogit = bytesPerLogit;
        this.cachedBytesPerLogit = cachedBytesPerLogit;
        this.source = source;
    }

    /** Bytes per logit allocated at the loss's peak. */
    public int bytesPerLogit() {
        return bytesPerLogit;
    }

    /** Bytes per logit of the freed 16-bit logits whose block the allocator keeps cached at that peak. */
    public int cachedBytesPerLogit() {
        return cachedBytesPerLogit;
    }

    public String source() {
        return source;
    }

    public static LossKernel parse(String text) {
        return Named.parse(LossKernel.class, "loss kernel", text);
    }
}
