package dev.trainplan.engine.model;

import dev.trainplan.engine.job.Named;
import java.util.List;

/** The normalisation layer: RMSNorm has a scale vector, LayerNorm a scale and a bias. */
public enum Norm implements Named {
    RMSNORM(1), LAYERNORM(2);

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
        return this == RMSNORM ? List.of("rms", "rms-norm") : List.of("ln", "layer-norm");
    }

    public static Norm parse(String text) {
        return Named.parse(Norm.class, "norm", text);
    }
}
