package dev.trainplan.engine.time;

import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.Mla;
import dev.trainplan.engine.model.Moe;

/**
 * What one device does in the forward pass of one micro-batch through one transformer layer, after the
 * tensor-, context- and expert-parallel split: its GEMMs (as FLOPs and shapes), the attention core, and
 * the bytes its memory-bound kernels move. Backward and recompute are derived from it by the step model.
 *
 * @param gemmFlops forward GEMM FLOPs (projections, MLP or routed and shared experts, router)
 * @param gemmSeconds those GEMMs at the device's shape-dependent efficiency
 * @param gemmBackwardSeconds their backward: for each, the input gradient ({@code [m, n] × [n, k]}) and the weight
 *     gradient ({@code [k, m] × [m, n]}), each with its own output shape
 * @param attentionFlops forward attention-score FLOPs (QKᵀ and AV; causal tiles skipped)
 * @param attentionSeconds the attention core's forward on this device, by its {@link AttentionKernel}
 * @param attentionBackwardSeconds the attention core's backward
 * @param elementwiseBytes bytes read and written by norms, activations, residuals, RoPE and casts
 * @param activationBytes bytes of the layer's output on this device (what TP, CP and PP exchange)
 * @param columnGemmSeconds forward seconds of the column-parallel GEMMs (those that take the block's input: QKV or
 *     MLA's up-projections, the MLP's first); their backward is the window that can hide the TP collectives
 */
