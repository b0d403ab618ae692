package dev.trainplan.engine.plan;

import dev.trainplan.engine.job.Require;

/**
 * How a search runs, not what it finds: how many ranked configurations to keep, whether to prune
 * micro-batches above one that overflows (off only to check the pruning), and how many threads (0 = one
 * per core).
 */
public record SearchOptions(int top, boolean prune, int threads) {
    public static final SearchOptions DEFAULT = new SearchOptions(5, true, 0);

    public SearchOptions {
        Require.positive("top", top, 1 << 16);
        if (threads < 0 || threads > 1 << 12) {
            throw new IllegalArgumentException("threads must be 0 (one per core) to 4096, not " + threads + ".");
        }
    }

    public SearchOptions withTop(int value) {
        return new SearchOptions(value, prune, threads);
    }

    public SearchOptions withPrune(boolean value) {
        return new SearchOptions(top, value, threads);
    }

    public SearchOptions withThreads(int value) {
        return new SearchOptions(top, prune, value);
    }
}
