package dev.trainplan.engine.time;

import dev.trainplan.engine.job.Require;

/**
 * How close one accelerator generation gets to its datasheet: the best GEMM efficiency (the MAMF of
 * {@code formulas.md} §9.1 is the prior), the GEMM size at which it reaches half of that (small GEMMs
 * waste tiles and waves, §9.2), FlashAttention's efficiency, and the achievable fraction of HBM
 * bandwidth. These are the generation's coefficients; `trainplan calibrate` fits them to published runs.
 *
 * @param gemm best BF16/FP16 GEMM efficiency (fraction of dense peak)
 * @param gemmFp8 best FP8 GEMM efficiency
 * @param gemmHalfFlops GEMM FLOPs at which efficiency is half of the best
 * @param attention FlashAttention forward efficiency (fraction of BF16 dense peak)
 * @param memory achievable fraction of HBM bandwidth for element-wise kernels
 */
public record Efficiency(double gemm, double gemmFp8, double gemmHalfFlops, double attention, double memory) {
    public Efficiency {
        Require.positive("gemm efficiency", gemm, 1);
        Require.positive("fp8 gemm efficiency", gemmFp8, 1);
        Require.positive("gemm half-efficiency FLOPs", gemmHalfFlops, 1e15);
        Require.positive("attention efficiency", attention, 1);
        Require.positive("memory efficiency", memory, 1);
    }
}
