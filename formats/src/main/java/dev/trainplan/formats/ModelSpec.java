package dev.trainplan.formats;

import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.GenericModel;
import dev.trainplan.engine.model.Mla;
import dev.trainplan.engine.model.Model;
import dev.trainplan.engine.model.Moe;
import dev.trainplan.engine.model.Norm;
import dev.trainplan.engine.model.QkNorm;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One model as a catalog entry or a trainplan model file writes it (snake_case keys). A transformer
 * starts from Llama's choices (RMSNorm, no biases, gated MLP, untied, RoPE) or, with {@code style: gpt},
 * from GPT-2/3's; the keys given override them. {@code kind: generic} takes the totals instead.
 */
record ModelSpec(String id, List<String> aliases, String family, String source, String notes, String kind, String style,
                 Integer layers, Integer hidden, Integer heads, Integer kvHeads, Integer headDim, Integer ffnHidden,
                 Boolean gated, Integer vocab, Boolean tiedEmbeddings, String norm, Integer normsPerLayer,
                 Boolean qkvBias, Boolean outputBias, Boolean mlpBias, String qkNorm, Integer maxPositions,
                 Integer mtpLayers, MoeSpec moe, MlaSpec mla,
                 Long parameters, Double forwardFlopsPerSample, Double activationBytesPerSample) {

    record MoeSpec(Integer experts, Integer topK, Integer expertFfnHidden, Integer sharedExperts,
                   Integer sharedExpertFfnHidden, Integer denseLayers, Boolean routerBias) {
    }

    record MlaSpec(Integer qLoraRank, Integer kvLoraRank, Integer qkNopeHeadDim, Integer qkRopeHeadDim, Integer vHeadDim) {
    }

    /** The engine's model; {@code where} names the file and entry in every error. */
    Model toModel(String name, String where) {
        try {
            String k = kind == null ? "transformer" : kind;
            return switch (k) {
                case "transformer" -> architecture(name, where);
                case "generic" -> generic(name, where);
                default -> throw new IllegalArgumentException(where + ": kind '" + k + "' is not one of transformer, generic.");
            };
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith(where)) {
                throw e;
            }
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private GenericModel generic(String name, String where) {
        List<String> structural = structuralKeysGiven();
        if (!structural.isEmpty()) {
            throw new IllegalArgumentException(where + ": '" + structural.getFirst()
                    + "' describes a transformer, but kind is generic; give parameters, forward_flops_per_sample and activation_bytes_per_sample only.");
        }
        return new GenericModel(name, required(parameters, "parameters", where),
                required(forwardFlopsPerSample, "forward_flops_per_sample", where),
                required(activationBytesPerSample, "activation_bytes_per_sample", where));
    }

    private Architecture architecture(String name, String where) {
        if (parameters != null || forwardFlopsPerSample != null || activationBytesPerSample != null) {
            throw new IllegalArgumentException(where + ": parameters, forward_flops_per_sample and activation_bytes_per_sample "
                    + "are for kind: generic; a transformer's counts follow from its shape.");
        }
        Architecture.Builder b = Architecture.builder(name);
        String s = style == null ? "llama" : style;
        switch (s) {
            case "llama" -> { }
            case "gpt" -> b.gptStyle(0);
            default -> throw new IllegalArgumentException(where + ": style '" + s + "' is not one of llama, gpt.");
        }
        b.layers(required(layers, "layers", where)).hidden(required(hidden, "hidden", where))
                .heads(required(heads, "heads", where)).ffnHidden(required(ffnHidden, "ffn_hidden", where))
                .vocab(required(vocab, "vocab", where));
        if (kvHeads != null) b.kvHeads(kvHeads);
        if (headDim != null) b.headDim(headDim);
        if (gated != null) b.gated(gated);
        if (tiedEmbeddings != null) b.tiedEmbeddings(tiedEmbeddings);
        if (norm != null) b.norm(Norm.parse(norm));
        if (normsPerLayer != null) b.normsPerLayer(normsPerLayer);
        if (qkvBias != null) b.qkvBias(qkvBias);
        if (outputBias != null) b.outputBias(outputBias);
        if (mlpBias != null) b.mlpBias(mlpBias);
        if (qkNorm != null) b.qkNorm(QkNorm.parse(qkNorm));
        if (maxPositions != null) b.maxPositions(maxPositions);
        if (mtpLayers != null) b.mtpLayers(mtpLayers);
        if (moe != null) {
            b.moe(new Moe(required(moe.experts, "moe.experts", where), required(moe.topK, "moe.top_k", where),
                    required(moe.expertFfnHidden, "moe.expert_ffn_hidden", where), orZero(moe.sharedExperts),
                    orZero(moe.sharedExpertFfnHidden), orZero(moe.denseLayers), Boolean.TRUE.equals(moe.routerBias)));
        }
        if (mla != null) {
            b.mla(new Mla(orZero(mla.qLoraRank), required(mla.kvLoraRank, "mla.kv_lora_rank", where),
                    required(mla.qkNopeHeadDim, "mla.qk_nope_head_dim", where),
                    required(mla.qkRopeHeadDim, "mla.qk_rope_head_dim", where), required(mla.vHeadDim, "mla.v_head_dim", where)));
        }
        return b.build();
    }

    private List<String> structuralKeysGiven() {
        Object[] values = {layers, hidden, heads, kvHeads, headDim, ffnHidden, gated, vocab, tiedEmbeddings, norm,
            normsPerLayer, qkvBias, outputBias, mlpBias, qkNorm, maxPositions, mtpLayers, moe, mla, style};
        String[] keys = {"layers", "hidden", "heads", "kv_heads", "head_dim", "ffn_hidden", "gated", "vocab",
            "tied_embeddings", "norm", "norms_per_layer", "qkv_bias", "output_bias", "mlp_bias", "qk_norm",
            "max_positions", "mtp_layers", "moe", "mla", "style"};
        return IntStream.range(0, keys.length).filter(i -> values[i] != null).mapToObj(i -> keys[i]).toList();
    }

    private static <T> T required(T value, String key, String where) {
        if (value == null) {
            throw new IllegalArgumentException(where + " has no '" + key + "'; it is required.");
        }
        return value;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
