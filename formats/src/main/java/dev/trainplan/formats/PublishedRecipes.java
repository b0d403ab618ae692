package dev.trainplan.formats;

import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Require;
import dev.trainplan.engine.job.Sharding;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog's {@code recipes.csv}: one published fact a row ({@code run, field, value, source}), so every
 * field carries its own citation and a source that gives only the batch adds only the batch.
 */
public final class PublishedRecipes {
    static final List<String> COLUMNS = List.of("run", "field", "value", "source");
    static final List<String> FIELDS = List.of("framework", "devices", "tp", "pp", "cp", "ep", "micro_batch", "global_batch", "seq_len",
            "precision", "sharding", "recompute", "attention", "moe_all_to_all_exposed");
    private static final String RESOURCE = "/dev/trainplan/catalog/recipes.csv";

    private final Map<String, PublishedRecipe> byRun;

    private PublishedRecipes(Map<String, PublishedRecipe> byRun) {
        this.byRun = Map.copyOf(byRun);
    }

    /** The recipes shipped in the trainplan-catalog jar. */
    public static PublishedRecipes builtIn() {
        try (InputStream in = PublishedRecipes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the built-in catalog file recipes.csv is missing from the classpath; rebuild trainplan.");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), "recipes.csv");
        } catch (IOException e) {
            throw new UncheckedIOException("the built-in recipes.csv could not be read", e);
        }
    }

    public static PublishedRecipes read(Reader in, String what) throws IOException {
        Map<String, Map<String, CsvRow>> facts = new LinkedHashMap<>();
        for (CsvRow row : Csv.read(in, what, COLUMNS)) {
            String field = row.text("field");
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(what + " line " + row.line() + ": field '" + field + "' is not one of " + String.join(", ", FIELDS) + ".");
            }
            row.text("source");
            CsvRow earlier = facts.computeIfAbsent(row.text("run"), k -> new LinkedHashMap<>()).putIfAbsent(field, row);
            if (earlier != null) {
                throw new IllegalArgumentException(what + " line " + row.line() + ": run " + row.text("run") + " gives " + field
                        + " again (first on line " + earlier.line() + "); give each field once.");
            }
        }
        Map<String, PublishedRecipe> byRun = new LinkedHashMap<>();
        facts.forEach((run, fields) -> byRun.put(run, recipe(run, fields)));
        return new PublishedRecipes(byRun);
    }

    /** The run's published facts, or {@link PublishedRecipe#none} where the catalog has none. */
    public PublishedRecipe forRun(String run) {
        return byRun.getOrDefault(run, PublishedRecipe.none(run));
    }

    private static PublishedRecipe recipe(String run, Map<String, CsvRow> fields) {
        Map<String, String> sources = new LinkedHashMap<>();
        fields.forEach((field, row) -> sources.put(field, row.text("source")));
        return new PublishedRecipe(run, setting(fields, "framework", Framework::parse), size(fields, "devices", Cluster.MAX_WORLD),
                size(fields, "tp", Parallelism.MAX_SIZE), size(fields, "pp", Parallelism.MAX_SIZE), size(fields, "cp", Parallelism.MAX_SIZE),
                size(fields, "ep", Parallelism.MAX_SIZE), size(fields, "micro_batch", BatchSpec.MAX_MICRO_BATCH), size(fields, "global_batch", Integer.MAX_VALUE),
                size(fields, "seq_len", Dataset.MAX_SEQUENCE_LENGTH), setting(fields, "precision", Precision::parse), setting(fields, "sharding", Sharding::parse),
                setting(fields, "recompute", Recompute::parse), setting(fields, "attention", AttentionKernel::parse),
                fraction(fields, "moe_all_to_all_exposed"), sources);
    }

    private static int size(Map<String, CsvRow> fields, String field, int max) {
        CsvRow row = fields.get(field);
        if (row == null) {
            return 0;
        }
        String text = row.text("value");
        try {
            return Require.positive(field, Integer.parseInt(text), max);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where(row) + field + " is '" + text + "'; it must be a whole number from 1 to " + max + ".");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where(row) + e.getMessage());
        }
    }

    private static double fraction(Map<String, CsvRow> fields, String field) {
        CsvRow row = fields.get(field);
        if (row == null) {
            return Double.NaN;
        }
        String text = row.text("value");
        double value = Decimals.parse(text);
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(where(row) + field + " is '" + text + "'; it must be a fraction from 0 to 1.");
        }
        return value;
    }

    private static <T> T setting(Map<String, CsvRow> fields, String field, java.util.function.Function<String, T> parse) {
        CsvRow row = fields.get(field);
        if (row == null) {
            return null;
        }
        try {
            return parse.apply(row.text("value"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where(row) + e.getMessage());
        }
    }

    private static String where(CsvRow row) {
        return row.source() + " line " + row.line() + " (run " + row.text("run") + "): ";
    }
}
