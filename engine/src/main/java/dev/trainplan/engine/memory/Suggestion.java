package dev.trainplan.engine.memory;

import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Named;
import java.util.Objects;

/**
 * A changed configuration that was re-estimated: what changed, the job and settings to run, and the peak
 * they reach. {@code steps} counts the notches moved along the change's dimension (1 = the next setting).
 */
public record Suggestion(Change change, int steps, String description, Job job, MemorySettings settings, long peakBytes) {
    public Suggestion {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(settings, "settings");
    }

    /** The dimensions a suggestion moves along, in the order preferred when two are equally small. */
    public enum Change implements Named {
        MICRO_BATCH, RECOMPUTE, SHARDING, TENSOR_PARALLEL, PIPELINE_PARALLEL, OFFLOAD
    }

    static Suggestion unscored(Change change, int steps, String description, Job job, MemorySettings settings) {
        return new Suggestion(change, steps, description, job, settings, -1);
    }

    Suggestion withPeak(long bytes) {
        return new Suggestion(change, steps, description, job, settings, bytes);
    }
}
