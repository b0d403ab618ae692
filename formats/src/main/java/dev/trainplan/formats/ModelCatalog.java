package dev.trainplan.formats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The built-in models: YAML files under {@code dev/trainplan/catalog/models/} in the catalog module, one
 * per family, each entry with its source. A file is {@code family}, optional {@code defaults} every entry
 * starts from, and {@code models}; an entry's keys are those of a trainplan model file.
 */
public final class ModelCatalog {
    private static final String DIRECTORY = "/dev/trainplan/catalog/models/";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.]*(-[a-z0-9.]+)*");
    private static final Set<String> FILE_KEYS = Set.of("family", "defaults", "models");
    private static final int MOST_SUGGESTIONS = 5;

    private final List<CatalogModel> models;
    private final Map<String, CatalogModel> byName = new LinkedHashMap<>();

    private ModelCatalog(List<CatalogModel> models) {
        this.models = List.copyOf(models);
        for (CatalogModel m : models) {
            for (String name : names(m)) {
                CatalogModel before = byName.putIfAbsent(name, m);
                if (before != null) {
                    throw new IllegalArgumentException("model catalog: '" + name + "' names both " + before.id() + " and " + m.id() + ".");
                }
            }
        }
    }

    /** The catalog shipped with trainplan, read once. */
    public static ModelCatalog builtIn() {
        return BuiltIn.CATALOG;
    }

    static ModelCatalog of(List<CatalogModel> models) {
        return new ModelCatalog(models);
    }

    public List<CatalogModel> all() {
        return models;
    }

    /** The model whose id or alias is {@code name}, ignoring case. */
    public Optional<CatalogModel> lookup(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /** Like {@link #lookup(String)}, or a sentence naming the close matches. */
    public CatalogModel find(String name) {
        return lookup(name).orElseThrow(() -> new IllegalArgumentException(notFound(name)));
    }

    String notFound(String name) {
        List<String> close = closeMatches(name);
        return "model '" + name + "' is not in the catalog ("
                + (close.isEmpty() ? "" : "close matches: " + String.join(", ", close) + "; ")
                + "'trainplan models' lists them all).";
    }

    /**
     * Ids and aliases that contain {@code name} or are a few edits from it, nearest first; distances are
     * taken on letters and digits only, so "llama-3-8b" is one edit from "llama-3.1-8b".
     */
    List<String> closeMatches(String name) {
        String bare = bare(name == null ? "" : name.trim().toLowerCase(Locale.ROOT));
        int maxEdits = Math.max(2, bare.length() / 3);
        record Candidate(String id, int edits) {
        }
        List<Candidate> found = new ArrayList<>();
        byName.forEach((n, model) -> {
            String other = bare(n);
            int edits = Text.editDistance(bare, other);
            if (edits <= maxEdits || (!bare.isEmpty() && other.contains(bare))) {
                found.add(new Candidate(model.id(), edits));
            }
        });
        return found.stream().sorted(Comparator.comparingInt(Candidate::edits)).map(Candidate::id).distinct()
                .limit(MOST_SUGGESTIONS).toList();
    }

    private static String bare(String name) {
        return name.replaceAll("[^a-z0-9]", "");
    }

    private static List<String> names(CatalogModel m) {
        List<String> names = new ArrayList<>();
        names.add(m.id());
        names.addAll(m.aliases());
        return names;
    }

    /** The entries of one catalog file; {@code file} names it in errors. */
    static List<CatalogModel> parse(String yaml, String file) {
        JsonNode root = ModelSpecReader.tree(yaml, file);
        for (String key : root.propertyNames()) {
            if (!FILE_KEYS.contains(key)) {
                throw new IllegalArgumentException(file + ": unknown key '" + key + "'; a catalog file has family, defaults and models.");
            }
        }
        String family = root.path("family").asString("");
        JsonNode defaults = root.path("defaults");
        JsonNode entries = root.path("models");
        if (!entries.isArray() || entries.isEmpty()) {
            throw new IllegalArgumentException(file + " has no 'models' list; a catalog file needs at least one model.");
        }
        List<CatalogModel> models = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String id = entry.path("id").asString("");
            String where = file + " model " + (id.isEmpty() ? "#" + (i + 1) : id);
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException(where + ": id '" + id + "' must be lower-case letters, digits, dots and single dashes.");
            }
            ObjectNode merged = ModelSpecReader.MAPPER.createObjectNode();
            if (defaults.isObject()) {
                merged.setAll((ObjectNode) defaults);
            }
            if (!entry.isObject()) {
                throw new IllegalArgumentException(where + " must be a mapping of keys to values.");
            }
            merged.setAll((ObjectNode) entry);
            ModelSpec spec = ModelSpecReader.spec(merged, where);
            for (String alias : spec.aliases() == null ? List.<String>of() : spec.aliases()) {
                if (!ID.matcher(alias).matches()) {
                    throw new IllegalArgumentException(where + ": alias '" + alias + "' must be lower-case letters, digits, dots and single dashes.");
                }
            }
            if (spec.source() == null || spec.source().isBlank()) {
                throw new IllegalArgumentException(where + " has no 'source'; every catalog model names where its numbers come from.");
            }
            models.add(new CatalogModel(id, spec.family() == null ? family : spec.family(), spec.aliases(), spec.source(),
                    spec.notes(), spec.toModel(id, where)));
        }
        return models;
    }

    private static final class BuiltIn {
        static final ModelCatalog CATALOG = load();

        private static ModelCatalog load() {
            List<CatalogModel> models = new ArrayList<>();
            for (String file : resource("index.txt").lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
                models.addAll(parse(resource(file), "catalog models/" + file));
            }
            return new ModelCatalog(models);
        }

        private static String resource(String name) {
            try (InputStream in = ModelCatalog.class.getResourceAsStream(DIRECTORY + name)) {
                if (in == null) {
                    throw new IllegalStateException("the model catalog file " + DIRECTORY + name + " is missing from the build.");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
