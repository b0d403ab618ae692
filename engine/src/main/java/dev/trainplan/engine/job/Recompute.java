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

    public static Recompute parse(String text) {
        return Named.parse(Recompute.class, "recompute", text);
    }
}
