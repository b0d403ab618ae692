package dev.trainplan.engine.job;

import java.util.List;

/**
 * The precision the GEMMs run in. Mixed precision is implied for everything below FP32: FP32 master
 * weights and optimizer states unless the optimizer says otherwise.
 */
public enum Precision implements Named {
    FP32(4), FP16(2), BF16(2), FP8(1), MXFP8(1), NVFP4(0.5);

    private final double bytesPerValue;

    Precision(double bytesPerValue) {
        this.bytesPerValue = bytesPerValue;
    }

    /** Bytes of one value in this format (scales of the block formats not included). */
    public double bytesPerValue() {
        return bytesPerValue;
    }

    @Override
    public List<String> aliases() {
        return switch (this) {
            case FP32 -> List.of("float32", "32");
            case FP16 -> List.of("float16", "half", "16-mixed");
            case BF16 -> List.of("bfloat16", "bf16-mixed");
            case FP8 -> List.of("float8", "e4m3");
            default -> List.of();
        };
    }

    public static Precision parse(String text) {
        return Named.parse(Precision.class, "precision", text);
    }
}
