package dev.trainplan.formats;

import dev.trainplan.engine.model.Architecture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Finds the model a user names: a catalog id or alias, a Hugging Face {@code config.json} (or a folder
 * holding one), or a trainplan model file in YAML or JSON (the keys of a catalog entry, one model).
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * Resolves {@code text}: a catalog name wins, then an existing file or folder; anything else is a
     * sentence that starts with {@code option} (e.g. {@code --model}, or {@code model} for a positional
     * parameter) and suggests close catalog names.
     */
    public static CatalogModel resolve(String text, ModelCatalog catalog, String option) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(option + " is empty; give a catalog model id ('trainplan models' lists them) or a config.json or model YAML file.");
        }
        Optional<CatalogModel> known = catalog.lookup(text);
        if (known.isPresent()) {
            return known.get();
        }
        Path path = Path.of(text);
        if (Files.isDirectory(path)) {
            Path config = path.resolve("config.json");
            if (!Files.isRegularFile(config)) {
                throw new IllegalArgumentException(option + " " + text + " is a folder without a config.json.");
            }
            return read(config);
        }
        if (Files.isRegularFile(path)) {
            return read(path);
        }
        if (looksLikeFile(text)) {
            throw new IllegalArgumentException(option + " file " + text + " does not exist.");
        }
        List<String> close = catalog.closeMatches(text);
        throw new IllegalArgumentException(option + " '" + text + "' is neither a catalog model nor a file ("
                + (close.isEmpty() ? "" : "close matches: " + String.join(", ", close) + "; ")
                + "'trainplan models' lists the catalog).");
    }

    /** A Hugging Face config (a JSON object with {@code model_type}) or a trainplan model file. */
    public static CatalogModel read(Path file) {
        String text = readText(file, "the model file");
        String where = file.toString();
        JsonNode root = ModelSpecReader.tree(text, where);
        if (root.has("model_type")) {
            Architecture model = HfConfigImport.fromTree(root, HfConfigImport.folderName(file), where);
            return new CatalogModel(model.name(), root.path("model_type").asString(), null, where,
                    "imported from a Hugging Face config.json", model);
        }
        String fileName = file.getFileName().toString();
        String fallback = fileName.replaceFirst("\\.(ya?ml|json)$", "");
        ModelSpec spec = ModelSpecReader.spec(root, where);
        String id = spec.id() == null ? fallback : spec.id();
        return new CatalogModel(id, spec.family(), spec.aliases(), spec.source() == null ? where : spec.source(), spec.notes(),
                spec.toModel(id, where));
    }

    static String readText(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + e.getMessage() + ".", e);
        }
    }

    private static boolean looksLikeFile(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return text.contains("/") || text.contains("\\") || lower.endsWith(".json") || lower.endsWith(".yaml") || lower.endsWith(".yml");
    }
}
