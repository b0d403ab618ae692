package dev.trainplan.engine.plan;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How a search spent its space: every configuration was evaluated (its memory and step time were
 * determined), pruned in bulk (a micro-batch above one that overflowed on the same layout, never
 * evaluated), or rejected by a rule or for memory. {@code space = evaluated + pruned + rejected by rules
 * and memory}; an unknown link, the deadline and the budget reject configurations that were evaluated.
 *
 * @param examples per reason, the values that broke the rule (tp for the tp rules, pp, cp, ep, dp,
 *     micro-batch, vp), smallest first and at most a few
 */
public record Tally(long space, long evaluated, long pruned, Map<Rejection, Long> rejected, Map<Rejection, List<Integer>> examples) {
    public Tally {
        EnumMap<Rejection, Long> counts = new EnumMap<>(Rejection.class);
        counts.putAll(rejected);
        rejected = Collections.unmodifiableMap(counts);
        EnumMap<Rejection, List<Integer>> copy = new EnumMap<>(Rejection.class);
        examples.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        examples = Collections.unmodifiableMap(copy);
    }

    public long rejected(Rejection reason) {
        return rejected.getOrDefault(reason, 0L);
    }

    /** Evaluated configurations that can run and meet the deadline and the budget. */
    public long feasible() {
        return evaluated - rejected(Rejection.NO_LINK) - rejected(Rejection.DEADLINE) - rejected(Rejection.BUDGET);
    }

    /** Configurations the rules and memory removed before evaluation, pruned ones included. */
    public long notEvaluated() {
        return space - evaluated;
    }
}
