package dev.trainplan.engine.plan;

import java.util.List;
import java.util.Optional;

/**
 * The answer of a search.
 *
 * @param ranked the best configurations by the objective (as many as asked for, at least two), best first,
 *     all within the memory limit, the deadline and the budget; of configurations exactly as fast and as
 *     cheap, only the first (least memory, then simplest) is listed
 * @param pareto the Pareto front of training time (or seconds per sample), cost and devices, fewest devices first
 * @param fastestByDevices the fastest configuration for each device count that has one, fewest devices first
 * @param closest when configurations were rejected for memory, the deadline or the budget: the ones that
 *     missed by least, by reason
 */
public record Plan(Objective objective, List<Candidate> ranked, List<Candidate> pareto, List<Candidate> fastestByDevices,
                   List<Near> closest, Tally tally) {
    public Plan {
        ranked = List.copyOf(ranked);
        pareto = List.copyOf(pareto);
        fastestByDevices = List.copyOf(fastestByDevices);
        closest = List.copyOf(closest);
    }

    public Optional<Candidate> best() {
        return ranked.isEmpty() ? Optional.empty() : Optional.of(ranked.getFirst());
    }

    public Optional<Candidate> runnerUp() {
        return ranked.size() < 2 ? Optional.empty() : Optional.of(ranked.get(1));
    }
}
