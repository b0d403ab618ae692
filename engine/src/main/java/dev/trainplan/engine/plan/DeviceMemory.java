package dev.trainplan.engine.plan;

import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;

/**
 * Peak bytes per device of a configuration, as the planner asks for it: {@link #layout} once per
 * layout, then {@link LayoutMemory#peakBytes} for every inner choice. {@link ModelMemory} connects it to
 * trainplan's memory model; tests use simpler functions.
 */
public interface DeviceMemory {
    /** Prepares what depends on the layout only; may allocate. */
    LayoutMemory layout(Layout layout);

    /** Where the peak of one configuration is and what it is made of, for explanations; may allocate. */
    MemoryReport report(Configuration configuration);

    /** The inner stage of {@link DeviceMemory}. */
    @FunctionalInterface
    interface LayoutMemory {
        /** Peak bytes per device on the worst pipeline stage; called in the planner's innermost loop, so it should not allocate. */
        long peakBytes(int vp, int microBatch, int accumulation, Recompute recompute, Sharding sharding);

        /**
         * The peak with full recompute of only the first {@code recomputeLayers} layers of each pipeline chunk (0: every
         * layer). A memory that cannot tell says it never fits, so the planner keeps to whole-stage recompute with it.
         */
        default long peakBytes(int vp, int microBatch, int accumulation, Recompute recompute, int recomputeLayers, Sharding sharding) {
            return recomputeLayers == 0 ? peakBytes(vp, microBatch, accumulation, recompute, sharding) : Long.MAX_VALUE;
        }

        /**
         * Whether the peak never falls as the micro-batch grows with everything else fixed (so that it takes
         * fewer micro-batches in flight), which lets the planner prune every micro-batch above one that
         * overflows. It holds where every term grows with the micro-batch and micro-batches in flight ×
         * micro-batch never shrinks.
         */
        default boolean growsWithMicroBatch() {
            return true;
        }
    }
}
