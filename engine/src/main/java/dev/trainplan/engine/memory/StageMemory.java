package dev.trainplan.engine.memory;

import java.util.Comparator;
import java.util.List;

/**
 * One pipeline stage's memory at its peak, on any one device of the stage: the items live at that
 * moment. The peak is their sum; {@link #allocatedBytes()} and {@link #reservedBytes()} are what PyTorch's
 * {@code max_memory_allocated} and {@code max_memory_reserved} would report.
 *
 * @param stage pipeline stage, 0-based
 * @param firstLayer index of the stage's first transformer layer
 * @param layers transformer layers on the stage (all its virtual chunks together)
 * @param microBatchesInFlight micro-batches whose activations the stage holds at its peak (1F1B /
 *     interleaved warm-up); fractional under interleaving, where it counts whole-stage equivalents
 */
public record StageMemory(int stage, int firstLayer, int layers, double microBatchesInFlight, List<MemoryItem> items) {
    public StageMemory {
        items = List.copyOf(items);
    }

    public long peakBytes() {
        return items.stream().mapToLong(MemoryItem::bytes).sum();
    }

    public long allocatedBytes() {
        return items.stream().filter(i -> i.kind().allocated()).mapToLong(MemoryItem::bytes).sum();
    }

    public long reservedBytes() {
        return items.stream().filter(i -> i.kind().reserved()).mapToLong(MemoryItem::bytes).sum();
    }

    public long bytesOf(ItemKind kind) {
        return items.stream().filter(i -> i.kind() == kind).mapToLong(MemoryItem::bytes).sum();
    }

    public long modelStateBytes() {
        return bytesOf(ItemKind.MODEL_STATE);
    }

    public long activationBytes() {
        return bytesOf(ItemKind.ACTIVATION);
    }

    /** The item named {@code name}, or 0 bytes when the stage has none. */
    public long bytesOf(String name) {
        return items.stream().filter(i -> i.name().equals(name)).mapToLong(MemoryItem::bytes).sum();
    }

    /** The {@code count} largest items, largest first. */
    public List<MemoryItem> largestItems(int count) {
        return items.stream().sorted(Comparator.comparingLong(MemoryItem::bytes).reversed()).limit(count).toList();
    }
}
