package dev.trainplan.engine.time;

import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Require;

/**
 * The datasheet figures of one accelerator the step model needs: dense peaks per precision (0 where the
 * chip has no such unit), HBM bandwidth, and how many devices share a node's scale-up link.
 */
public record Chip(String id, double fp32PeakFlopsPerSecond, double bf16PeakFlopsPerSecond, double fp8PeakFlopsPerSecond,
                   double fp4PeakFlopsPerSecond, double hbmBytesPerSecond, int scaleUpDomain) {
    public Chip {
        Require.positive("bf16 peak FLOP/s", bf16PeakFlopsPerSecond, 1e18);
        Require.positive("HBM bandwidth", hbmBytesPerSecond, 1e15);
        Require.positive("scale-up domain", scaleUpDomain, 1 << 16);
    }

    /** The peak the GEMMs run at in {@code precision}; rejects a precision the chip has no unit for. */
    public double gemmPeakFlopsPerSecond(Precision precision) {
        double peak = switch (precision) {
            case FP32 -> fp32PeakFlopsPerSecond;
            case FP16, BF16 -> bf16PeakFlopsPerSecond;
            case FP8, MXFP8 -> fp8PeakFlopsPerSecond;
            case NVFP4 -> fp4PeakFlopsPerSecond;
        };
        if (!(peak > 0)) {
            throw new IllegalArgumentException("precision " + precision.id() + " has no tensor-core peak on " + id
                    + "; choose a precision the accelerator supports, such as bf16.");
        }
        return peak;
    }
}
