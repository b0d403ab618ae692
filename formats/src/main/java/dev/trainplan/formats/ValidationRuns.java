package dev.trainplan.formats;

import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Named;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.job.TrainingLength;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.Mla;
import dev.trainplan.engine.model.Moe;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Reads {@code validation/runs.csv} as its SCHEMA.md describes it. A {@code gelu} MLP is GPT-style (two
 * matrices, biases, LayerNorm, learned positions up to the sequence length), a {@code swiglu} MLP is
 * Llama-style. MLA rows do not carry their low-rank sizes; DeepSeek-V2 and V3 publish the same ones
 * (q_lora_rank 1536, kv_lora_rank 512, qk_nope 128, qk_rope 64, v_head 128), and those are used. The
 * optimizer is not a column: every row is an LLM pre-training run with AdamW. Framework {@code other}
 * is read as plain torchrun. A bad row fails with one sentence naming the row id and the column.
 */
public final class ValidationRuns {
    static final Mla DEEPSEEK_MLA = new Mla(1536, 512, 128, 64, 128);
    private static final List<String> COLUMNS = List.of("id", "source", "framework", "model", "layers", "hidden", "heads", "kv_heads",
            "head_dim", "ffn_hidden", "vocab", "seq_len", "mlp", "moe_experts", "moe_topk", "moe_ffn_hidden", "moe_shared_experts",
            "moe_dense_layers", "attention", "tied_embeddings", "accelerator", "devices", "devices_per_node", "tp", "pp", "cp", "ep", "vp",
            "sequence_parallel", "sharding", "micro_batch", "global_batch", "precision", "recompute",
            "measured_tokens_per_s_per_device", "measured_memory_gib", "confidence", "notes");

    private ValidationRuns() {
    }

    /** Every row, or the first bad row's sentence as an {@link IllegalArgumentException}. */
    public static List<ValidationRun> read(Reader in) {
        Result result = readAll(in);
        if (!result.rejected().isEmpty()) {
            throw new IllegalArgumentException(result.rejected().getFirst());
        }
        return result.runs();
    }

    /**
     * The rows the engine can represent, and one sentence for each row it cannot (a bad cell, or a
     * layout the job model rejects), so a validation report can go on and list what it skipped.
     */
    public static Result readAll(Reader in) {
        List<Map<String, String>> rows = Csv.read(in, "runs.csv");
        Csv.requireColumns(rows, COLUMNS, "runs.csv");
        List<ValidationRun> runs = new ArrayList<>(rows.size());
        List<String> rejected = new ArrayList<>();
        for (Map<String, String> row : rows) {
            try {
                runs.add(new Row(row).run());
            } catch (IllegalArgumentException e) {
                rejected.add(e.getMessage());
            }
        }
        return new Result(runs, rejected);
    }

    /** The rows read and the sentences of those rejected. */
    public record Result(List<ValidationRun> runs, List<String> rejected) {
        public Result {
            runs = List.copyOf(runs);
            rejected = List.copyOf(rejected);
        }
    }

    /** One row being read; every accessor names the row and column when the cell is bad. */
    private record Row(Map<String, String> cells) {
        String id() {
            return cells.get("id");
        }

        ValidationRun run() {
            try {
                return build();
            } catch (IllegalArgumentException | IllegalStateException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("runs.csv row ")) {
                    throw e;
                }
                throw new IllegalArgumentException("runs.csv row " + id() + ": " + e.getMessage(), e);
            }
        }

        private ValidationRun build() {
            if (text("id").isEmpty()) {
                throw new IllegalArgumentException("runs.csv has a row without an id.");
            }
            Architecture architecture = architecture();
            Optional<Recompute> recompute = text("recompute").equals("unknown")
                    ? Optional.empty()
                    : Optional.of(parse("recompute", Recompute.class));
            OptionalInt micro = optionalInt("micro_batch");
            Job job = job(recompute.orElse(Recompute.NONE), micro);
            return new ValidationRun(id(), text("source"), architecture, job, micro, recompute, required("accelerator"),
                    optionalDouble("measured_tokens_per_s_per_device"), optionalDouble("measured_memory_gib"), text("confidence"), text("notes"));
        }

