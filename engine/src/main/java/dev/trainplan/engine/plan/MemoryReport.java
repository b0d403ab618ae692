package dev.trainplan.engine.plan;

import java.util.List;

/**
 * The memory of one configuration as an explanation shows it: the peak, the pipeline stage it occurs on
 * (0-based) and the largest parts of that stage, largest first.
 */
public record MemoryReport(long peakBytes, int worstStage, List<Part> largestParts) {
    public MemoryReport {
        largestParts = List.copyOf(largestParts);
    }

    /** One named part of a stage's memory. */
    public record Part(String name, long bytes) {
    }
}
