package dev.trainplan.engine.job;

import java.util.List;

/**
 * Activation recomputation: none; selective (only the attention core is recomputed, Korthikanti et al.
 * 2022); full (only each layer's input is kept and the whole layer is recomputed in the backward pass).
 */
public enum Recompute implements Named {
    NONE, SELECTIVE, FULL;

    @Override
    public List<String> aliases() {
        return this == FULL ? List.of("all") : this == NONE ? List.of("off") : List.of();
    }

    /** Layers in one pipeline chunk (a stage, or a virtual stage when interleaved); the largest when they do not divide evenly. */
    public static int layersPerChunk(int layers, int pp, int vp) {
        return Math.ceilDiv(layers, pp * vp);
    }

    /**
     * The share of a stage's layers whose activations are recomputed: 1 under full recompute of every layer,
     * {@code recomputeLayers / (layers / (pp × vp))} under Megatron's block method (the first {@code recomputeLayers}
     * layers of each chunk), 0 without full recompute.
     */
    public static double share(Recompute recompute, int recomputeLayers, int layers, int pp, int vp) {
        if (recompute != FULL) {
            return 0;
        }
        double perChunk = layers / (double) (pp * vp);
        return recomputeLayers == 0 || recomputeLayers >= perChunk ? 1 : recomputeLayers / perChunk;
    }

    /** The recompute as a user says it: the mode, or "full on 4 layers per pipeline chunk" under the block method. */
    public static String describe(Recompute recompute, int recomputeLayers) {
        return recomputeLayers > 0 ? recompute.id() + " on " + recomputeLayers + " layers per pipeline chunk" : recompute.id();
    }

    public static Recompute parse(String text) {
        return Named.parse(Recompute.class, "recompute", text);
    }
}
