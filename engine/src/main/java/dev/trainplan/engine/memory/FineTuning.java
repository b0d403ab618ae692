package dev.trainplan.engine.memory;

import dev.trainplan.engine.job.Named;
import dev.trainplan.engine.job.Require;
import java.util.Objects;

/**
 * Which parameters are trained. Full training trains all of them. LoRA freezes the base model in the
 * working precision and trains rank-{@code rank} adapters on the {@code targets} projections; QLoRA also
 * stores the frozen GEMM weights in 4-bit NF4 with double-quantised block scales (Dettmers et al. 2023,
 * arXiv 2305.14314). Adapters carry their own FP32 weights, gradients and optimizer states.
 */
public sealed interface FineTuning {
    Full FULL = new Full();

    record Full() implements FineTuning {
    }

    record Lora(int rank, LoraTargets targets) implements FineTuning {
        public Lora {
            Require.positive("lora rank", rank, 1 << 16);
            Objects.requireNonNull(targets, "targets");
        }
    }

    record Qlora(int rank, LoraTargets targets) implements FineTuning {
        public Qlora {
            Require.positive("qlora rank", rank, 1 << 16);
            Objects.requireNonNull(targets, "targets");
        }
    }

    /** The projections that get adapters. */
    enum LoraTargets implements Named {
        /** q and v only: the original LoRA paper's choice and PEFT's default for Llama. */
        QUERY_VALUE,
        /** q, k, v and o. */
        ATTENTION,
        /** every linear layer of the blocks (QLoRA's choice): attention and MLP. */
        ALL_LINEAR;

        public static LoraTargets parse(String text) {
            return Named.parse(LoraTargets.class, "lora targets", text);
        }
    }
}
