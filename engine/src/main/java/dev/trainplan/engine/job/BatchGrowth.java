package dev.trainplan.engine.job;

import java.util.List;

/**
 * How the global batch changes along the run: constant; Megatron's {@code --rampup-batch-size start
 * increment samples} (Megatron-Core up to 0.17); or Megatron's {@code --step-batch-size-schedule} of
 * (consumed samples → global batch) stages (current main).
 */
public sealed interface BatchGrowth {
    Constant CONSTANT = new Constant();

    record Constant() implements BatchGrowth {
    }

    record Rampup(long startBatch, long incrementBatch, long rampupSamples) implements BatchGrowth {
        public Rampup {
            Require.positive("rampup start batch", startBatch, BatchSpec.MAX_GLOBAL_BATCH);
            Require.positive("rampup batch increment", incrementBatch, BatchSpec.MAX_GLOBAL_BATCH);
            if (rampupSamples < 0 || rampupSamples > Require.MAX_COUNT) {
                throw new IllegalArgumentException("rampup samples must be from 0 to " + Require.MAX_COUNT + ", not " + rampupSamples + ".");
            }
        }
    }

    /** One stage of a step schedule: from {@code fromSamples} consumed samples on, the global batch is {@code globalBatch}. */
    record Stage(long fromSamples, long globalBatch) {
        public Stage {
            if (fromSamples < 0) {
                throw new IllegalArgumentException("a batch schedule stage starts at " + fromSamples + " samples; it must be 0 or more.");
            }
            Require.positive("batch schedule global batch", globalBatch, BatchSpec.MAX_GLOBAL_BATCH);
        }
    }

    record StepSchedule(List<Stage> stages) implements BatchGrowth {
        public StepSchedule {
            stages = List.copyOf(stages);
            if (stages.isEmpty() || stages.getFirst().fromSamples() != 0) {
                throw new IllegalArgumentException("a batch schedule must start with a stage at 0 samples, e.g. \"0:256 2000:512\".");
            }
            for (int i = 1; i < stages.size(); i++) {
                if (stages.get(i).fromSamples() <= stages.get(i - 1).fromSamples()) {
                    throw new IllegalArgumentException("batch schedule stages must start at increasing sample counts, but "
                            + stages.get(i).fromSamples() + " follows " + stages.get(i - 1).fromSamples() + ".");
                }
            }
        }
    }
}
