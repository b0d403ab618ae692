package dev.trainplan.formats;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.Mla;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code runs.csv} (shared/validation/SCHEMA.md) into {@link ValidationRun}s; a bad cell is one sentence naming the row and column. */
public final class ValidationRuns {
    static final List<String> COLUMNS = List.of("id", "source", "framework", "model", "layers", "hidden", "heads", "kv_heads", "head_dim",
            "ffn_hidden", "vocab", "seq_len", "mlp", "moe_experts", "moe_topk", "moe_ffn_hidden", "moe_shared_experts", "moe_dense_layers",
            "attention", "tied_embeddings", "accelerator", "devices", "devices_per_node", "tp", "pp", "cp", "ep", "vp", "sequence_parallel",
            "sharding", "micro_batch", "global_batch", "precision", "recompute", "measured_tokens_per_s_per_device", "measured_memory_gib",
            "confidence", "notes");

    static final Mla DEEPSEEK_MLA = RunShapes.DEEPSEEK_MLA;

    /** Source families of SOURCES.md by id prefix, most specific first. */
    private static final String[][] FAMILIES = {
        {"vtrain-", "vtrain"}, {"foundry-", "llm-foundry"}, {"dgxc-", "dgxc"}, {"mbridge-", "megatron-bridge"}, {"maxtext-", "maxtext"},
        {"msc21-", "megatron-paper"}, {"mlm2020-", "megatron-paper"}, {"mlm-", "megatron-paper"}, {"mcore08-", "megatron-paper"},
        {"torchtitan-", "torchtitan"}, {"torchao-", "torchtitan"}, {"simumax-", "simumax"}, {"nemo", "nemo"}, {"automodel-", "nemo"},
        {"nanotron-", "nanotron"}, {"korth-", "korthikanti"}, {"bloom-", "other"}, {"mtnlg-", "other"}, {"tinyllama", "other"}};

    private ValidationRuns() {
    }

    public static List<ValidationRun> read(Reader in, String what) {
        List<CsvRow> rows;
        try {
            rows = Csv.read(in, what, COLUMNS);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + what + ": " + e.getMessage(), e);
        }
        List<ValidationRun> runs = new ArrayList<>(rows.size());
        for (CsvRow row : rows) {
            runs.add(run(row));
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

    private static int whole(CsvRow row, String column, int ifEmpty) {
        return RunShapes.whole(row, column, ifEmpty);
    }

    private static ValidationRun run(CsvRow row) {
        String id = row.text("id");
        try {
            String name = row.optionalText("model");
            // Megatron GPT (gelu rows): learned absolute positions up to the training sequence length.
            Architecture model = RunShapes.architecture(row, name.isEmpty() ? id : name, Boolean.parseBoolean(row.optionalText("tied_embeddings")),
                    row.wholeNumber("seq_len"));
            String fw = row.text("framework");
            Framework framework = switch (fw) {
                case "other", "levanter" -> Framework.TORCHRUN;
                default -> Framework.parse(fw);
            };
            String recompute = row.text("recompute");
            return new ValidationRun(id, familyOf(id), row.optionalText("source"), framework, fw, model, row.text("accelerator"),
                    row.wholeNumber("devices"), whole(row, "devices_per_node", 8),
                    new Parallelism(whole(row, "tp", 1), whole(row, "pp", 1), whole(row, "cp", 1), whole(row, "ep", 1), whole(row, "vp", 1),
                            Boolean.parseBoolean(row.optionalText("sequence_parallel"))),
                    Sharding.parse(row.text("sharding")), whole(row, "micro_batch", 0), row.wholeNumber("global_batch"),
                    row.wholeNumber("seq_len"), Precision.parse(row.text("precision")),
                    recompute.equals("unknown") ? null : Recompute.parse(recompute),
                    row.number("measured_tokens_per_s_per_device", Double.NaN), row.number("measured_memory_gib", Double.NaN),
                    row.text("confidence"), row.optionalText("notes"), !row.optionalText("vp").isEmpty());
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith(row.source())) {
                throw e;
            }
            throw new IllegalArgumentException(row.source() + " line " + row.line() + " (row " + id + "): " + e.getMessage());
        }
    }
}
