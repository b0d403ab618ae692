package dev.trainplan.engine.run;

import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.steps.BatchPhase;
import dev.trainplan.engine.steps.StepCounter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a job's batch schedule and sequence-length stages into the run's {@link Stage}s, asking the
 * step-time model once per distinct (global batch, sequence length).
 */
public final class Schedules {
    private Schedules() {
    }

    /**
     * The job's stages: its optimizer steps grouped by global batch as its framework counts them
     * (Megatron's {@code --rampup-batch-size} or step schedule, one stage otherwise) at its sequence length.
     */
    public static List<Stage> of(Job job, StepTimeFunction time) {
        return ofPhases(StepCounter.batchPhases(job), job.batch().globalBatch(), job.dataset().sequenceLength(), time);
    }

    /**
     * One stage per batch phase. A phase below {@code fullGlobalBatch} is charged against the full batch's
     * throughput at the same sequence length: its samples would take {@code b / B} of a full step.
     */
    public static List<Stage> ofPhases(List<BatchPhase> phases, long fullGlobalBatch, int sequenceLength, StepTimeFunction time) {
        Objects.requireNonNull(time, "time");
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one batch phase with steps.");
        }
        Memo memo = new Memo(time);
        StepFigures full = memo.at(fullGlobalBatch, sequenceLength);
        List<Stage> stages = new ArrayList<>();
        for (BatchPhase phase : phases) {
            StepFigures step = memo.at(phase.globalBatch(), sequenceLength);
            double steady = full.stepSeconds() * phase.globalBatch() / fullGlobalBatch;
            stages.add(new Stage(phase.steps(), phase.globalBatch(), sequenceLength, step.stepSeconds(), steady, step.deviceActivity()));
        }
        return List.copyOf(stages);
    }

    /** One steady stage per sequence-length stage, in order. */
    public static List<Stage> ofSequenceStages(List<SequenceStage> sequenceStages, StepTimeFunction time) {
        Objects.requireNonNull(time, "time");
        if (sequenceStages.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one sequence-length stage.");
        }
        Memo memo = new Memo(time);
        return sequenceStages.stream()
                .map(s -> Stage.steady(s.steps(), s.globalBatch(), s.sequenceLength(), memo.at(s.globalBatch(), s.sequenceLength())))
                .toList();
    }

    /** The step-time model may be a whole simulation; each shape is asked for once. */
    private static final class Memo {
        private final StepTimeFunction time;
        private final Map<List<Long>, StepFigures> seen = new HashMap<>();

        Memo(StepTimeFunction time) {
            this.time = time;
        }

        StepFigures at(long globalBatch, int sequenceLength) {
            return seen.computeIfAbsent(List.of(globalBatch, (long) sequenceLength),
                    k -> Objects.requireNonNull(time.at(globalBatch, sequenceLength), "the step-time model returned no figures"));
        }
    }
}
