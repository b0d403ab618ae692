package dev.trainplan.engine.model;

import dev.trainplan.engine.job.Named;
import java.util.List;

/**
 * The normalisation layer: RMSNorm has a scale vector, LayerNorm a scale and a bias; MPT's LayerNorm
 * ({@code no_bias: true}) keeps only the scale.
 */
public enum Norm implements Named {
    RMSNORM(1), LAYERNORM(2), LAYERNORM_NO_BIAS(1);

    private final int vectorsPerNorm;

    Norm(int vectorsPerNorm) {
        this.vectorsPerNorm = vectorsPerNorm;
    }

    /** Parameters of one norm over a vector of width {@code width}. */
    public long parameters(long width) {
        return vectorsPerNorm * width;
    }

    @Override
    public List<String> aliases() {
        return switch (this) {
            case RMSNORM -> List.of("rms", "rms-norm");
            case LAYERNORM -> List.of("ln", "layer-norm");
            case LAYERNORM_NO_BIAS -> List.of("ln-no-bias", "layer-norm-no-bias");
        };
    }

    public static Norm parse(String text) {
        return Named.parse(Norm.class, "norm", text);
    }
}
