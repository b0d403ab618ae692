package dev.trainplan.engine.plan;

import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.steps.StepCounter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Searches a {@link SearchSpace} for the best configuration by a {@link Goal}. The rules on tp, pp and
 * cp reject whole layouts at once; every remaining (devices, tp, pp, cp) layout, with a few global
 * batches at a time, is one unit of work, handed out largest first to one worker per core
 * ({@link LayoutSearch}). Each worker keeps its own
 * findings; they are merged at the end in an order that does not depend on the workers.
 */
public final class Planner {
    /** Global batches per unit of work: enough to amortise a layout's preparation, few enough to share a layout between threads. */
    static final int BATCHES_PER_UNIT = 16;

    private Planner() {
    }

    /** Searches with the default options and no progress reporting. */
    public static Plan search(PlanRequest request, DeviceMemory memory) {
        return search(request, memory, SearchOptions.DEFAULT, new Progress());
    }

    public static Plan search(PlanRequest request, DeviceMemory memory, SearchOptions options, Progress progress) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        Dimensions dims = new Dimensions(request.model(), request.space(), request.hardware().devicesPerNode(), request.sequenceLength(),
                request.attention().flash());
        int[] devices = request.space().devices().stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
        Goal goal = request.goal();
        int keep = Math.max(2, options.top());
        Findings rules = new Findings(goal, keep, devices.length);
        List<LayoutSearch> layouts = new ArrayList<>();
        long space = layouts(dims, devices, rules, layouts);
        // Progress counts the work: the configurations of the layouts that passed the rules, not those rejected with a layout.
        progress.total(layouts.stream().mapToLong(LayoutSearch::configurations).sum());
        LayoutSearch.Context context = new LayoutSearch.Context(dims, request.stagedStepTime(), memory, goal.memoryLimitBytes(),
                steps(request, dims), options.prune(), progress);
        layouts.sort(Comparator.comparingLong(LayoutSearch::configurations).reversed());
        Findings found = run(layouts, context, options.threads(), () -> new Findings(goal, keep, devices.length));
        found.merge(rules);
        return plan(goal.objective(), found, space);
    }

    /** Applies the tp, pp and cp rules, adds the layouts that pass to {@code out}, and returns the size of the whole space. */
    private static long layouts(Dimensions dims, int[] devices, Findings rejected, List<LayoutSearch> out) {
        long space = 0;
        for (int d = 0; d < devices.length; d++) {
            int n = devices[d];
            for (int tp : dims.tp(n)) {
                Rejection tpRule = dims.tpRule(tp);
                for (int pp : dims.pp(n, tp)) {
                    Rejection ppRule = tpRule != null ? tpRule : dims.ppRule(pp);
                    for (int cp : dims.cp(n, tp, pp)) {
                        Rejection rule = ppRule != null ? ppRule : dims.cpRule(cp);
                        long configurations = dims.configurations(tp, pp);
                        space += configurations;
                        if (rule == null) {
                            for (int g = 0; g < dims.globalBatches.length; g += BATCHES_PER_UNIT) {
                                int to = Math.min(g + BATCHES_PER_UNIT, dims.globalBatches.length);
                                out.add(new LayoutSearch(d, n, tp, pp, cp, g, to, dims.configurations(tp, pp, g, to)));
                            }
                        } else {
                            rejected.reject(rule, configurations, rule == Rejection.PP_LAYERS ? pp : rule == Rejection.CP_SEQUENCE ? cp : tp);
                        }
                    }
                }
            }
        }
        return space;
    }

    /** Optimizer steps of the run at each global batch of the space. */
    private static long[] steps(PlanRequest request, Dimensions dims) {
        long[] steps = new long[dims.globalBatches.length];
        for (int g = 0; g < steps.length; g++) {
            steps[g] = steps(request, dims.globalBatches[g]);
        }
        return steps;
    }

    /** Optimizer steps of the run at {@code globalBatch}, counted by the framework's rules on one rank; 0 when the length is unknown. */
    static long steps(PlanRequest request, long globalBatch) {
        return switch (request.goal().length()) {
            case RunLength.Unknown unknown -> 0;
            case RunLength.Steps fixed -> fixed.steps();
            case RunLength.Data data -> {
                int micro = (int) Math.min(globalBatch, BatchSpec.MAX_MICRO_BATCH);
                Job job = Job.builder().framework(request.framework()).dataset(data.dataset()).length(data.length())
                        .cluster(Cluster.of(1, 1)).batch(new BatchSpec(micro, (int) (globalBatch / micro), globalBatch)).build();
                yield StepCounter.count(job).totalUpdateSteps();
            }
        };
    }

    private static Findings run(List<LayoutSearch> layouts, LayoutSearch.Context context, int threads,
                                Supplier<Findings> fresh) {
        AtomicInteger next = new AtomicInteger();
        Callable<Findings> worker = () -> {
            Findings found = fresh.get();
            for (int i = next.getAndIncrement(); i < layouts.size(); i = next.getAndIncrement()) {
                layouts.get(i).run(context, found);
            }
            return found;
        };
        int workers = Math.min(layouts.size(), threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        List<ForkJoinTask<Findings>> helpers = new ArrayList<>();
        for (int w = 1; w < workers; w++) {
            helpers.add(ForkJoinPool.commonPool().submit(worker));
        }
        Findings found;
        try {
            found = worker.call();
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        // Merge in submission order: every list is totally ordered, so the result is the same in any order.
        for (ForkJoinTask<Findings> helper : helpers) {
            found.merge(helper.join());
        }
        return found;
    }

    private static Plan plan(Objective objective, Findings found, long space) {
        List<Candidate> fastest = new ArrayList<>();
        for (Candidate c : found.fastestByDevices) {
            if (c != null) {
                fastest.add(c);
            }
        }
        List<Candidate> pareto = new ArrayList<>();
        for (Candidate c : fastest) {
            if (pareto.isEmpty() || c.timeScore() < pareto.getLast().timeScore()) {
                pareto.add(c);
            }
        }
        // Those that fit but miss the deadline or the budget are closer to an answer than those that do not fit.
        List<Near> closest = new ArrayList<>();
        found.closest.entrySet().stream().sorted(Comparator.comparing((Map.Entry<Rejection, List<Near>> e) -> !e.getKey().evaluated())
                .thenComparing(Map.Entry::getKey)).forEach(e -> closest.addAll(e.getValue()));
        Map<Rejection, Long> rejected = new EnumMap<>(Rejection.class);
        for (Rejection r : Rejection.values()) {
            if (found.rejected[r.ordinal()] > 0) {
                rejected.put(r, found.rejected[r.ordinal()]);
            }
        }
        Map<Rejection, List<Integer>> examples = new EnumMap<>(Rejection.class);
        for (Rejection r : Rejection.values()) {
            if (!found.examples(r).isEmpty()) {
                examples.put(r, found.examples(r));
            }
        }
        return new Plan(objective, found.ranked, pareto, fastest, closest, new Tally(space, found.evaluated, found.pruned, rejected, examples));
    }
}
