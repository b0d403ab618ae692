package dev.trainplan.engine.model;

import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Require;

/**
 * Training FLOPs of a {@link Model} per token, following {@code formulas.md} §0 and §2: a GEMM
 * {@code [m,k]×[k,n]} is {@code 2·m·k·n} FLOPs, so a token costs 2 FLOPs per weight-matrix element it
 * passes through in the forward pass; biases, norms, activations and softmax are not counted. The
 * backward pass is twice the forward (input and weight gradients). Model FLOPs are forward + backward
 * (what MFU divides by); hardware FLOPs add what activation recomputation runs again (HFU).
 *
 * <p>Only the attention scores depend on the sequence length, linearly per token, so {@link #of(Model)}
 * reduces a model to four numbers once and every per-configuration method is a few multiplications that
 * allocate nothing: cheap enough for the planner's inner loop.
 *
 * <p>Causal attention is counted as {@link AttentionCounting#CAUSAL} (half of QKᵀ and AV) unless a
 * method takes an {@link AttentionCounting}. For a {@link GenericModel} a token is {@code 1/seqLen} of a
 * sample, so per-sample figures are right whatever sequence length the job gives.
 *
 * @param layerGemmForwardFlopsPerToken every layer's GEMMs in one forward pass (attention projections,
 *        MLP or router and active experts, MTP modules), the LM head excluded
 * @param logitsForwardFlopsPerToken the LM head, {@code 2·h·V}, once more per MTP module
 * @param attentionForwardFlopsPerPosition QKᵀ and AV of every layer for one query against one key
 *        position, {@code Σ 2·heads·(qk head dim + v head dim)}
 * @param genericForwardFlopsPerSample a {@link GenericModel}'s forward FLOPs per sample; 0 for an {@link Architecture}
 */
