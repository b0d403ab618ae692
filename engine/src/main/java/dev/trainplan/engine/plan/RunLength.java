package dev.trainplan.engine.plan;

import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Require;
import dev.trainplan.engine.job.TrainingLength;
import java.util.Objects;

/**
 * How much training the plan is for: unknown (the planner then ranks by seconds per sample), a number of
 * optimizer steps, or a dataset with epochs or steps, counted by the framework's own rules.
 */
public sealed interface RunLength {
    Unknown UNKNOWN = new Unknown();

    /** No length given: time is compared per sample, and no training time, deadline or budget applies. */
    record Unknown() implements RunLength {
    }

    /** A fixed number of optimizer steps, whatever the global batch. */
    record Steps(long steps) implements RunLength {
        public Steps {
            Require.positive("steps", steps, Require.MAX_COUNT);
        }
    }

    /** A dataset trained for {@code length} (epochs or steps); steps follow from the global batch. */
    record Data(Dataset dataset, TrainingLength length) implements RunLength {
        public Data {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(length, "length");
        }
    }

    default boolean known() {
        return !(this instanceof Unknown);
    }
}
