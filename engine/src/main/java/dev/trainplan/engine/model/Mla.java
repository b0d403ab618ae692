package dev.trainplan.engine.model;

import dev.trainplan.engine.job.Require;

/**
 * DeepSeek multi-head latent attention: queries through a rank-{@code qLoraRank} bottleneck (0 = a
 * plain projection), keys and values through a shared rank-{@code kvLoraRank} latent plus a
 * {@code qkRopeHeadDim}-wide decoupled RoPE key; per head, {@code qkNopeHeadDim + qkRopeHeadDim} for
 * queries/keys and {@code vHeadDim} for values.
 */
public record Mla(int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim) {
    public static final Mla NONE = new Mla(0, 0, 0, 0, 0);

    public Mla {
        if (kvLoraRank != 0) {
            Require.positive("mla kv_lora_rank", kvLoraRank, 1 << 20);
            Require.positive("mla qk_nope_head_dim", qkNopeHeadDim, 1 << 16);
            Require.positive("mla qk_rope_head_dim", qkRopeHeadDim, 1 << 16);
            Require.positive("mla v_head_dim", vHeadDim, 1 << 16);
            if (qLoraRank < 0) {
                throw new IllegalArgumentException("mla q_lora_rank must be 0 (no compression) or more, not " + qLoraRank + ".");
            }
        }
    }

    public boolean enabled() {
        return kvLoraRank > 0;
    }

    public int qkHeadDim() {
        return qkNopeHeadDim + qkRopeHeadDim;
    }
}
