package dev.trainplan.engine.plan;

import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.time.StagedStepTime;
import java.util.Objects;
import java.util.Optional;

/**
 * One given configuration (a published one, the user's own) checked as the planner checks the ones it
 * searches: Megatron's rules, memory, then step time, the deadline and the budget. Its step time is
 * computed even when it does not fit, so an explanation can say what it would have taken.
 *
 * @param rejection the first rule or limit it breaks, if any
 */
public record Assessment(Candidate candidate, Optional<Rejection> rejection) {
    public Assessment {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(rejection, "rejection");
    }

    public static Assessment of(PlanRequest request, DeviceMemory memory, Configuration c) {
        Architecture a = request.model();
        Dimensions dims = new Dimensions(a, request.space(), request.hardware().devicesPerNode(), request.sequenceLength(),
                request.attention().flash());
        Rejection rule = firstNonNull(dims.tpRule(c.tp()), dims.ppRule(c.pp()), dims.cpRule(c.cp()), dims.epRule(c.ep()));
        if (rule == null && c.vp() > 1 && (c.pp() == 1 || a.layers() % (c.pp() * c.vp()) != 0)) {
            rule = Rejection.VP_LAYERS;
        }
        if (rule == null && c.vp() > 1 && c.accumulation() % c.pp() != 0) {
            rule = Rejection.VP_MICROBATCHES;
        }
        int expertTp = c.tp();
        int expertDp = 1;
        if (rule == null && a.moeLayers() > 0) {
            try {
                Parallelism par = c.parallelism();
                expertTp = par.expertTensorParallel(c.devices());
                expertDp = par.expertDataParallel(c.devices());
            } catch (IllegalArgumentException layoutDoesNotDivide) {
                rule = Rejection.EP_LAYOUT;
            }
        }
        Layout layout = new Layout(c.devices(), c.globalBatch(), c.tp(), c.pp(), c.cp(), c.ep(), c.dp(), c.sequenceParallel());
        long peak = memory.layout(layout).peakBytes(c.vp(), c.microBatch(), c.accumulation(), c.recompute(), c.recomputeLayers(), c.sharding());
        double step = Double.NaN;
        if (rule == null || rule == Rejection.VP_MICROBATCHES) {
            StagedStepTime staged = request.stagedStepTime();
            step = staged.stepSeconds(staged.stage(staged.microBatch(c.tp(), c.cp(), c.ep(), expertTp, c.microBatch(), c.sequenceParallel()),
                    staged.layout(c.devices(), c.tp(), c.pp(), c.cp(), c.ep(), expertTp, c.dp(), expertDp, c.vp())), c.vp(), c.accumulation(),
                    c.recompute(), c.recomputedShare(a.layers()), c.sharding());
        }
        long steps = Planner.steps(request, c.globalBatch());
        Candidate candidate = new Candidate(c, step, peak, steps, steps > 0 ? step * steps : Double.NaN);
        Goal goal = request.goal();
        if (rule == null && peak > goal.memoryLimitBytes()) {
            rule = Rejection.OUT_OF_MEMORY;
        } else if (rule == null && !(step < Double.POSITIVE_INFINITY)) {
            rule = Rejection.NO_LINK;
        } else if (rule == null && steps > 0 && candidate.trainingSeconds() > goal.deadlineSeconds()) {
            rule = Rejection.DEADLINE;
        } else if (rule == null && steps > 0 && candidate.cost(goal.pricePerDeviceHour()) > goal.budget()) {
            rule = Rejection.BUDGET;
        }
        return new Assessment(candidate, Optional.ofNullable(rule));
    }

    private static Rejection firstNonNull(Rejection... rules) {
        for (Rejection r : rules) {
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}
