package dev.trainplan.formats;

import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.Mla;
import dev.trainplan.engine.model.Moe;
import dev.trainplan.engine.model.Norm;
import dev.trainplan.engine.model.QkNorm;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a Hugging Face {@code config.json} into an {@link Architecture}. A field the family's
 * transformers config class defaults (e.g. {@code num_key_value_heads}, {@code tie_word_embeddings}) may be
 * left out and takes that default; a structural field with no default missing, or a {@code model_type}
 * trainplan does not know, is one sentence naming it. The file is read locally; nothing is downloaded.
 */
public final class HfConfigImport {
    /** The {@code model_type} values trainplan reads. */
    public static final List<String> MODEL_TYPES = List.of("llama", "mistral", "mixtral", "qwen2", "qwen3", "qwen3_moe",
            "gemma", "gemma2", "gemma3_text", "gemma3", "gpt2", "gpt_neox", "deepseek_v3");

    private HfConfigImport() {
    }

    /** Imports {@code file}; the model is named after {@code _name_or_path}, else the file's folder. */
    public static Architecture read(Path file) {
        return parse(ModelFiles.readText(file, "the Hugging Face config"), folderName(file), file.toString());
    }

    /** Imports the JSON text of a config; {@code where} names it in errors. */
    public static Architecture parse(String json, String fallbackName, String where) {
        return fromTree(ModelSpecReader.tree(json, where), fallbackName, where);
    }

    static Architecture fromTree(JsonNode root, String fallbackName, String where) {
        Fields c = new Fields(root, where, root.path("model_type").asString(""));
        String name = root.path("_name_or_path").asString("");
        return from(c, name.isBlank() ? fallbackName : name);
    }

    /** HF configs are all called config.json; the folder they sit in names the model. */
    static String folderName(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        return folder == null || folder.getFileName() == null ? file.getFileName().toString() : folder.getFileName().toString();
    }

    private static Architecture from(Fields c, String name) {
        return switch (c.type) {
            case "llama", "mistral", "mixtral", "qwen2", "qwen3", "qwen3_moe" -> llamaLike(c, name);
            case "gemma", "gemma2", "gemma3_text" -> gemma(c, name);
            case "gemma3" -> gemma(c.textConfig(), name);
            case "gpt2" -> gpt2(c, name);
            case "gpt_neox" -> gptNeox(c, name);
            case "deepseek_v3" -> deepseekV3(c, name);
            case "" -> throw new IllegalArgumentException(c.where + " has no 'model_type'; trainplan reads "
                    + String.join(", ", MODEL_TYPES) + ".");
            default -> throw new IllegalArgumentException("model_type '" + c.type + "' in " + c.where
                    + " is not one trainplan reads; it reads " + String.join(", ", MODEL_TYPES) + ".");
        };
    }

    /** The decoder fields Llama, Mistral, Qwen, Gemma and DeepSeek configs share. */
    private static Architecture.Builder decoder(Fields c, String name) {
        int heads = c.integer("num_attention_heads");
        return Architecture.builder(name)
                .layers(c.integer("num_hidden_layers"))
                .hidden(c.integer("hidden_size"))
                .heads(heads)
                .kvHeads(c.integer("num_key_value_heads", heads))
                .headDim(c.integer("head_dim", 0))
                .ffnHidden(c.integer("intermediate_size"))
                .vocab(c.integer("vocab_size"));
    }

    private static Architecture llamaLike(Fields c, String name) {
        Architecture.Builder b = decoder(c, name).tiedEmbeddings(c.bool("tie_word_embeddings", false));
        boolean attentionBias = c.bool("attention_bias", false);
        switch (c.type) {
            case "llama" -> b.qkvBias(attentionBias).outputBias(attentionBias).mlpBias(c.bool("mlp_bias", false));
            // Qwen2 hard-codes biases on q, k and v (not o) and has no switch for them.
            case "qwen2" -> b.qkvBias(true);
            case "qwen3", "qwen3_moe" -> b.qkvBias(attentionBias).outputBias(attentionBias).qkNorm(QkNorm.PER_HEAD);
            default -> { }
        }
        if (c.type.equals("mixtral")) {
            int width = c.integer("intermediate_size");
            b.moe(new Moe(c.integer("num_local_experts"), c.integer("num_experts_per_tok"), width, 0, 0, 0, false));
        } else if (c.type.equals("qwen3_moe")) {
            if (c.integer("decoder_sparse_step", 1) != 1) {
                throw new IllegalArgumentException("decoder_sparse_step " + c.integer("decoder_sparse_step") + " in " + c.where
                        + " interleaves dense and MoE layers, which trainplan does not model; it takes decoder_sparse_step 1.");
            }
            b.moe(new Moe(c.integer("num_experts"), c.integer("num_experts_per_tok"), c.integer("moe_intermediate_size"),
                    0, 0, c.leadingLayers("mlp_only_layers"), false));
        }
        return b.build();
    }

