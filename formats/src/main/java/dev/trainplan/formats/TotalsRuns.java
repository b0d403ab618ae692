package dev.trainplan.formats;

import dev.trainplan.engine.model.Architecture;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code totals.csv} (shared/validation/SOURCES.md) into {@link TotalsRun}s. */
public final class TotalsRuns {
    static final List<String> COLUMNS = List.of("id", "source", "model", "layers", "hidden", "heads", "kv_heads", "ffn_hidden", "vocab",
            "seq_len", "mlp", "moe_experts", "moe_topk", "moe_ffn_hidden", "moe_shared_experts", "moe_dense_layers", "attention",
            "params_published_b", "accelerator", "devices", "train_tokens", "measured_gpu_hours", "measured_wall_days", "notes");

    private TotalsRuns() {
    }

    /** Whether a header names the columns of totals.csv rather than runs.csv. */
    public static boolean isTotalsHeader(String headerLine) {
        return headerLine.contains("measured_gpu_hours");
    }

    public static List<TotalsRun> read(Reader in, String what) {
        List<CsvRow> rows;
        try {
            rows = Csv.read(in, what, COLUMNS);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + what + ": " + e.getMessage(), e);
        }
        List<TotalsRun> runs = new ArrayList<>(rows.size());
        for (CsvRow row : rows) {
            String id = row.text("id");
            try {
                // No tied-embeddings column: each row publishes its size, so take whichever of tied or untied
                // embeddings reproduces it (Llama 3.2 3B ties them, Llama 2 70B does not). Positions are not
                // counted (RoPE/ALiBi or unknown).
                double published = row.number("params_published_b", Double.NaN);
                Architecture untied = RunShapes.architecture(row, row.text("model"), false, 0);
                Architecture tied = RunShapes.architecture(row, row.text("model"), true, 0);
                Architecture model = Math.abs(tied.parameters() / 1e9 - published) < Math.abs(untied.parameters() / 1e9 - published) ? tied : untied;
                runs.add(new TotalsRun(id, row.optionalText("source"), model,
                        published, row.text("accelerator"), RunShapes.whole(row, "devices", 0),
                        (long) row.number("train_tokens"), RunShapes.whole(row, "seq_len", 0), row.number("measured_gpu_hours", Double.NaN),
                        row.number("measured_wall_days", Double.NaN), row.optionalText("notes")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(row.source() + " line " + row.line() + " (row " + id + "): " + e.getMessage());
            }
        }
        return List.copyOf(runs);
    }
}
