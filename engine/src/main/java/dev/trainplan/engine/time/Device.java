package dev.trainplan.engine.time;

/**
 * One accelerator as the step model sees it: the dense peak of the precision the GEMMs run in, the BF16
 * peak attention runs at and the efficiency of the framework's attention kernel, HBM bandwidth, and its
 * generation's {@link Efficiency}. GEMM time is the larger of its compute at shape-dependent efficiency
 * and its operand traffic over HBM (a roofline).
 */
record Device(double gemmPeakFlopsPerSecond, double attentionPeakFlopsPerSecond, double hbmBytesPerSecond,
              double gemmEfficiency, double attentionEfficiency, Efficiency efficiency, double operandBytes) {

    double gemmSeconds(double m, double k, double n) {
        double flops = 2 * m * k * n;
        if (flops <= 0) {
            return 0;
        }
        double eta = gemmEfficiency / (1 + efficiency.gemmHalfFlops() / flops);
        double compute = flops / (gemmPeakFlopsPerSecond * eta);
        double traffic = operandBytes * (m * k + k * n + m * n) / (hbmBytesPerSecond * efficiency.memory());
        return Math.max(compute, traffic);
    }

    double attentionSeconds(double flops) {
        return flops / (attentionPeakFlopsPerSecond * attentionEfficiency);
    }

    double memorySeconds(double bytes) {
        return bytes / (hbmBytesPerSecond * efficiency.memory());
    }
}