    private static Architecture gemma(Fields c, String name) {
        // GemmaConfig defaults head_dim to 256, not hidden / heads.
        Architecture.Builder b = decoder(c, name).headDim(c.integer("head_dim", 256))
                .tiedEmbeddings(c.bool("tie_word_embeddings", true));
        if (!c.type.equals("gemma")) {
            // pre- and post-norms around both attention and MLP
            b.normsPerLayer(4);
        }
        if (c.type.startsWith("gemma3")) {
            b.qkNorm(QkNorm.PER_HEAD);
        }
        return b.build();
    }

    private static Architecture gpt2(Fields c, String name) {
        int hidden = c.integer("n_embd");
        return Architecture.builder(name).gptStyle(c.integer("n_positions"))
                .layers(c.integer("n_layer"))
                .hidden(hidden)
                .heads(c.integer("n_head"))
                .ffnHidden(c.integer("n_inner", 4 * hidden))
                .vocab(c.integer("vocab_size"))
                .tiedEmbeddings(c.bool("tie_word_embeddings", true))
                .build();
    }

    private static Architecture gptNeox(Fields c, String name) {
        boolean attentionBias = c.bool("attention_bias", true);
        return Architecture.builder(name).gptStyle(0)
                .layers(c.integer("num_hidden_layers"))
                .hidden(c.integer("hidden_size"))
                .heads(c.integer("num_attention_heads"))
                .ffnHidden(c.integer("intermediate_size"))
                .vocab(c.integer("vocab_size"))
                .qkvBias(attentionBias)
                .outputBias(attentionBias)
                .tiedEmbeddings(c.bool("tie_word_embeddings", false))
                .build();
    }

    private static Architecture deepseekV3(Fields c, String name) {
        if (c.integer("moe_layer_freq", 1) != 1) {
            throw new IllegalArgumentException("moe_layer_freq " + c.integer("moe_layer_freq") + " in " + c.where
                    + " interleaves dense and MoE layers, which trainplan does not model; it takes moe_layer_freq 1.");
        }
        int expertWidth = c.integer("moe_intermediate_size");
        int shared = c.integer("n_shared_experts", 0);
        // noaux_tc routing adds a learned bias per expert (e_score_correction_bias).
        boolean routerBias = c.string("topk_method", "greedy").equals("noaux_tc");
        Moe moe = new Moe(c.integer("n_routed_experts"), c.integer("num_experts_per_tok"), expertWidth, shared,
                shared > 0 ? expertWidth : 0, c.integer("first_k_dense_replace", 0), routerBias);
        Mla mla = new Mla(c.integer("q_lora_rank", 0), c.integer("kv_lora_rank"), c.integer("qk_nope_head_dim"),
                c.integer("qk_rope_head_dim"), c.integer("v_head_dim"));
        return decoder(c, name).tiedEmbeddings(c.bool("tie_word_embeddings", false)).moe(moe).mla(mla)
                .mtpLayers(c.integer("num_nextn_predict_layers", 0)).build();
    }

    /** Typed access to one config object; every failure names the field and the file. */
    private record Fields(JsonNode node, String where, String type) {
        /**
         * Gemma 3 vision-language configs nest the decoder under {@code text_config} and leave out what
         * Gemma3TextConfig defaults; those defaults are filled in here.
         */
        Fields textConfig() {
            JsonNode text = node.path("text_config");
            if (!text.isObject()) {
                throw new IllegalArgumentException(where + " has no 'text_config', which a gemma3 config needs.");
            }
            ObjectNode filled = ModelSpecReader.MAPPER.createObjectNode();
            filled.put("vocab_size", 262_208).put("num_attention_heads", 8).put("num_key_value_heads", 4).put("head_dim", 256);
            filled.setAll((ObjectNode) text);
            return new Fields(filled, where + " text_config", "gemma3_text");
        }

        int integer(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw new IllegalArgumentException(where + " has no '" + field + "', which a " + type + " config needs.");
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new IllegalArgumentException("'" + field + "' in " + where + " must be a whole number, not " + v + ".");
            }
            return v.intValue();
        }

        int integer(String field, int fallback) {
            JsonNode v = node.get(field);
            return v == null || v.isNull() ? fallback : integer(field);
        }

        boolean bool(String field, boolean fallback) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isBoolean()) {
                throw new IllegalArgumentException("'" + field + "' in " + where + " must be true or false, not " + v + ".");
            }
            return v.booleanValue();
        }

        String string(String field, String fallback) {
            JsonNode v = node.get(field);
            return v == null || v.isNull() ? fallback : v.asString();
        }

        /** A list of layer indices that must be the leading layers 0, 1, …, k-1; returns k. */
        int leadingLayers(String field) {
            JsonNode v = node.path(field);
            for (int i = 0; i < v.size(); i++) {
                if (v.get(i).asInt(-1) != i) {
                    throw new IllegalArgumentException("'" + field + "' in " + where + " is " + v + "; trainplan models dense "
                            + "layers only as the leading layers 0, 1, 2, ….");
                }
            }
            return v.size();
        }
    }
}
