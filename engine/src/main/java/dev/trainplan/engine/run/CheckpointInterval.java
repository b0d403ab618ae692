package dev.trainplan.engine.run;

import dev.trainplan.engine.job.Require;

/**
 * How often to save: at the Young/Daly optimum for the job's MTBF and blocking save time (the default),
 * every so many seconds of training, or every so many optimizer steps (Megatron's {@code --save-interval}).
 */
public sealed interface CheckpointInterval {
    Optimal OPTIMAL = new Optimal();

    record Optimal() implements CheckpointInterval {
    }

    record EverySeconds(double seconds) implements CheckpointInterval {
        public EverySeconds {
            Require.positive("checkpoint interval seconds", seconds, 1e12);
        }
    }

    record EverySteps(long steps) implements CheckpointInterval {
        public EverySteps {
            Require.positive("checkpoint interval steps", steps, Require.MAX_COUNT);
        }
    }
}
