package dev.trainplan.engine.plan;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How far a search is: configurations accounted for (evaluated, pruned or rejected) out of the space.
 * The planner updates it from its worker threads; a face reads it from another thread to show progress.
 */
public final class Progress {
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong evaluated = new AtomicLong();
    private volatile long total;

    public long done() {
        return done.get();
    }

    public long evaluated() {
        return evaluated.get();
    }

    /** Configurations in the space; 0 until the planner has counted them. */
    public long total() {
        return total;
    }

    void total(long configurations) {
        total = configurations;
    }

    void add(long configurations, long evaluatedConfigurations) {
        done.addAndGet(configurations);
        evaluated.addAndGet(evaluatedConfigurations);
    }
}
