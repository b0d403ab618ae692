package dev.trainplan.engine.hardware;

import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Require;

/**
 * Dense (no 2:4 sparsity) peak FLOP/s of one device per number format; 0 where the chip has no such
 * mode or nobody publishes it. The FP32 vector rate is the non-tensor (CUDA-core) peak.
 */
public record DensePeaks(double fp32VectorFlopsPerSecond, double tf32FlopsPerSecond, double bf16FlopsPerSecond,
                         double fp16FlopsPerSecond, double fp8FlopsPerSecond, double fp4FlopsPerSecond) {
    /** Ten times the fastest FP4 part listed, so a typo of a few orders of magnitude is caught. */
    public static final double MAX_FLOPS_PER_SECOND = 1e17;

    public DensePeaks {
        Require.nonNegative("fp32 vector peak FLOP/s", fp32VectorFlopsPerSecond, MAX_FLOPS_PER_SECOND);
        Require.nonNegative("tf32 peak FLOP/s", tf32FlopsPerSecond, MAX_FLOPS_PER_SECOND);
        Require.nonNegative("bf16 peak FLOP/s", bf16FlopsPerSecond, MAX_FLOPS_PER_SECOND);
        Require.nonNegative("fp16 peak FLOP/s", fp16FlopsPerSecond, MAX_FLOPS_PER_SECOND);
        Require.nonNegative("fp8 peak FLOP/s", fp8FlopsPerSecond, MAX_FLOPS_PER_SECOND);
        Require.nonNegative("fp4 peak FLOP/s", fp4FlopsPerSecond, MAX_FLOPS_PER_SECOND);
    }

    /**
     * The matrix-unit peak a job computing in {@code precision} can reach, or 0 if the chip cannot run it.
     * <ul>
     * <li>FP32 training uses the TF32 tensor-core rate where the chip has one: PyTorch's
     * {@code allow_tf32} / HF {@code --tf32}, JAX's default matmul precision and Megatron all route FP32
     * GEMMs there, and planning at the 10× slower vector rate would mislead; chips without TF32 fall
     * back to the vector rate.</li>
     * <li>MXFP8 runs at the FP8 rate, but only where the tensor cores apply the block scales themselves,
     * which arrived together with FP4 (Blackwell); elsewhere frameworks refuse the format.</li>
     * <li>NVFP4 is the FP4 rate.</li>
     * </ul>
     */
    public double flopsPerSecond(Precision precision) {
        return switch (precision) {
            case FP32 -> tf32FlopsPerSecond > 0 ? tf32FlopsPerSecond : fp32VectorFlopsPerSecond;
            case FP16 -> fp16FlopsPerSecond;
            case BF16 -> bf16FlopsPerSecond;
            case FP8 -> fp8FlopsPerSecond;
            case MXFP8 -> fp4FlopsPerSecond > 0 ? fp8FlopsPerSecond : 0;
            case NVFP4 -> fp4FlopsPerSecond;
        };
    }

    /**
     * The same peak for every matrix format: what a user who measured or was quoted their chip's rate
     * means when overriding it, whichever precision the job turns out to use.
     */
    public DensePeaks withTensorFlopsPerSecond(double flopsPerSecond) {
        Require.positive("peak FLOP/s", flopsPerSecond, MAX_FLOPS_PER_SECOND);
        return new DensePeaks(fp32VectorFlopsPerSecond, flopsPerSecond, flopsPerSecond, flopsPerSecond, flopsPerSecond, flopsPerSecond);
    }
}
