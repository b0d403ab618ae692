package dev.trainplan.formats;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.Mla;
import dev.trainplan.engine.model.Moe;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads {@code runs.csv} (shared/validation/SCHEMA.md) into {@link ValidationRun}s; a bad cell is one sentence naming the row and column. */
public final class ValidationRuns {
    static final List<String> COLUMNS = List.of("id", "source", "framework", "model", "layers", "hidden", "heads", "kv_heads", "head_dim",
            "ffn_hidden", "vocab", "seq_len", "mlp", "moe_experts", "moe_topk", "moe_ffn_hidden", "moe_shared_experts", "moe_dense_layers",
            "attention", "tied_embeddings", "accelerator", "devices", "devices_per_node", "tp", "pp", "cp", "ep", "vp", "sequence_parallel",
            "sharding", "micro_batch", "global_batch", "precision", "recompute", "measured_tokens_per_s_per_device", "measured_memory_gib",
            "confidence", "notes");

    /**
     * DeepSeek-V2 and V3 (and Kimi K2, which copies them) share these MLA ranks; the schema has no columns
     * for them (DeepSeek-V3 config.json: q_lora_rank 1536, kv_lora_rank 512, qk_nope 128, qk_rope 64, v 128).
     */
    static final Mla DEEPSEEK_MLA = new Mla(1536, 512, 128, 64, 128);

    /** Source families of SOURCES.md by id prefix, most specific first. */
    private static final String[][] FAMILIES = {
        {"vtrain-", "vtrain"}, {"foundry-", "llm-foundry"}, {"dgxc-", "dgxc"}, {"mbridge-", "megatron-bridge"}, {"maxtext-", "maxtext"},
        {"msc21-", "megatron-paper"}, {"mlm2020-", "megatron-paper"}, {"mlm-", "megatron-paper"}, {"mcore08-", "megatron-paper"},
        {"torchtitan-", "torchtitan"}, {"torchao-", "torchtitan"}, {"simumax-", "simumax"}, {"nemo", "nemo"}, {"automodel-", "nemo"},
        {"nanotron-", "nanotron"}, {"korth-", "korthikanti"}, {"bloom-", "other"}, {"mtnlg-", "other"}, {"tinyllama", "other"}};

    private ValidationRuns() {
    }

    public static List<ValidationRun> read(Reader in, String what) {
        List<Map<String, String>> rows = Csv.read(in, what);
        Csv.requireColumns(rows, COLUMNS, what);
        List<ValidationRun> runs = new ArrayList<>(rows.size());
        for (Map<String, String> row : rows) {
            runs.add(new Row(row, what).run());
        }
        return List.copyOf(runs);
    }

    static String familyOf(String id) {
        for (String[] f : FAMILIES) {
            if (id.startsWith(f[0])) {
                return f[1];
            }
        }
        return "other";
    }

    /** One CSV record with typed, error-reporting getters. */
    private record Row(Map<String, String> cells, String what) {
        String text(String column) {
            return cells.get(column).trim();
        }

        int integer(String column, int absent) {
            String v = text(column);
            if (v.isEmpty()) {
                return absent;
            }
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw bad(column, "a whole number");
            }
        }

        double number(String column) {
            String v = text(column);
            if (v.isEmpty()) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw bad(column, "a number");
            }
        }

        IllegalArgumentException bad(String column, String expected) {
            return new IllegalArgumentException(what + " row " + text("id") + ": " + column + " '" + text(column) + "' is not " + expected + ".");
        }

        ValidationRun run() {
            String id = text("id");
            try {
                int hidden = integer("hidden", 0);
                int heads = integer("heads", 0);
                Architecture.Builder b = Architecture.builder(text("model").isEmpty() ? id : text("model"))
                        .layers(integer("layers", 0)).hidden(hidden).heads(heads).kvHeads(integer("kv_heads", heads))
                        .headDim(integer("head_dim", 0)).ffnHidden(integer("ffn_hidden", 4 * hidden)).vocab(integer("vocab", 0));
                switch (text("mlp")) {
                    case "gelu" -> b.gptStyle(0);
                    case "swiglu" -> b.gated(true);
                    default -> throw bad("mlp", "gelu or swiglu");
                }
                b.tiedEmbeddings(Boolean.parseBoolean(text("tied_embeddings")));
                int experts = integer("moe_experts", 0);
                if (experts > 0) {
                    int expertWidth = integer("moe_ffn_hidden", 0);
                    int shared = integer("moe_shared_experts", 0);
                    b.moe(new Moe(experts, integer("moe_topk", 0), expertWidth, shared, shared > 0 ? expertWidth : 0,
                            integer("moe_dense_layers", 0), false));
                }
                if (text("attention").equals("mla")) {
                    b.mla(DEEPSEEK_MLA);
                }
                String fw = text("framework");
                Framework framework = switch (fw) {
                    case "other", "levanter" -> Framework.TORCHRUN;
                    default -> Framework.parse(fw);
                };
                String recompute = text("recompute");
                return new ValidationRun(id, familyOf(id), text("source"), framework, fw, b.build(), text("accelerator"),
                        integer("devices", 0), integer("devices_per_node", 8),
                        new Parallelism(integer("tp", 1), integer("pp", 1), integer("cp", 1), integer("ep", 1), integer("vp", 1),
                                Boolean.parseBoolean(text("sequence_parallel"))),
                        Sharding.parse(text("sharding")), integer("micro_batch", 0), integer("global_batch", 0), integer("seq_len", 0),
                        Precision.parse(text("precision")), recompute.equals("unknown") ? null : Recompute.parse(recompute),
                        number("measured_tokens_per_s_per_device"), number("measured_memory_gib"), text("confidence"), text("notes"));
            } catch (IllegalArgumentException e) {
                if (e.getMessage().startsWith(what + " row ")) {
                    throw e;
                }
                throw new IllegalArgumentException(what + " row " + id + ": " + e.getMessage());
            }
        }
    }
}
