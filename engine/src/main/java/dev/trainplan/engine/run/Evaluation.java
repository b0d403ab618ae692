package dev.trainplan.engine.run;

import dev.trainplan.engine.job.Require;
import java.util.List;
import java.util.Objects;

/**
 * Evaluation during training, as Megatron runs it ({@code --eval-interval}, {@code --eval-iters}): every
 * {@code everySteps} optimizer steps, {@code iterations} forward-only iterations at the current batch,
 * each costing {@code forwardShare} of a training step. {@link #NONE} evaluates never.
 */
public record Evaluation(long everySteps, long iterations, Assumption forwardShare) {
    public static final Evaluation NONE = new Evaluation(0, 0, Defaults.FORWARD_SHARE);

    public Evaluation {
        Objects.requireNonNull(forwardShare, "forwardShare");
        forwardShare.inRange(0, 10);
        if ((everySteps == 0) != (iterations == 0)) {
            throw new IllegalArgumentException("evaluation needs both an interval and a number of iterations (or neither), not every "
                    + everySteps + " steps for " + iterations + " iterations.");
        }
        if (everySteps != 0) {
            Require.positive("evaluation interval steps", everySteps, Require.MAX_COUNT);
            Require.positive("evaluation iterations", iterations, Require.MAX_COUNT);
        }
    }

    public static Evaluation every(long steps, long iterations) {
        Require.positive("evaluation interval steps", steps, Require.MAX_COUNT);
        return new Evaluation(steps, iterations, Defaults.FORWARD_SHARE);
    }

    public Evaluation withForwardShare(Assumption value) {
        return new Evaluation(everySteps, iterations, value);
    }

    public boolean enabled() {
        return everySteps > 0;
    }

    /** Evaluations that fall after steps {@code (fromStep, toStep]} of the run. */
    long evaluationsBetween(long fromStep, long toStep) {
        return enabled() ? toStep / everySteps - fromStep / everySteps : 0;
    }

    List<Assumption> assumptions() {
        return enabled() ? List.of(forwardShare) : List.of();
    }
}
