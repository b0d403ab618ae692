package dev.trainplan.engine.model;

import dev.trainplan.engine.job.Require;
import java.util.Objects;

/**
 * A decoder-only transformer, as precisely as its config.json describes it: attention (MHA, GQA, MQA
 * by {@code kvHeads}, or DeepSeek MLA), a dense or gated MLP, optional mixture-of-experts layers,
 * biases, norms and embeddings. {@code headDim} is {@code hidden / heads} unless the model sets it.
 * Build one with {@link #builder(String)}.
 *
 * @param maxPositions learned absolute position embeddings (GPT-2/3); 0 for RoPE or ALiBi
 * @param normsPerLayer 2 for most models (before attention and before the MLP); Gemma 2/3 have 4
 * @param mtpLayers DeepSeek-V3 multi-token-prediction modules trained alongside the model (0 for most):
 *        each is one more layer of the model's last kind, a {@code 2h × h} projection and three norms,
 *        and shares the embedding and the LM head with the main model
 */
public record Architecture(String name, int layers, int hidden, int heads, int kvHeads, int headDim, int ffnHidden,
                           boolean gated, int vocab, boolean tiedEmbeddings, Norm norm, int normsPerLayer,
                           boolean qkvBias, boolean outputBias, boolean mlpBias, QkNorm qkNorm, int maxPositions,
                           Moe moe, Mla mla, int mtpLayers) implements Model {
    private static final int MAX_WIDTH = 1 << 24;

    public Architecture {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model needs a name.");
        }
        Require.positive("layers", layers, 1 << 16);
        Require.positive("hidden", hidden, MAX_WIDTH);
        Require.positive("heads", heads, 1 << 16);
        Require.positive("kv_heads", kvHeads, heads);
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("heads " + heads + " is not a multiple of kv_heads " + kvHeads
                    + "; grouped-query attention needs kv_heads to divide heads.");
        }
        Require.positive("head_dim", headDim, MAX_WIDTH);
        Require.positive("ffn_hidden", ffnHidden, MAX_WIDTH);
        Require.positive("vocab", vocab, MAX_WIDTH);
        Objects.requireNonNull(norm, "norm");
        Require.positive("norms per layer", normsPerLayer, 8);
        Objects.requireNonNull(qkNorm, "qkNorm");
        if (maxPositions < 0) {
            throw new IllegalArgumentException("max_positions must be 0 (RoPE/ALiBi) or more, not " + maxPositions + ".");
        }
        Objects.requireNonNull(moe, "moe");
        Objects.requireNonNull(mla, "mla");
        if (moe.denseLayers() > layers) {
            throw new IllegalArgumentException("moe dense layers " + moe.denseLayers() + " is more than the model's " + layers + " layers.");
        }
        if (mtpLayers < 0 || mtpLayers > 64) {
            throw new IllegalArgumentException("mtp_layers must be a whole number from 0 to 64, not " + mtpLayers + ".");
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Query width {@code heads × headDim} (MLA: heads × (nope + rope) head dims). */
    public long queryWidth() {
        return (long) heads * (mla.enabled() ? mla.qkHeadDim() : headDim);
    }

    /** Layers whose MLP is a mixture of experts. */
    public int moeLayers() {
        return moe.enabled() ? layers - moe.denseLayers() : 0;
    }

    public int denseLayers() {
        return layers - moeLayers();
    }

    public ParameterCount parameterCount() {
        return ParameterCount.of(this);
    }

    @Override
    public long parameters() {
        return parameterCount().total();
    }

    @Override
    public long activeParameters() {
        return parameterCount().active();
    }

    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.layers = layers;
        b.hidden = hidden;
        b.heads = heads;
        b.kvHeads = kvHeads;
        b.headDim = headDim;
        b.ffnHidden = ffnHidden;
        b.gated = gated;
        b.vocab = vocab;
        b.tiedEmbeddings = tiedEmbeddings;
        b.norm = norm;
        b.normsPerLayer = normsPerLayer;
        b.qkvBias = qkvBias;
        b.outputBias = outputBias;
        b.mlpBias = mlpBias;
        b.qkNorm = qkNorm;
        b.maxPositions = maxPositions;
        b.moe = moe;
        b.mla = mla;
        b.mtpLayers = mtpLayers;
        return b;
    }

    /** Llama-style defaults (RMSNorm, no biases, gated MLP, untied, RoPE); set what differs. */
    public static final class Builder {
        private String name;
        private int layers;
        private int hidden;
        private int heads;
        private int kvHeads;
        private int headDim;
        private int ffnHidden;
        private boolean gated = true;
        private int vocab;
        private boolean tiedEmbeddings;
        private Norm norm = Norm.RMSNORM;
        private int normsPerLayer = 2;
        private boolean qkvBias;
        private boolean outputBias;
        private boolean mlpBias;
        private QkNorm qkNorm = QkNorm.NONE;
        private int maxPositions;
        private Moe moe = Moe.NONE;
        private Mla mla = Mla.NONE;
        private int mtpLayers;

        private Builder(String name) {
            this.name = name;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder layers(int v) { layers = v; return this; }
        public Builder hidden(int v) { hidden = v; return this; }
        public Builder heads(int v) { heads = v; return this; }
        /** 0 (the default) means multi-head attention: as many KV heads as query heads. */
        public Builder kvHeads(int v) { kvHeads = v; return this; }
        /** 0 (the default) means hidden / heads. */
        public Builder headDim(int v) { headDim = v; return this; }
        public Builder ffnHidden(int v) { ffnHidden = v; return this; }
        public Builder gated(boolean v) { gated = v; return this; }
        public Builder vocab(int v) { vocab = v; return this; }
        public Builder tiedEmbeddings(boolean v) { tiedEmbeddings = v; return this; }
        public Builder norm(Norm v) { norm = v; return this; }
        public Builder normsPerLayer(int v) { normsPerLayer = v; return this; }
        public Builder qkvBias(boolean v) { qkvBias = v; return this; }
        public Builder outputBias(boolean v) { outputBias = v; return this; }
        public Builder mlpBias(boolean v) { mlpBias = v; return this; }
        public Builder qkNorm(QkNorm v) { qkNorm = v; return this; }
        public Builder maxPositions(int v) { maxPositions = v; return this; }
        public Builder moe(Moe v) { moe = v; return this; }
        public Builder mla(Mla v) { mla = v; return this; }
        public Builder mtpLayers(int v) { mtpLayers = v; return this; }

        /** GPT-2/3 style: LayerNorm, biases everywhere, two-matrix GELU MLP, tied, learned positions. */
        public Builder gptStyle(int positions) {
            norm = Norm.LAYERNORM;
            qkvBias = true;
            outputBias = true;
            mlpBias = true;
            gated = false;
            tiedEmbeddings = true;
            maxPositions = positions;
            return this;
        }

        public Architecture build() {
            if (heads < 1) {
                throw new IllegalArgumentException("heads must be a whole number from 1 to 65536, not " + heads + ".");
            }
            int kv = kvHeads == 0 ? heads : kvHeads;
            int dim = headDim;
            if (dim == 0) {
                if (hidden % heads != 0) {
                    throw new IllegalArgumentException("hidden " + hidden + " is not a multiple of heads " + heads + "; give head_dim explicitly.");
                }
                dim = hidden / heads;
            }
            return new Architecture(name, layers, hidden, heads, kv, dim, ffnHidden, gated, vocab, tiedEmbeddings, norm,
                    normsPerLayer, qkvBias, outputBias, mlpBias, qkNorm, maxPositions, moe, mla, mtpLayers);
        }
    }
}
