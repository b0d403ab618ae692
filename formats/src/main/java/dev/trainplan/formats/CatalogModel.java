package dev.trainplan.formats;

import dev.trainplan.engine.model.Model;
import java.util.List;
import java.util.Objects;

/**
 * A model with where it comes from: a catalog entry (id, family, aliases, the paper or config it was
 * transcribed from) or a file the user gave (its path as the source).
 */
public record CatalogModel(String id, String family, List<String> aliases, String source, String notes, Model model) {
    public CatalogModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        family = family == null ? "" : family;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        source = source == null ? "" : source;
        notes = notes == null ? "" : notes;
    }
}
