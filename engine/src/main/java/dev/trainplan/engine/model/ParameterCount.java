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
 */
public record ParameterCount(long embedding, long head, long positions, long finalNorm, long attentionPerLayer,
                             long normsPerLayer, long denseMlpPerLayer, int denseLayers, long routerPerLayer,
                             long sharedExpertsPerLayer, long expertParameters, int moeLayers, int experts, int topK) {

    static ParameterCount of(Architecture a) {
        long h = a.hidden();
        long attention = attention(a);
        long norms = a.normsPerLayer() * a.norm().parameters(h);
        long denseMlp = mlp(h, a.ffnHidden(), a.gated(), a.mlpBias());
        Moe moe = a.moe();
        long router = moe.enabled() ? h * moe.experts() + (moe.routerBias() ? moe.experts() : 0) : 0;
        long shared = moe.sharedExperts() * mlp(h, moe.sharedExpertFfnHidden(), a.gated(), a.mlpBias());
        long expert = moe.enabled() ? mlp(h, moe.expertFfnHidden(), a.gated(), a.mlpBias()) : 0;
        long embedding = (long) a.vocab() * h;
        return new ParameterCount(embedding, a.tiedEmbeddings() ? 0 : embedding, (long) a.maxPositions() * h,
                a.norm().parameters(h), attention, norms, denseMlp, a.denseLayers(), router, shared, expert,
                a.moeLayers(), moe.experts(), moe.topK());
    }

    private static long attention(Architecture a) {
        long h = a.hidden();
        long heads = a.heads();
        Mla mla = a.mla();
        if (mla.enabled()) {
            long q = mla.qLoraRank() > 0
                    ? h * mla.qLoraRank() + mla.qLoraRank() + (long) mla.qLoraRank() * heads * mla.qkHeadDim()
                    : h * heads * mla.qkHeadDim();
            long kvDown = h * (mla.kvLoraRank() + mla.qkRopeHeadDim()) + mla.kvLoraRank();
            long kvUp = (long) mla.kvLoraRank() * heads * (mla.qkNopeHeadDim() + mla.vHeadDim());
            long out = heads * mla.vHeadDim() * h + (a.outputBias() ? h : 0);
            return q + kvDown + kvUp + out;
        }
        long d = a.headDim();
        long q = heads * d;
        long kv = (long) a.kvHeads() * d;
        long projections = 2 * h * q + 2 * h * kv;
        long bias = (a.qkvBias() ? q + 2 * kv : 0) + (a.outputBias() ? h : 0);
        long qkNorm = switch (a.qkNorm()) {
            case NONE -> 0;
            case PER_HEAD -> 2 * d;
            case FULL -> q + kv;
        };
        return projections + bias + qkNorm;
    }

    /** One MLP of width {@code ffn}: gated (gate, up, down) or two matrices, with their biases. */
    static long mlp(long h, long ffn, boolean gated, boolean bias) {
        long weights = (gated ? 3 : 2) * h * ffn;
        long biases = bias ? (gated ? 2 * ffn : ffn) + h : 0;
        return weights + biases;
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

    public long total() {
        return layersTotal() + embeddings() + finalNorm;
    }

    /** Parameters a token passes through: its top-k routed experts and everything else. */
    public long active() {
        return total() - (long) moeLayers * (experts - topK) * expertParameters;
    }

    /** Kaplan's N: everything but the token and position embeddings (the LM head counts). */
    public long nonEmbedding() {
        return total() - embedding - positions;
    }

    public long activeNonEmbedding() {
        return active() - embedding - positions;
    }
}
