package dev.trainplan.engine.memory;

import dev.trainplan.engine.job.Named;

/**
 * How the cross-entropy over the vocabulary runs, which decides the bytes live per logit at the loss,
 * while every stored activation is still held. Frameworks changed this across versions (torchtitan ran
 * an eager FP32 loss until early 2025 and compiles it with the model since), so it is a setting with a
 * per-framework default.
 */
public enum LossKernel implements Named {
    FUSED(2, "fused cross-entropy on the 16-bit logits, gradient written in place (TE / --cross-entropy-loss-fusion, Liger)"),
    COMPILED(4, "torch.compile'd cross-entropy: 16-bit logits kept for the backward and a 16-bit gradient; the FP32 softmax stays in registers"),
    VOCAB_PARALLEL_FP32(6, "Megatron vocab-parallel cross-entropy: 16-bit logits + FP32 copy whose softmax becomes the gradient"),
    SHARDED_FP32_COPIES(10, "nanotron sharded cross-entropy: 16-bit logits + FP32 copy + FP32 max-shifted copy"),
    EAGER_FP32(12, "eager cross-entropy on FP32 logits: log_softmax output + nll gradient + log_softmax gradient live in backward");

    private final int bytesPerLogit;
    private final String source;

    LossKernel(int bytesPerLogit, String source) {
        this.bytesPerLogit = bytesPerLogit;
        this.source = source;
    }

    public int bytesPerLogit() {
        return bytesPerLogit;
    }

    public String source() {
        return source;
    }

    public static LossKernel parse(String text) {
        return Named.parse(LossKernel.class, "loss kernel", text);
    }
}
