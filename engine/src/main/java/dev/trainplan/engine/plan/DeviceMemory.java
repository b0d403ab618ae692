package dev.trainplan.engine.plan;

import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;

/**
 * Peak bytes per device of a configuration, as the planner asks for it: {@link #layout} once per
 * layout, then {@link LayoutMemory#peakBytes} for every inner choice. The planner prunes every
 * micro-batch above one that overflows, so the peak must not decrease as the micro-batch grows with the
 * rest fixed (it does not in any model of activations: each term grows with the micro-batch, and
 * micro-batches in flight × micro-batch only grows).
 */
public interface DeviceMemory {
    /** Prepares what depends on the layout only; may allocate. */
    LayoutMemory layout(Layout layout);

    /** Where the peak of one configuration is and what it is made of, for explanations; may allocate. */
    MemoryReport report(Configuration configuration);

    /** The inner stage of {@link DeviceMemory}. */
    @FunctionalInterface
    interface LayoutMemory {
        /** Peak bytes per device on the worst pipeline stage; called in the planner's innermost loop, so it must not allocate. */
        long peakBytes(int vp, int microBatch, int accumulation, Recompute recompute, Sharding sharding);
    }
}
