package dev.trainplan.engine.job;

import java.util.List;

/** The optimizer, which fixes how many state values each trainable parameter carries. */
public enum Optimizer implements Named {
    SGD, MOMENTUM, ADAMW, ADAFACTOR, ADAM_8BIT;

    @Override
    public List<String> aliases() {
        return switch (this) {
            case ADAMW -> List.of("adam", "fused-adam", "adamw-torch");
            case ADAM_8BIT -> List.of("adam8bit", "adamw-8bit", "adamw8bit", "bnb-adam8bit");
            case MOMENTUM -> List.of("sgd-momentum");
            default -> List.of();
        };
    }

    public static Optimizer parse(String text) {
        return Named.parse(Optimizer.class, "optimizer", text);
    }
}
