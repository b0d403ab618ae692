package dev.trainplan.engine.memory;

import java.util.Objects;

/**
 * One named line of a pipeline stage's peak memory.
 *
 * @param name what the bytes hold, e.g. "optimizer states (fp32 m, v)"
 * @param bytes bytes on one device of the stage at the stage's peak
 * @param kind which measurement counts it
 * @param source why this many bytes: the formula or the framework default and where it comes from
 */
public record MemoryItem(String name, long bytes, ItemKind kind, String source) {
    public MemoryItem {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        if (bytes < 0) {
            throw new IllegalArgumentException("memory item '" + name + "' has " + bytes + " bytes; it must be 0 or more.");
        }
    }
}