        private Architecture architecture() {
            String mlp = required("mlp");
            Architecture.Builder b = Architecture.builder(required("model"));
            switch (mlp) {
                case "gelu" -> b.gptStyle(integer("seq_len"));
                case "swiglu" -> b.gated(true);
                default -> throw bad("mlp", mlp, "gelu or swiglu");
            }
            String tied = text("tied_embeddings");
            b.tiedEmbeddings(tied.isEmpty() ? mlp.equals("gelu") : bool("tied_embeddings"));
            b.layers(integer("layers")).hidden(integer("hidden")).heads(integer("heads")).kvHeads(integer("kv_heads"))
                    .headDim(optionalInt("head_dim").orElse(0)).ffnHidden(ffnHidden()).vocab(integer("vocab"));
            if (!text("moe_experts").isEmpty()) {
                int width = integer("moe_ffn_hidden");
                int shared = optionalInt("moe_shared_experts").orElse(0);
                b.moe(new Moe(integer("moe_experts"), integer("moe_topk"), width, shared, shared > 0 ? width : 0,
                        optionalInt("moe_dense_layers").orElse(0), false));
            }
            switch (required("attention")) {
                case "standard" -> { }
                case "mla" -> b.mla(DEEPSEEK_MLA);
                default -> throw bad("attention", text("attention"), "standard or mla");
            }
            return b.build();
        }

        /** An all-MoE model has no dense MLP, so rows leave ffn_hidden out; the expert width stands in, unused. */
        private int ffnHidden() {
            boolean allMoe = !text("moe_experts").isEmpty() && optionalInt("moe_dense_layers").orElse(0) == 0;
            return text("ffn_hidden").isEmpty() && allMoe ? integer("moe_ffn_hidden") : integer("ffn_hidden");
        }

        private Job job(Recompute recompute, OptionalInt micro) {
            int devices = integer("devices");
            int perNode = integer("devices_per_node");
            Cluster cluster = devices <= perNode ? Cluster.of(1, devices) : Cluster.of(devices / perNode, perNode);
            if (devices > perNode && devices % perNode != 0) {
                throw new IllegalArgumentException("runs.csv row " + id() + ": devices " + devices + " is not a whole number of nodes of "
                        + perNode + " (column devices_per_node).");
            }
            Parallelism parallelism = new Parallelism(integer("tp"), integer("pp"), integer("cp"), integer("ep"),
                    optionalInt("vp").orElse(1), bool("sequence_parallel"));
            long global = integer("global_batch");
            return Job.builder()
                    .dataset(Dataset.of(global, integer("seq_len")))
                    .length(TrainingLength.steps(1))
                    .cluster(cluster)
                    .parallelism(parallelism)
                    .batch(new BatchSpec(micro.orElse(0), 0, global))
                    .sharding(parse("sharding", Sharding.class))
                    .precision(parse("precision", Precision.class))
                    .optimizer(Optimizer.ADAMW)
                    .recompute(recompute)
                    .framework(framework())
                    .build();
        }

        private Framework framework() {
            String value = required("framework");
            return value.equals("other") ? Framework.TORCHRUN : parse("framework", Framework.class);
        }

        private <E extends Enum<E> & Named> E parse(String column, Class<E> type) {
            try {
                return Named.parse(type, column, text(column));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("runs.csv row " + id() + ", column " + column + ": " + e.getMessage());
            }
        }

        private String text(String column) {
            String value = cells.get(column);
            return value == null ? "" : value.strip();
        }

        private String required(String column) {
            String value = text(column);
            if (value.isEmpty()) {
                throw new IllegalArgumentException("runs.csv row " + id() + " has no " + column + "; the column is required.");
            }
            return value;
        }

        private int integer(String column) {
            String value = required(column);
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw bad(column, value, "a whole number");
            }
        }

        private OptionalInt optionalInt(String column) {
            return text(column).isEmpty() ? OptionalInt.empty() : OptionalInt.of(integer(column));
        }

        private OptionalDouble optionalDouble(String column) {
            String value = text(column);
            if (value.isEmpty()) {
                return OptionalDouble.empty();
            }
            try {
                double parsed = Double.parseDouble(value);
                if (!(parsed >= 0) || Double.isInfinite(parsed)) {
                    throw bad(column, value, "a number 0 or more");
                }
                return OptionalDouble.of(parsed);
            } catch (NumberFormatException e) {
                throw bad(column, value, "a number");
            }
        }

        private boolean bool(String column) {
            return switch (required(column).toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw bad(column, text(column), "true or false");
            };
        }

        private IllegalArgumentException bad(String column, String value, String valid) {
            return new IllegalArgumentException("runs.csv row " + id() + ", column " + column + ": '" + value + "' is not " + valid + ".");
        }
    }
}
