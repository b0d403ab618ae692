package dev.trainplan.engine.memory;

import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.GenericModel;
import dev.trainplan.engine.model.Mla;
import dev.trainplan.engine.model.Model;
import dev.trainplan.engine.model.Moe;
import dev.trainplan.engine.model.ParameterCount;

/**
 * The widths and parameter counts of a model that the memory formulas read, computed once so that
 * the fast path does no work per call beyond arithmetic. A {@link GenericModel} has no layers: it is
 * one block whose activations the user gave per sample.
 */
final class Shape {
    final boolean layered;
    final int layers;
    final int denseLayers;
    final long hidden;
    final int heads;
    final long queryWidth;
    final long keyWidth;
    final long valueWidth;
    final long outputWidth;
    final long ffn;
    final boolean gated;
    final long vocab;
    final int normsPerLayer;
    /** Bytes per token of MLA's low-rank intermediates (latents and their norm inputs); 0 without MLA. */
    final long mlaLatentBytesPerToken;
    final int experts;
    final int topK;
    final long expertFfn;
    final long sharedFfn;

    final long denseLayerParams;
    final long moeLayerNonExpertParams;
    final long expertParams;
    final long embeddingParams;
    final long headParams;
    final long finalNormParams;
    final long totalParams;
    /** The largest single module's parameters (DeepSpeed's {@code largest_layer_params}). */
    final long largestModuleParams;
    /** GEMM weights of one dense layer / of one MoE layer outside its experts (FP8 copies, QLoRA quantisation). */
    final long denseLayerGemmParams;
    final long moeLayerGemmParams;
    /** Adafactor's factored second moment: 4 bytes per row and per column of each matrix, 4 per vector entry. */
    final long adafactorDenseLayerBytes;
    final long adafactorMoeLayerBytes;
    final long adafactorEmbeddingBytes;
    /** User-given activation bytes per sample of a {@link GenericModel}. */
    final double genericActivationBytesPerSample;

    Shape(Model model) {
        switch (model) {
            case Architecture a -> {
                ParameterCount pc = a.parameterCount();
                layered = true;
                layers = a.layers();
                denseLayers = a.denseLayers();
                hidden = a.hidden();
                heads = a.heads();
                Mla mla = a.mla();
                if (mla.enabled()) {
                    queryWidth = (long) a.heads() * mla.qkHeadDim();
                    keyWidth = queryWidth;
                    valueWidth = (long) a.heads() * mla.vHeadDim();
                    mlaLatentBytesPerToken = 2L * (2L * mla.qLoraRank() + (mla.kvLoraRank() + mla.qkRopeHeadDim()) + mla.kvLoraRank());
                } else {
                    queryWidth = (long) a.heads() * a.headDim();
                    keyWidth = (long) a.kvHeads() * a.headDim();
                    valueWidth = keyWidth;
                    mlaLatentBytesPerToken = 0;
                }
                outputWidth = mla.enabled() ? valueWidth : queryWidth;
                ffn = a.ffnHidden();
                gated = a.gated();
                vocab = a.vocab();
                normsPerLayer = a.normsPerLayer();
                Moe moe = a.moe();
                experts = moe.experts();
                topK = moe.topK();
                expertFfn = moe.expertFfnHidden();
                sharedFfn = (long) moe.sharedExperts() * moe.sharedExpertFfnHidden();
                denseLayerParams = pc.denseLayer();
                moeLayerNonExpertParams = pc.moeLayerNonExpert();
                expertParams = pc.expertParameters();
                embeddingParams = pc.embedding() + pc.positions();
                headParams = pc.head();
                finalNormParams = pc.finalNorm();
                totalParams = pc.total();
                int matrices = gated ? 3 : 2;
                long attentionGemm = hidden * (queryWidth + keyWidth + valueWidth) + outputWidth * hidden;
                denseLayerGemmParams = attentionGemm + matrices * hidden * ffn;
                moeLayerGemmParams = attentionGemm + matrices * hidden * sharedFfn;
                long linearMax = Math.max(Math.max(hidden * ffn, hidden * expertFfn), hidden * Math.max(queryWidth, outputWidth));
                largestModuleParams = Math.max(linearMax, Math.max(pc.embedding(), pc.head()));
                long attentionFactored = 4 * (4 * hidden + queryWidth + keyWidth + valueWidth + outputWidth);
                long vectors = 4 * pc.normsPerLayer();
                adafactorDenseLayerBytes = attentionFactored + 4L * matrices * (hidden + ffn) + vectors;
                adafactorMoeLayerBytes = attentionFactored + 4L * matrices * ((long) experts * (hidden + expertFfn)
                        + (moe.sharedExperts() > 0 ? hidden + sharedFfn : 0)) + 4 * (hidden + experts) + vectors;
                adafactorEmbeddingBytes = 4 * (vocab + hidden);
                genericActivationBytesPerSample = 0;
            }
            case GenericModel g -> {
                layered = false;
                layers = 1;
                denseLayers = 1;
                hidden = 0;
                heads = 0;
                queryWidth = 0;
                keyWidth = 0;
                valueWidth = 0;
                outputWidth = 0;
                ffn = 0;
                gated = false;
                vocab = 0;
                normsPerLayer = 0;
                mlaLatentBytesPerToken = 0;
                experts = 0;
                topK = 0;
                expertFfn = 0;
                sharedFfn = 0;
                denseLayerParams = g.parameters();
                moeLayerNonExpertParams = 0;
                expertParams = 0;
                embeddingParams = 0;
                headParams = 0;
                finalNormParams = 0;
                totalParams = g.parameters();
                largestModuleParams = g.parameters();
                denseLayerGemmParams = g.parameters();
                moeLayerGemmParams = 0;
                adafactorDenseLayerBytes = 0;
                adafactorMoeLayerBytes = 0;
                adafactorEmbeddingBytes = 0;
                genericActivationBytesPerSample = g.activationBytesPerSample();
            }
        }
    }

    boolean isMoeLayer(int layer) {
        return experts > 0 && layer >= denseLayers;
    }

    /** Parameters a layer holds outside its routed experts. */
    long nonExpertParams(int layer) {
        return isMoeLayer(layer) ? moeLayerNonExpertParams : denseLayerParams;
    }

    long routedExpertParams(int layer) {
        return isMoeLayer(layer) ? experts * expertParams : 0;
    }
}
