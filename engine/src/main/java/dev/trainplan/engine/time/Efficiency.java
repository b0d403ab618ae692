package dev.trainplan.engine.time;

import dev.trainplan.engine.job.Require;

/**
 * How close one accelerator generation gets to its datasheet: the best GEMM efficiency (the MAMF of
 * {@code formulas.md} §9.1 is the prior), the GEMM size at which it reaches half of that (small GEMMs
 * waste tiles and waves, §9.2), FlashAttention's efficiency, and the achievable fraction of HBM
 * bandwidth. These are the generation's coefficients; `trainplan calibrate` fits them to published runs.
 * Attention has two: the portable FlashAttention-2 class of kernels (flash-attn 2, PyTorch SDPA), which
 * use only the tensor-core instructions every generation since Ampere has, and the vendor-tuned kernel
 * of the generation (cuDNN fused attention through Transformer Engine, FlashAttention-3; Splash on TPU),
 * which uses the new ones (wgmma and TMA on Hopper, tcgen05 on Blackwell): on H100 FlashAttention-2
 * reaches about 35 % of the BF16 peak and FlashAttention-3 about 75 % (Shah et al. 2024, arXiv 2407.08608).
 *
 * @param gemm best BF16/FP16 GEMM efficiency (fraction of dense peak)
 * @param gemmFp8 best FP8 GEMM efficiency
 * @param gemmHalfFlops GEMM FLOPs at which efficiency is half of the best
 * @param attention FlashAttention-2-class forward efficiency (fraction of BF16 dense peak)
 * @param attentionTuned the vendor-tuned fused attention's forward efficiency
 * @param memory achievable fraction of HBM bandwidth for element-wise kernels
 */
public record Efficiency(double gemm, double gemmFp8, double gemmHalfFlops, double attention, double attentionTuned, double memory) {
    public Efficiency {
        Require.positive("gemm efficiency", gemm, 1);
        Require.positive("fp8 gemm efficiency", gemmFp8, 1);
        Require.positive("gemm half-efficiency FLOPs", gemmHalfFlops, 1e15);
        Require.positive("attention efficiency", attention, 1);
        Require.positive("tuned attention efficiency", attentionTuned, 1);
        Require.positive("memory efficiency", memory, 1);
    }

    /** The attention efficiency of a framework that runs the vendor-tuned kernel ({@code tuned}) or a FlashAttention-2-class one. */
    public double attention(boolean tuned) {
        return tuned ? attentionTuned : attention;
    }
}
