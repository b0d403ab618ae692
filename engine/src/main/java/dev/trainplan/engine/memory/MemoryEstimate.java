package dev.trainplan.engine.memory;

import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.model.Model;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Per-device memory of a job, per pipeline stage and itemised. The device's peak is the worst stage's.
 *
 * @param model the model estimated
 * @param job the job estimated
 * @param settings the memory settings used
 * @param stages one entry per pipeline stage
 */
public record MemoryEstimate(Model model, Job job, MemorySettings settings, List<StageMemory> stages) {
    public MemoryEstimate {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(settings, "settings");
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a memory estimate needs at least one pipeline stage.");
        }
    }

    /** The stage with the highest peak (the first of equals). */
    public StageMemory worstStage() {
        return stages.stream().max(Comparator.comparingLong(StageMemory::peakBytes)).orElseThrow();
    }

    public long peakBytesPerDevice() {
        return worstStage().peakBytes();
    }

    /** The highest {@code max_memory_allocated} over stages, for comparison with PyTorch's counter. */
    public long allocatedPeakBytes() {
        return stages.stream().mapToLong(StageMemory::allocatedBytes).max().orElseThrow();
    }

    public long reservedPeakBytes() {
        return stages.stream().mapToLong(StageMemory::reservedBytes).max().orElseThrow();
    }
}
