package dev.trainplan.engine.plan;

import java.util.Objects;

/**
 * A configuration that came close: it was rejected for {@code reason} and misses by {@code shortfall}
 * (bytes over the memory limit, seconds over the deadline, money over the budget). For memory the
 * step time was never computed and is NaN.
 */
public record Near(Candidate candidate, Rejection reason, double shortfall) {
    public Near {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(reason, "reason");
    }
}
