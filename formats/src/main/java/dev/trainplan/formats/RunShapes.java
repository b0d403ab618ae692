package dev.trainplan.formats;

import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.Mla;
import dev.trainplan.engine.model.Moe;

/** The model shape columns that runs.csv and totals.csv share (shared/validation/SCHEMA.md), as an architecture. */
final class RunShapes {
    /**
     * DeepSeek-V2 and V3 (and Kimi K2, which copies them) share these MLA ranks; the schema has no columns
     * for them (DeepSeek-V3 config.json: q_lora_rank 1536, kv_lora_rank 512, qk_nope 128, qk_rope 64, v 128).
     */
    static final Mla DEEPSEEK_MLA = new Mla(1536, 512, 128, 64, 128);

    private RunShapes() {
    }

    /**
     * @param tied whether input and output embeddings share weights (a column in runs.csv, a family default in totals.csv)
     * @param positions learned absolute positions of a GELU (GPT-style) model; 0 for RoPE/ALiBi
     */
    static Architecture architecture(CsvRow row, String name, boolean tied, int positions) {
        int hidden = row.wholeNumber("hidden");
        int heads = row.wholeNumber("heads");
        Architecture.Builder b = Architecture.builder(name)
                .layers(row.wholeNumber("layers")).hidden(hidden).heads(heads).kvHeads(whole(row, "kv_heads", heads))
                .headDim(whole(row, "head_dim", 0)).ffnHidden(whole(row, "ffn_hidden", 4 * hidden)).vocab(row.wholeNumber("vocab"));
        switch (row.text("mlp")) {
            case "gelu" -> b.gptStyle(positions);
            case "swiglu" -> b.gated(true);
            default -> throw new IllegalArgumentException("mlp '" + row.text("mlp") + "' is not gelu or swiglu.");
        }
        b.tiedEmbeddings(tied);
        int experts = whole(row, "moe_experts", 0);
        if (experts > 0) {
            int expertWidth = row.wholeNumber("moe_ffn_hidden");
            int shared = whole(row, "moe_shared_experts", 0);
            b.moe(new Moe(experts, row.wholeNumber("moe_topk"), expertWidth, shared, shared > 0 ? expertWidth : 0,
                    whole(row, "moe_dense_layers", 0), false));
        }
        if (row.text("attention").equals("mla")) {
            b.mla(DEEPSEEK_MLA);
        }
        return b.build();
    }

    /** A whole number, or {@code ifEmpty} where the cell is empty or the file has no such column. */
    static int whole(CsvRow row, String column, int ifEmpty) {
        return !row.cells().containsKey(column) || row.optionalText(column).isEmpty() ? ifEmpty : row.wholeNumber(column);
    }
}
