package dev.trainplan.engine.model;

/**
 * Parameters of an {@link Architecture} by part, following {@code formulas.md} §1 (the accounting of
 * Megatron-LM's {@code theoretical_memory_usage.py}). Memory splits these parts across pipeline stages
 * and tensor/expert ranks; FLOPs follow the active parts.
 *
 * @param attentionPerLayer attention projections, their biases and Q/K norms of one layer
 * @param normsPerLayer the layer's norms (excluding Q/K norms)
 * @param denseMlpPerLayer the MLP of a dense layer (with biases)
 * @param routerPerLayer the router of an MoE layer
 * @param sharedExpertsPerLayer all shared experts of an MoE layer
 * @param expertParameters one routed expert (with biases)
 * @param mtpProjectionPerLayer an MTP module's own projection and norms, its layer excluded (0 without MTP)
 */
public record ParameterCount(long embedding, long head, long positions, long finalNorm, long attentionPerLayer,
                             long normsPerLayer, long denseMlpPerLayer, int denseLayers, long routerPerLayer,
                             long sharedExpertsPerLayer, long expertParameters, int moeLayers, int experts, int topK,
                             int mtpLayers, long mtpProjectionPerLayer) {

    static ParameterCount of(Architecture a) {
        long h = a.hidden();
        long norms = a.normsPerLayer() * a.norm().parameters(h);
        long denseMlp = mlp(h, a.ffnHidden(), a.gated(), a.mlpBias());
        Moe moe = a.moe();
        long router = moe.enabled() ? h * moe.experts() + (moe.routerBias() ? moe.experts() : 0) : 0;
        long shared = moe.sharedExperts() * mlp(h, moe.sharedExpertFfnHidden(), a.gated(), a.mlpBias());
        long expert = moe.enabled() ? mlp(h, moe.expertFfnHidden(), a.gated(), a.mlpBias()) : 0;
        long embedding = (long) a.vocab() * h;
        // DeepSeek-V3 MTP module: eh_proj (2h → h), enorm, hnorm and the final norm before the shared head.
        long mtpProjection = a.mtpLayers() > 0 ? 2 * h * h + 3 * a.norm().parameters(h) : 0;
        return new ParameterCount(embedding, a.tiedEmbeddings() ? 0 : embedding, (long) a.maxPositions() * h,
                a.norm().parameters(h), attention(a), norms, denseMlp, a.denseLayers(), router, shared, expert,
                a.moeLayers(), moe.experts(), moe.topK(), a.mtpLayers(), mtpProjection);
    }

    private static long attention(Architecture a) {
        long d = a.headDim();
        long q = (long) a.heads() * d;
        long kv = (long) a.kvHeads() * d;
        Mla mla = a.mla();
        long bias = a.outputBias() ? a.hidden() : 0;
        if (mla.enabled()) {
            // the q_a and kv_a layernorms on the two latents
            return attentionMatrices(a) + mla.qLoraRank() + mla.kvLoraRank() + bias;
        }
        if (a.qkvBias()) {
            bias += q + 2 * kv;
        }
        long qkNorm = switch (a.qkNorm()) {
            case NONE -> 0;
            case PER_HEAD -> 2 * d;
            case FULL -> q + kv;
        };
        return attentionMatrices(a) + bias + qkNorm;
    }

    /** The weight matrices of one layer's attention: what its GEMMs multiply by, biases and norms excluded. */
    static long attentionMatrices(Architecture a) {
        long h = a.hidden();
        long heads = a.heads();
        Mla mla = a.mla();
        if (mla.enabled()) {
            long q = mla.qLoraRank() > 0
                    ? h * mla.qLoraRank() + (long) mla.qLoraRank() * heads * mla.qkHeadDim()
                    : h * heads * mla.qkHeadDim();
            long kvDown = h * (mla.kvLoraRank() + mla.qkRopeHeadDim());
            long kvUp = (long) mla.kvLoraRank() * heads * (mla.qkNopeHeadDim() + mla.vHeadDim());
            return q + kvDown + kvUp + heads * mla.vHeadDim() * h;
        }
        long q = heads * a.headDim();
        long kv = (long) a.kvHeads() * a.headDim();
        return 2 * h * q + 2 * h * kv;
    }

    /** One MLP of width {@code ffn}: gated (gate, up, down) or two matrices, with their biases. */
    static long mlp(long h, long ffn, boolean gated, boolean bias) {
        long biases = bias ? (gated ? 2 * ffn : ffn) + h : 0;
        return mlpMatrices(h, ffn, gated) + biases;
    }

    static long mlpMatrices(long h, long ffn, boolean gated) {
        return (gated ? 3 : 2) * h * ffn;
    }

    /** Everything an MoE layer holds outside its routed experts. */
    public long moeLayerNonExpert() {
        return attentionPerLayer + normsPerLayer + routerPerLayer + sharedExpertsPerLayer;
    }

    public long denseLayer() {
        return attentionPerLayer + normsPerLayer + denseMlpPerLayer;
    }

    public long embeddings() {
        return embedding + head + positions;
    }

    public long layersTotal() {
        return denseLayers * denseLayer() + moeLayers * (moeLayerNonExpert() + experts * expertParameters);
    }

    /** One MTP module: its projection and norms and one more layer like the model's last (MoE if the model has MoE layers). */
    public long mtpLayer() {
        return mtpProjectionPerLayer + (moeLayers > 0 ? moeLayerNonExpert() + experts * expertParameters : denseLayer());
    }

    /** All multi-token-prediction modules (DeepSeek-V3); they share the embedding and the LM head. */
    public long mtp() {
        return mtpLayers * mtpLayer();
    }

    /** Everything the optimizer updates, the MTP modules included. */
    public long total() {
        return layersTotal() + mtp() + embeddings() + finalNorm;
    }

    /** Parameters a token passes through: its top-k routed experts and everything else. */
    public long active() {
        long layersWithExperts = moeLayers + (moeLayers > 0 ? mtpLayers : 0);
        return total() - layersWithExperts * (experts - topK) * expertParameters;
    }

    /** Kaplan's N: everything but the token and position embeddings (the LM head counts). */
    public long nonEmbedding() {
        return total() - embedding - positions;
    }

    public long activeNonEmbedding() {
        return active() - embedding - positions;
    }
}
