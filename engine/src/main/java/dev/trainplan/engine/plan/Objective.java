package dev.trainplan.engine.plan;

import dev.trainplan.engine.job.Named;
import java.util.List;

/**
 * What the planner ranks by. A deadline or a budget ({@link Goal}) restricts any of them: the fastest
 * within a budget, the cheapest within a deadline.
 */
public enum Objective implements Named {
    /** Shortest training time (or, without a training length, seconds per sample). */
    FASTEST,
    /** Fewest device-hours, which at one price per device-hour is the lowest cost. */
    CHEAPEST,
    /** Ranked like {@link #FASTEST}; the Pareto front of time, cost and devices is the answer to read. */
    PARETO;

    @Override
    public List<String> aliases() {
        return switch (this) {
            case FASTEST -> List.of("time", "fast");
            case CHEAPEST -> List.of("cost", "cheap");
            case PARETO -> List.of("front");
        };
    }

    public static Objective parse(String text) {
        return Named.parse(Objective.class, "objective", text);
    }
}
