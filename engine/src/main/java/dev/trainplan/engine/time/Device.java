package dev.trainplan.engine.time;

/**
 * One accelerator as the step model sees it: the dense peak of the precision the GEMMs run in, the BF16
 * peak attention runs at and the efficiency of the framework's attention kernel, HBM bandwidth, its
 * generation's {@link Efficiency}, and the compute units a GEMM's output tiles are spread over. GEMM time
 * is the larger of its compute at shape-dependent efficiency and its operand traffic over HBM (a roofline).
 */
record Device(double gemmPeakFlopsPerSecond, double attentionPeakFlopsPerSecond, double hbmBandwidthBytesPerSecond,
              double gemmEfficiency, double attentionEfficiency, Efficiency efficiency, double operandBytes, int computeUnits) {

    /**
     * Output elements of one GEMM tile: 128 × 256, the large tile cuBLAS and CUTLASS run fp16/bf16 GEMMs in on
     * Ampere, Hopper and Blackwell (formulas.md §9.2).
     */
    static final double TILE_OUTPUTS = 128 * 256;
    /** Waves the last, partly filled one wastes on average over output shapes: half of one. */
    static final double WAVE_TAIL = 0.5;

    /**
     * Seconds of {@code [m, k] × [k, n]}. Efficiency falls for small GEMMs (fixed costs against FLOPs, the
     * generation's half-efficiency size) and, where the compute units are known, with the waves of output tiles:
     * {@code w = m·n / (tile · units)} waves fill the device {@code w / (w + 1/2)} of the time, the last wave
     * being half empty on average (tile and wave quantisation, formulas.md §9.2).
     */
    double gemmSeconds(double m, double k, double n) {
        double flops = 2 * m * k * n;
        if (flops <= 0) {
            return 0;
        }
        double eta = gemmEfficiency / (1 + efficiency.gemmHalfFlops() / flops);
        if (computeUnits > 0) {
            double waves = m * n / (TILE_OUTPUTS * computeUnits);
            eta *= waves / (waves + WAVE_TAIL);
        }
        double compute = flops / (gemmPeakFlopsPerSecond * eta);
        double traffic = operandBytes * (m * k + k * n + m * n) / (hbmBandwidthBytesPerSecond * efficiency.memory());
        return Math.max(compute, traffic);
    }

    double attentionSeconds(double flops) {
        return flops / (attentionPeakFlopsPerSecond * attentionEfficiency);
    }

    double memorySeconds(double bytes) {
        return bytes / (hbmBandwidthBytesPerSecond * efficiency.memory());
    }
}
