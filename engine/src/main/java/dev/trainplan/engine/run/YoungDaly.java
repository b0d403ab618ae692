package dev.trainplan.engine.run;

import dev.trainplan.engine.job.Require;

/**
 * The optimal checkpoint interval and the time it loses (formulas.md §8.1). {@code δ} is the part of a
 * save that blocks training, {@code M} the mean time between failures of the whole job, {@code R} the
 * restart cost; all in seconds, and the interval counts training time between saves.
 */
public final class YoungDaly {
    private YoungDaly() {
    }

    /** Young (1974), first order: τ = √(2δM). */
    public static double youngSeconds(double blockingSeconds, double mtbfSeconds) {
        check(blockingSeconds, mtbfSeconds);
        return Math.sqrt(2 * blockingSeconds * mtbfSeconds);
    }

    /** Daly (2006), higher order: τ = √(2δM)·[1 + ⅓√(δ/2M) + ⅑(δ/2M)] − δ for δ < 2M, else M. */
    public static double dalySeconds(double blockingSeconds, double mtbfSeconds) {
        check(blockingSeconds, mtbfSeconds);
        if (Double.isInfinite(mtbfSeconds)) {
            return Double.POSITIVE_INFINITY;
        }
        if (blockingSeconds >= 2 * mtbfSeconds) {
            return mtbfSeconds;
        }
        double x = blockingSeconds / (2 * mtbfSeconds);
        return Math.sqrt(2 * blockingSeconds * mtbfSeconds) * (1 + Math.sqrt(x) / 3 + x / 9) - blockingSeconds;
    }

    /** The first-order fraction of time lost, W ≈ δ/τ + (τ/2 + R)/M. */
    public static double lostFraction(double blockingSeconds, double intervalSeconds, double restartSeconds, double mtbfSeconds) {
        check(blockingSeconds, mtbfSeconds);
        Require.positive("checkpoint interval seconds", intervalSeconds, Double.POSITIVE_INFINITY);
        Require.nonNegative("restart seconds", restartSeconds, Double.MAX_VALUE);
        double saving = Double.isInfinite(intervalSeconds) ? 0 : blockingSeconds / intervalSeconds;
        return saving + (Double.isInfinite(mtbfSeconds) ? 0 : (intervalSeconds / 2 + restartSeconds) / mtbfSeconds);
    }

    private static void check(double blockingSeconds, double mtbfSeconds) {
        Require.nonNegative("checkpoint blocking seconds", blockingSeconds, Double.MAX_VALUE);
        Require.positive("job MTBF seconds", mtbfSeconds, Double.POSITIVE_INFINITY);
    }
}