public record FlopCount(double layerGemmForwardFlopsPerToken, double logitsForwardFlopsPerToken,
                        double attentionForwardFlopsPerPosition, double genericForwardFlopsPerSample) {
    private static final int MAX_SEQ_LEN = 1 << 24;

    public static FlopCount of(Model model) {
        return switch (model) {
            case Architecture a -> of(a);
            case GenericModel g -> new FlopCount(0, 0, 0, g.forwardFlopsPerSample());
        };
    }

    private static FlopCount of(Architecture a) {
        ParameterCount p = a.parameterCount();
        long attention = ParameterCount.attentionMatrices(a);
        long denseLayer = attention + ParameterCount.mlpMatrices(a.hidden(), a.ffnHidden(), a.gated());
        Moe moe = a.moe();
        long moeLayer = 0;
        if (moe.enabled()) {
            moeLayer = attention + (long) a.hidden() * moe.experts()
                    + moe.topK() * ParameterCount.mlpMatrices(a.hidden(), moe.expertFfnHidden(), a.gated())
                    + moe.sharedExperts() * ParameterCount.mlpMatrices(a.hidden(), moe.sharedExpertFfnHidden(), a.gated());
        }
        long mtpLayer = 2L * a.hidden() * a.hidden() + (moe.enabled() ? moeLayer : denseLayer);
        double layerMatrices = (double) p.denseLayers() * denseLayer + (double) p.moeLayers() * moeLayer
                + (double) a.mtpLayers() * mtpLayer;
        int attentionLayers = a.layers() + a.mtpLayers();
        double perPosition = 2.0 * a.heads() * attentionLayers * (a.mla().enabled()
                ? a.mla().qkHeadDim() + a.mla().vHeadDim()
                : 2 * a.headDim());
        double logits = 2.0 * a.hidden() * a.vocab() * (1 + a.mtpLayers());
        return new FlopCount(2 * layerMatrices, logits, perPosition, 0);
    }

    /** Forward GEMM FLOPs per token: every layer and the LM head. */
    public double gemmForwardFlopsPerToken() {
        return layerGemmForwardFlopsPerToken + logitsForwardFlopsPerToken;
    }

    /** QKᵀ and AV per token in one forward pass over a sequence of {@code seqLen} tokens. */
    public double attentionForwardFlopsPerToken(int seqLen, AttentionCounting counting) {
        return attentionForwardFlopsPerPosition * counting.positionsPerToken(checked(seqLen));
    }

    public double forwardFlopsPerToken(int seqLen, AttentionCounting counting) {
        return gemmForwardFlopsPerToken() + attentionForwardFlopsPerToken(seqLen, counting)
                + genericForwardFlopsPerSample / checked(seqLen);
    }

    /** What the math of training needs: forward and a backward of twice the forward. */
    public double modelFlopsPerToken(int seqLen, AttentionCounting counting) {
        return 3 * forwardFlopsPerToken(seqLen, counting);
    }

    /** {@link #modelFlopsPerToken(int, AttentionCounting)} with causal attention. */
    public double modelFlopsPerToken(int seqLen) {
        return modelFlopsPerToken(seqLen, AttentionCounting.CAUSAL);
    }

    /**
     * What recomputation runs again per token: selective, the attention core's forward (Korthikanti et
     * al. 2022); full, one more forward of every layer, the LM head excluded because it is not
     * checkpointed. A {@link GenericModel} has no attention core trainplan knows of, so selective adds nothing.
     */
    public double recomputeFlopsPerToken(int seqLen, Recompute recompute, AttentionCounting counting) {
        return switch (recompute) {
            case NONE -> 0;
            case SELECTIVE -> attentionForwardFlopsPerToken(seqLen, counting);
            case FULL -> layerGemmForwardFlopsPerToken + attentionForwardFlopsPerToken(seqLen, counting)
                    + genericForwardFlopsPerSample / seqLen;
        };
    }

    /** Model FLOPs plus what {@code recompute} runs again (HFU's numerator). */
    public double hardwareFlopsPerToken(int seqLen, Recompute recompute, AttentionCounting counting) {
        return modelFlopsPerToken(seqLen, counting) + recomputeFlopsPerToken(seqLen, recompute, counting);
    }

    /** {@link #hardwareFlopsPerToken(int, Recompute, AttentionCounting)} with causal attention. */
    public double hardwareFlopsPerToken(int seqLen, Recompute recompute) {
        return hardwareFlopsPerToken(seqLen, recompute, AttentionCounting.CAUSAL);
    }

    /** Every figure per token at one configuration, for showing the work; multiply by tokens for a step. */
    public Breakdown breakdown(int seqLen, Recompute recompute, AttentionCounting counting) {
        double forward = forwardFlopsPerToken(seqLen, counting);
        double recomputed = recomputeFlopsPerToken(seqLen, recompute, counting);
        return new Breakdown(layerGemmForwardFlopsPerToken + genericForwardFlopsPerSample / seqLen,
                attentionForwardFlopsPerToken(seqLen, counting), logitsForwardFlopsPerToken, forward, 2 * forward,
                recomputed, 3 * forward, 3 * forward + recomputed);
    }

    private static int checked(int seqLen) {
        if (seqLen < 1 || seqLen > MAX_SEQ_LEN) {
            throw new IllegalArgumentException("seq_len must be a whole number from 1 to " + MAX_SEQ_LEN + ", not " + seqLen + ".");
        }
        return seqLen;
    }

    /**
     * FLOPs per token (or, after {@link #times(double)}, per step) of one configuration.
     *
     * @param forwardGemm the layers' forward GEMMs (a generic model's whole forward)
     * @param forwardAttention QKᵀ and AV in the forward pass
     * @param forwardLogits the LM head in the forward pass
     */
    public record Breakdown(double forwardGemm, double forwardAttention, double forwardLogits, double forward,
                            double backward, double recompute, double model, double hardware) {
        public Breakdown times(double tokens) {
            return new Breakdown(forwardGemm * tokens, forwardAttention * tokens, forwardLogits * tokens, forward * tokens,
                    backward * tokens, recompute * tokens, model * tokens, hardware * tokens);
        }
    }
}