record LayerWork(double gemmFlops, double gemmSeconds, double gemmBackwardSeconds, double attentionFlops, double attentionSeconds, double attentionBackwardSeconds,
                 double elementwiseBytes, double activationBytes, double columnGemmSeconds) {

    /**
     * @param tokens tokens of the micro-batch on this device ({@code b × s / cp})
     * @param contextTokens tokens each query attends over before the causal mask ({@code s})
     * @param expertTp tensor-parallel size of the expert GEMMs
     * @param moeLayer whether the MLP is a mixture of experts
     */
    static LayerWork of(Architecture a, Device device, double tokens, double contextTokens, int tp, int expertTp,
                        boolean sequenceParallel, boolean moeLayer, double valueBytes, AttentionKernel kernel) {
        double h = a.hidden();
        double heads = a.heads() / (double) tp;
        Gemms g = new Gemms(device);
        double column;
        Mla mla = a.mla();
        double qkDim;
        double vDim;
        if (mla.enabled()) {
            qkDim = mla.qkHeadDim();
            vDim = mla.vHeadDim();
            if (mla.qLoraRank() > 0) {
                g.add(tokens, h, mla.qLoraRank());
                g.add(tokens, mla.qLoraRank(), heads * qkDim);
            } else {
                g.add(tokens, h, heads * qkDim);
            }
            double kvDown = mla.kvLoraRank() + mla.qkRopeHeadDim();
            double kvUp = heads * (mla.qkNopeHeadDim() + mla.vHeadDim());
            g.add(tokens, h, kvDown);
            g.add(tokens, mla.kvLoraRank(), kvUp);
            column = g.forward;
            g.add(tokens, heads * vDim, h);
        } else {
            qkDim = a.headDim();
            vDim = a.headDim();
            double qkv = (heads + 2.0 * a.kvHeads() / tp) * a.headDim();
            column = g.add(tokens, h, qkv);
            g.add(tokens, heads * a.headDim(), h);
        }
        int inputs = a.gated() ? 2 : 1;
        double mlpWidth;
        Moe moe = a.moe();
        if (moeLayer) {
            // Balanced routing: the tp ranks' tokens × topK token-expert pairs are split over expert-tp slices of
            // each expert, so a device gets rows × etp / tp of width f_e / etp; its FLOPs do not depend on etp.
            double routed = tokens * moe.topK() * expertTp / tp;
            double fe = moe.expertFfnHidden() / (double) expertTp;
            column += g.add(routed, h, inputs * fe);
            g.add(routed, fe, h);
            g.add(tokens, h, moe.experts());
            mlpWidth = moe.topK() * fe;
            if (moe.sharedExperts() > 0) {
                double fs = moe.sharedExperts() * (double) moe.sharedExpertFfnHidden() / tp;
                column += g.add(tokens, h, inputs * fs);
                g.add(tokens, fs, h);
                mlpWidth += fs;
            }
        } else {
            double f = a.ffnHidden() / (double) tp;
            column += g.add(tokens, h, inputs * f);
            g.add(tokens, f, h);
            mlpWidth = f;
        }
        // QKᵀ and AV over the causal half of the tokens × context square.
        double attention = 2.0 * tokens * contextTokens * heads * (qkDim + vDim) * 0.5;
        double attentionSeconds;
        double attentionBackwardSeconds;
        if (kernel.flash()) {
            attentionSeconds = device.attentionSeconds(attention);
            attentionBackwardSeconds = StepTimeModel.ATTENTION_BACKWARD * attentionSeconds;
        } else {
            // Batched GEMMs over every query row of every head and the whole key square (the mask is applied after),
            // at GEMM efficiency or the HBM roofline: QKᵀ writes and AV reads the s × s scores.
            double rows = tokens * heads;
            double scoreGemms = device.gemmSeconds(rows, qkDim, contextTokens) + device.gemmSeconds(rows, contextTokens, vDim);
            double scores = rows * contextTokens;
            boolean dropout = kernel == AttentionKernel.UNFUSED_DROPOUT;
            attentionSeconds = scoreGemms + device.memorySeconds(scores * (dropout ? SCORE_BYTES_DROPOUT_FORWARD : SCORE_BYTES_FORWARD));
            attentionBackwardSeconds = 2 * scoreGemms + device.memorySeconds(scores * (dropout ? SCORE_BYTES_DROPOUT_BACKWARD : SCORE_BYTES_BACKWARD));
        }
        // Norms, residuals and RoPE touch the hidden state (replicated across TP ranks unless SP splits it);
        // the activation function reads and writes the MLP width; each is read and written once.
        double replicated = sequenceParallel || tp == 1 ? h / tp : h;
        double elementwise = valueBytes * tokens * (ELEMENTWISE_HIDDEN_PASSES * replicated
                + ELEMENTWISE_HEAD_PASSES * heads * qkDim + ELEMENTWISE_MLP_PASSES * (inputs + 1) * mlpWidth);
        if (kernel == AttentionKernel.UNFUSED_DROPOUT) {
            // The recipes that train with attention dropout (GPT-3 era, Megatron's defaults) drop the hidden state too, after
            // attention and after the MLP, in a fused bias-dropout-add: a 1-byte mask written forward, then read with the
            // gradient (2 bytes) to write the input gradient (2 bytes) backward, where a plain residual add costs nothing.
            elementwise += tokens * replicated * HIDDEN_DROPOUTS * HIDDEN_DROPOUT_BYTES;
        }
        if (moeLayer) {
            // Permuting tokens to their experts and back: read and write each routed copy of the hidden state twice.
            elementwise += valueBytes * tokens * moe.topK() * h * MOE_PERMUTE_PASSES;
        }
        return new LayerWork(g.flops, g.forward, g.backward, attention, attentionSeconds, attentionBackwardSeconds, elementwise, valueBytes * tokens * h, column);
    }

    /** Hidden-state passes: 2 norms (read, write), 2 residual adds (2 reads, 1 write), dropout-free. */
    static final double ELEMENTWISE_HIDDEN_PASSES = 6;
    /** Hidden-state dropouts per layer (after attention and after the MLP). */
    static final double HIDDEN_DROPOUTS = 2;
    /** A dropout's 6 bytes per element over forward (1) and backward (5), as forward bytes whose backward costs twice (see MicroBatchWork). */
    static final double HIDDEN_DROPOUT_BYTES = 2;
    /** RoPE on queries and keys: read and write. */
    static final double ELEMENTWISE_HEAD_PASSES = 4;
    /** Activation function: read its inputs, write its output. */
    static final double ELEMENTWISE_MLP_PASSES = 1;

    /** Unfused softmax over 16-bit scores: read and write each, forward; read the gradient and the output, write the gradient, backward. */
    static final double SCORE_BYTES_FORWARD = 4;
    static final double SCORE_BYTES_BACKWARD = 6;
    /** With attention dropout: also read the probabilities and write the dropped ones and a 1-byte mask, and the reverse backward. */
    static final double SCORE_BYTES_DROPOUT_FORWARD = 9;
    static final double SCORE_BYTES_DROPOUT_BACKWARD = 11;

    /** Permute (read, write) and unpermute (read, write) of every routed token copy. */
    static final double MOE_PERMUTE_PASSES = 4;

    static double gemm(double m, double k, double n) {
        return 2 * m * k * n;
    }

    /** A layer's GEMMs, added one {@code [m, k] × [k, n]} at a time: forward FLOPs, forward and backward seconds. */
    private static final class Gemms {
        private final Device device;
        double flops;
        double forward;
        double backward;

        Gemms(Device device) {
            this.device = device;
        }

        /** Adds a GEMM and returns its forward seconds. */
        double add(double m, double k, double n) {
            double seconds = device.gemmSeconds(m, k, n);
            flops += gemm(m, k, n);
            forward += seconds;
            backward += device.gemmSeconds(m, n, k) + device.gemmSeconds(k, m, n);
            return seconds;
        }
    }
}
