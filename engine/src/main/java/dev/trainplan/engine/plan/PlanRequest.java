package dev.trainplan.engine.plan;

import dev.trainplan.engine.comm.Collectives;
import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Require;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.time.Efficiency;
import dev.trainplan.engine.time.Overheads;
import dev.trainplan.engine.time.StagedStepTime;
import java.util.Objects;

/**
 * Everything a search needs: the model, the hardware and the step model's coefficients, the settings
 * that are not searched (precision, framework, optimizer, sequence length, attention kernel), the space and the goal.
 */
public record PlanRequest(Architecture model, ClusterHardware hardware, Collectives network, Efficiency efficiency, Overheads overheads,
                          Precision precision, Framework framework, Optimizer optimizer, int sequenceLength, AttentionKernel attention,
                          SearchSpace space, Goal goal) {
    /** A request for jobs that run FlashAttention, as every current framework does by default. */
    public PlanRequest(Architecture model, ClusterHardware hardware, Collectives network, Efficiency efficiency, Overheads overheads,
                       Precision precision, Framework framework, Optimizer optimizer, int sequenceLength, SearchSpace space, Goal goal) {
        this(model, hardware, network, efficiency, overheads, precision, framework, optimizer, sequenceLength, AttentionKernel.FLASH, space, goal);
    }

    public PlanRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(hardware, "hardware");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(efficiency, "efficiency");
        Objects.requireNonNull(overheads, "overheads");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(framework, "framework");
        Objects.requireNonNull(optimizer, "optimizer");
        Require.positive("seq_len", sequenceLength, Dataset.MAX_SEQUENCE_LENGTH);
        Objects.requireNonNull(attention, "attention");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(goal, "goal");
        if (goal.length() instanceof RunLength.Data data && data.dataset().sequenceLength() != sequenceLength) {
            throw new IllegalArgumentException("the dataset's sequence length " + data.dataset().sequenceLength()
                    + " is not the plan's " + sequenceLength + "; give one sequence length.");
        }
    }

    /** The step model of this request, staged for the search. */
    public StagedStepTime stagedStepTime() {
        return StagedStepTime.of(model, hardware, network, efficiency, overheads, precision, framework, optimizer, sequenceLength, attention);
    }

    public PlanRequest withSpace(SearchSpace value) {
        return new PlanRequest(model, hardware, network, efficiency, overheads, precision, framework, optimizer, sequenceLength, attention, value, goal);
    }

    public PlanRequest withGoal(Goal value) {
        return new PlanRequest(model, hardware, network, efficiency, overheads, precision, framework, optimizer, sequenceLength, attention, space, value);
    }
}
