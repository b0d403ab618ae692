package dev.trainplan.engine.memory;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Named;

/**
 * How FP8 training holds its extra tensors. Transformer Engine (Megatron, NeMo) keeps an FP8 copy of
 * every GEMM weight and of its transpose for the whole step, an amax history per FP8 tensor (delayed
 * scaling, 1024 entries by default) and saves the FP8 cast of each GEMM input for the backward pass.
 * torchao's dynamic scaling (torchtitan) casts weights on the fly, keeps no history, saves the
 * high-precision GEMM inputs, and can all-gather FSDP shards in FP8.
 */
public enum Fp8Recipe implements Named {
    TRANSFORMER_ENGINE, TORCHAO_DYNAMIC;

    /** The recipe a framework uses when the user does not say. */
    public static Fp8Recipe defaultFor(Framework framework) {
        return switch (framework) {
            case TORCHTITAN -> TORCHAO_DYNAMIC;
            default -> TRANSFORMER_ENGINE;
        };
    }

    public static Fp8Recipe parse(String text) {
        return Named.parse(Fp8Recipe.class, "fp8 recipe", text);
    }
}
