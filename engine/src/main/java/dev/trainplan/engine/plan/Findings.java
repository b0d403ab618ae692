package dev.trainplan.engine.plan;

import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one search worker has found so far: counts by outcome, the best configurations by the objective,
 * the fastest per device count, and the configurations that missed a limit by least. The walker sets
 * the current layout ({@link #at}) and offers every inner choice; a {@link Candidate} is made only when
 * the configuration would enter one of the lists, so the innermost loop allocates nothing. Workers merge
 * their findings at the end; every list is ordered by a total order, so the result does not depend on
 * which worker found what.
 */
final class Findings {
    /** Closest misses kept per reason. */
    static final int CLOSEST = 3;
    /** Values kept per reason to show which broke a rule. */
    static final int EXAMPLES = 8;

    private final Goal goal;
    private final int top;
    private final Comparator<Candidate> ranking;
    final long[] rejected = new long[Rejection.values().length];
    long evaluated;
    long pruned;
    final List<Candidate> ranked = new ArrayList<>();
    final Candidate[] fastestByDevices;
    final Map<Rejection, List<Near>> closest = new EnumMap<>(Rejection.class);
    private final int[][] examples = new int[Rejection.values().length][EXAMPLES];
    private final int[] exampleCounts = new int[Rejection.values().length];

    // The layout being walked.
    private int devicesIndex;
    private int devices;
    private long globalBatch;
    private long steps;
    private int tp;
    private int pp;
    private int cp;
    private int ep;
    private int dp;
    private boolean sequenceParallel;

    Findings(Goal goal, int top, int deviceCounts) {
        this.goal = goal;
        this.top = top;
        this.ranking = ranking(goal.objective());
        this.fastestByDevices = new Candidate[deviceCounts];
    }

    /** Best first by the objective, then by the other measure, less memory, and the simpler configuration. */
    static Comparator<Candidate> ranking(Objective objective) {
        Comparator<Candidate> byTime = Comparator.comparingDouble(Candidate::timeScore);
        Comparator<Candidate> byCost = Comparator.comparingDouble(Candidate::costScore);
        Comparator<Candidate> measures = objective == Objective.CHEAPEST ? byCost.thenComparing(byTime) : byTime.thenComparing(byCost);
        return measures.thenComparingLong(Candidate::peakBytes).thenComparing(Candidate::configuration, Configuration.SIMPLER_FIRST);
    }

    /** Time as the planner compares it: training seconds when the run's steps are known, otherwise seconds per sample. */
    static double timeScore(double stepSeconds, long steps, long globalBatch) {
        return steps > 0 ? stepSeconds * steps : stepSeconds / globalBatch;
    }

    void at(int devicesIndex, int devices, long globalBatch, long steps, int tp, int pp, int cp, int ep, int dp, boolean sequenceParallel) {
        this.devicesIndex = devicesIndex;
        this.devices = devices;
        this.globalBatch = globalBatch;
        this.steps = steps;
        this.tp = tp;
        this.pp = pp;
        this.cp = cp;
        this.ep = ep;
        this.dp = dp;
        this.sequenceParallel = sequenceParallel;
    }

    void reject(Rejection reason, long configurations, int example) {
        if (configurations == 0) {
            return;
        }
        rejected[reason.ordinal()] += configurations;
        example(reason, example);
    }

    /** Keeps the smallest values that broke each rule, without boxing: the walk rejects millions of global batches. */
    private void example(Rejection reason, int value) {
        int[] values = examples[reason.ordinal()];
        int n = exampleCounts[reason.ordinal()];
        if (n == EXAMPLES && value >= values[n - 1]) {
            return;
        }
        int at = java.util.Arrays.binarySearch(values, 0, n, value);
        if (at >= 0) {
            return;
        }
        int index = -at - 1;
        int moved = Math.min(n, EXAMPLES - 1) - index;
        System.arraycopy(values, index, values, index + 1, moved);
        values[index] = value;
        exampleCounts[reason.ordinal()] = Math.min(n + 1, EXAMPLES);
    }

    /** The values that broke {@code reason}'s rule, smallest first. */
    List<Integer> examples(Rejection reason) {
        return java.util.Arrays.stream(examples[reason.ordinal()], 0, exampleCounts[reason.ordinal()]).boxed().toList();
    }

    /** A configuration of the current layout that does not fit in memory; its step time is not computed. */
    void overflow(int vp, int microBatch, int accumulation, Recompute recompute, Sharding sharding, long peakBytes) {
        rejected[Rejection.OUT_OF_MEMORY.ordinal()]++;
        double shortfall = peakBytes - (double) goal.memoryLimitBytes();
        if (mayBeClose(Rejection.OUT_OF_MEMORY, shortfall)) {
            Candidate c = new Candidate(configuration(vp, microBatch, accumulation, recompute, 0, sharding), Double.NaN, peakBytes,
                    steps, Double.NaN);
            close(new Near(c, Rejection.OUT_OF_MEMORY, shortfall));
        }
    }

    /** A configuration of the current layout whose memory fits and whose step time is {@code stepSeconds}. */
    void offer(int vp, int microBatch, int accumulation, Recompute recompute, Sharding sharding, double stepSeconds, long peakBytes) {
        offer(vp, microBatch, accumulation, recompute, 0, sharding, stepSeconds, peakBytes);
    }

    /** {@link #offer(int, int, int, Recompute, Sharding, double, long)} with full recompute of the first {@code recomputeLayers} of each chunk. */
    void offer(int vp, int microBatch, int accumulation, Recompute recompute, int recomputeLayers, Sharding sharding, double stepSeconds,
               long peakBytes) {
        evaluated++;
        if (!(stepSeconds < Double.POSITIVE_INFINITY)) {
            rejected[Rejection.NO_LINK.ordinal()]++;
            return;
        }
        double time = timeScore(stepSeconds, steps, globalBatch);
        if (steps > 0) {
            double training = stepSeconds * steps;
            if (training > goal.deadlineSeconds()) {
                miss(Rejection.DEADLINE, training - goal.deadlineSeconds(), vp, microBatch, accumulation, recompute, recomputeLayers, sharding,
                        stepSeconds, peakBytes);
                return;
            }
            double cost = training * devices / 3600 * goal.pricePerDeviceHour();
            if (cost > goal.budget()) {
                miss(Rejection.BUDGET, cost - goal.budget(), vp, microBatch, accumulation, recompute, recomputeLayers, sharding, stepSeconds,
                        peakBytes);
                return;
            }
        }
        double primary = goal.objective() == Objective.CHEAPEST ? time * devices : time;
        boolean mayRank = ranked.size() < top || primary <= primaryScore(ranked.getLast());
        Candidate fastest = fastestByDevices[devicesIndex];
        boolean mayBeFastest = fastest == null || time <= fastest.timeScore();
        if (!mayRank && !mayBeFastest) {
            return;
        }
        Candidate c = candidate(vp, microBatch, accumulation, recompute, recomputeLayers, sharding, stepSeconds, peakBytes);
        if (mayRank) {
            rank(c);
        }
        if (mayBeFastest && (fastest == null || FASTEST.compare(c, fastest) < 0)) {
            fastestByDevices[devicesIndex] = c;
        }
    }

    private static final Comparator<Candidate> FASTEST = ranking(Objective.FASTEST);

    private double primaryScore(Candidate c) {
        return goal.objective() == Objective.CHEAPEST ? c.costScore() : c.timeScore();
    }

    private void miss(Rejection reason, double shortfall, int vp, int microBatch, int accumulation, Recompute recompute, int recomputeLayers,
                      Sharding sharding, double stepSeconds, long peakBytes) {
        rejected[reason.ordinal()]++;
        if (mayBeClose(reason, shortfall)) {
            close(new Near(candidate(vp, microBatch, accumulation, recompute, recomputeLayers, sharding, stepSeconds, peakBytes), reason,
                    shortfall));
        }
    }

    private Candidate candidate(int vp, int microBatch, int accumulation, Recompute recompute, int recomputeLayers, Sharding sharding,
                                double stepSeconds, long peakBytes) {
        return new Candidate(configuration(vp, microBatch, accumulation, recompute, recomputeLayers, sharding), stepSeconds, peakBytes, steps,
                steps > 0 ? stepSeconds * steps : Double.NaN);
    }

    private Configuration configuration(int vp, int microBatch, int accumulation, Recompute recompute, int recomputeLayers, Sharding sharding) {
        return new Configuration(devices, globalBatch, tp, pp, cp, ep, vp, dp, microBatch, accumulation, recompute, recomputeLayers, sharding,
                sequenceParallel);
    }

    private boolean mayBeClose(Rejection reason, double shortfall) {
        List<Near> list = closest.get(reason);
        return list == null || list.size() < CLOSEST || shortfall <= list.getLast().shortfall();
    }

    private static final Comparator<Near> CLOSEST_FIRST = Comparator.comparingDouble(Near::shortfall)
            .thenComparing(Near::candidate, ranking(Objective.FASTEST).thenComparing(Candidate::stepSeconds));

    private void close(Near near) {
        insert(closest.computeIfAbsent(near.reason(), r -> new ArrayList<>()), near, CLOSEST_FIRST, CLOSEST);
    }

    /**
     * Adds {@code c} to the ranking unless an equally fast and equally cheap configuration ranks before it
     * (it then differs only in what the step time does not see, such as ZeRO-1 against ZeRO-2, and needs
     * more memory or is less simple); replaces such a configuration that ranks after it.
     */
    private void rank(Candidate c) {
        int at = Collections.binarySearch(ranked, c, ranking);
        if (at >= 0) {
            return;
        }
        int index = -at - 1;
        if (index > 0 && sameScores(ranked.get(index - 1), c)) {
            return;
        }
        if (index < ranked.size() && sameScores(ranked.get(index), c)) {
            ranked.set(index, c);
            return;
        }
        insert(ranked, c, ranking, top);
    }

    private static boolean sameScores(Candidate a, Candidate b) {
        return a.timeScore() == b.timeScore() && a.costScore() == b.costScore();
    }

    private static <T> void insert(List<T> sorted, T item, Comparator<? super T> order, int limit) {
        int at = Collections.binarySearch(sorted, item, order);
        if (at >= 0) {
            return;
        }
        int index = -at - 1;
        if (index >= limit) {
            return;
        }
        sorted.add(index, item);
        if (sorted.size() > limit) {
            sorted.removeLast();
        }
    }

    /** Adds another worker's findings to these. */
    Findings merge(Findings other) {
        for (int i = 0; i < rejected.length; i++) {
            rejected[i] += other.rejected[i];
        }
        evaluated += other.evaluated;
        pruned += other.pruned;
        other.ranked.forEach(this::rank);
        for (int i = 0; i < fastestByDevices.length; i++) {
            Candidate theirs = other.fastestByDevices[i];
            if (theirs != null && (fastestByDevices[i] == null || FASTEST.compare(theirs, fastestByDevices[i]) < 0)) {
                fastestByDevices[i] = theirs;
            }
        }
        other.closest.values().forEach(list -> list.forEach(this::close));
        for (Rejection r : Rejection.values()) {
            for (int i = 0; i < other.exampleCounts[r.ordinal()]; i++) {
                example(r, other.examples[r.ordinal()][i]);
            }
        }
        return this;
    }
}
