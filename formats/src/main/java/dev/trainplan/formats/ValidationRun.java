package dev.trainplan.formats;

import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.model.Architecture;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One row of {@code validation/runs.csv}: a published, measured training run turned into engine inputs.
 *
 * @param id unique row id
 * @param source where the figures were read
 * @param architecture the model built from the row's shape columns
 * @param job the run's configuration; when the row's recompute is {@code unknown}, the job carries the
 *     framework's default (none) and {@link #recompute()} is empty
 * @param microBatch the published micro-batch, empty when the row leaves it out (the job then holds the
 *     framework's derivation from the global batch)
 * @param recompute the published recompute mode, empty for {@code unknown}
 * @param accelerator the catalog id of the accelerator, e.g. {@code h100-sxm}
 * @param measuredTokensPerSecondPerDevice measured throughput, when published
 * @param measuredMemoryGib measured peak memory per device in GiB, when published
 * @param confidence {@code high}, {@code medium} or {@code low}
 * @param notes how the figures were converted and what was assumed
 */
public record ValidationRun(String id, String source, Architecture architecture, Job job, OptionalInt microBatch,
                            Optional<Recompute> recompute, String accelerator, OptionalDouble measuredTokensPerSecondPerDevice,
                            OptionalDouble measuredMemoryGib, String confidence, String notes) {
    public ValidationRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(microBatch, "microBatch");
        Objects.requireNonNull(recompute, "recompute");
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(measuredTokensPerSecondPerDevice, "measuredTokensPerSecondPerDevice");
        Objects.requireNonNull(measuredMemoryGib, "measuredMemoryGib");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(notes, "notes");
    }

    /** The source family, the id's prefix before its first dash (e.g. {@code simumax}, {@code torchtitan}). */
    public String family() {
        int dash = id.indexOf('-');
        return dash < 0 ? id : id.substring(0, dash);
    }
}
