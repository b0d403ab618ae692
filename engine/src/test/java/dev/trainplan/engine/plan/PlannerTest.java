package dev.trainplan.engine.plan;

import static dev.trainplan.engine.plan.PlanFixtures.GIB;
import static dev.trainplan.engine.plan.PlanFixtures.GPT_SMALL;
import static dev.trainplan.engine.plan.PlanFixtures.LLAMA_SMALL;
import static dev.trainplan.engine.plan.PlanFixtures.MOE_SMALL;
import static dev.trainplan.engine.plan.PlanFixtures.bruteForce;
import static dev.trainplan.engine.plan.PlanFixtures.request;
import static dev.trainplan.engine.plan.PlanFixtures.simpleMemory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.management.ThreadMXBean;
import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.memory.MemorySettings;
import dev.trainplan.engine.model.Architecture;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static Plan search(PlanRequest r, DeviceMemory memory, SearchOptions options) {
        return Planner.search(r, memory, options, new Progress());
    }

    /** The planner's best against a brute-force walk of the same space, with pruning and without. */
    private static Plan assertMatchesBruteForce(Architecture model, int seqLen, SearchSpace space, Goal goal, long steps) {
        PlanRequest r = request(model, seqLen, space, goal);
        return assertMatchesBruteForce(r, simpleMemory(model, seqLen), steps);
    }

    private static Plan assertMatchesBruteForce(PlanRequest r, DeviceMemory memory, long steps) {
        Goal goal = r.goal();
        PlanFixtures.Best reference = bruteForce(r, memory, steps);
        Plan pruned = search(r, memory, SearchOptions.DEFAULT);
        Plan exhaustive = search(r, memory, SearchOptions.DEFAULT.withPrune(false));
        Candidate best = pruned.best().orElseThrow();
        double score = goal.objective() == Objective.CHEAPEST ? best.costScore() : best.timeScore();
        assertThat(score).as("planner %s against brute force %s", best.configuration(), reference.configuration())
                .isCloseTo(reference.score(), within(reference.score() * 1e-12));
        assertThat(exhaustive.best()).contains(best);
        assertThat(exhaustive.tally().pruned()).isZero();
        assertThat(exhaustive.tally().space()).isEqualTo(pruned.tally().space());
        return pruned;
    }

    @Test
    void best_equalsBruteForce_onADenseModelWithRoomToSpare() {
        assertMatchesBruteForce(GPT_SMALL, 1024, SearchSpace.of(List.of(16), List.of(64L)), Goal.fastest(80 * GIB, RunLength.UNKNOWN), 0);
    }

    @Test
    void best_equalsBruteForce_whenPruningIsAggressive() {
        Plan plan = assertMatchesBruteForce(LLAMA_SMALL, 2048, SearchSpace.of(List.of(16), List.of(1024L)),
                Goal.fastest(3 * GIB, RunLength.UNKNOWN), 0);
        // Most configurations that pass the rules overflow, and most of those are never evaluated.
        assertThat(plan.tally().pruned()).isGreaterThan(plan.tally().evaluated());
        assertThat(plan.tally().pruned()).isGreaterThan(plan.tally().rejected(Rejection.OUT_OF_MEMORY));
    }

    @Test
    void best_equalsBruteForce_onAMixtureOfExperts() {
        assertMatchesBruteForce(MOE_SMALL, 1024, SearchSpace.of(List.of(16), List.of(32L)), Goal.fastest(80 * GIB, RunLength.UNKNOWN), 0);
    }

    @Test
    void cheapest_equalsBruteForce_overDeviceCountsAndGlobalBatches() {
        Goal goal = new Goal(Objective.CHEAPEST, 12 * GIB, 2.0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, new RunLength.Steps(1000));
        assertMatchesBruteForce(GPT_SMALL, 1024, SearchSpace.of(List.of(8, 16, 24), List.of(48L, 96L)), goal, 1000);
    }

    @Test
    void best_equalsBruteForce_withTrainplansMemoryModel() {
        PlanRequest r = request(LLAMA_SMALL, 2048, SearchSpace.of(List.of(16), List.of(512L)), Goal.fastest(12 * GIB, RunLength.UNKNOWN));
        Plan plan = assertMatchesBruteForce(r, ModelMemory.of(r, MemorySettings.DEFAULTS), 0);
        assertThat(plan.tally().pruned()).isPositive();
    }

    @Test
    void best_equalsBruteForce_whereMemoryCanFallAsTheMicroBatchGrows() {
        // torchtitan splits a micro-batch that pp × vp divides into one-sample pipeline micro-batches; pruning is off there.
        PlanRequest megatron = request(LLAMA_SMALL, 2048, SearchSpace.of(List.of(16), List.of(512L)), Goal.fastest(12 * GIB, RunLength.UNKNOWN));
        PlanRequest r = new PlanRequest(LLAMA_SMALL, megatron.hardware(), megatron.network(), megatron.efficiency(), megatron.overheads(),
                megatron.precision(), Framework.TORCHTITAN, megatron.optimizer(), 2048, megatron.space(), megatron.goal());
        assertMatchesBruteForce(r, ModelMemory.of(r, MemorySettings.DEFAULTS), 0);
    }

    @Test
    void tally_accountsForEveryConfigurationOfTheSpace() {
        Plan plan = search(request(LLAMA_SMALL, 2048, SearchSpace.of(List.of(32, 48), List.of(192L, 240L)), Goal.fastest(14 * GIB, RunLength.UNKNOWN)),
                simpleMemory(LLAMA_SMALL, 2048), SearchOptions.DEFAULT);
        Tally t = plan.tally();
        long notEvaluated = t.rejected().entrySet().stream().filter(e -> !e.getKey().evaluated()).mapToLong(e -> e.getValue()).sum();
        assertThat(t.evaluated() + t.pruned() + notEvaluated).isEqualTo(t.space());
        assertThat(t.rejected()).containsKeys(Rejection.TP_HEADS, Rejection.PP_LAYERS, Rejection.BATCH_DP, Rejection.BATCH_MICRO,
                Rejection.OUT_OF_MEMORY);
        // 48 = 16 × 3: tp 3 and tp 6 do not divide 16 heads; pp 5 does not divide 12 layers.
        assertThat(t.examples().get(Rejection.TP_HEADS)).contains(3, 6);
    }

    @Test
    void unfusedAttention_neverGetsContextParallelism() {
        PlanRequest flash = request(GPT_SMALL, 1024, SearchSpace.of(List.of(16), List.of(64L)), Goal.fastest(80 * GIB, RunLength.UNKNOWN));
        PlanRequest unfused = new PlanRequest(GPT_SMALL, flash.hardware(), flash.network(), flash.efficiency(), flash.overheads(), flash.precision(),
                flash.framework(), flash.optimizer(), 1024, AttentionKernel.UNFUSED, flash.space(), flash.goal());
        Plan withFlash = search(flash, simpleMemory(GPT_SMALL, 1024), SearchOptions.DEFAULT);
        Plan without = search(unfused, simpleMemory(GPT_SMALL, 1024), SearchOptions.DEFAULT);
        assertThat(withFlash.tally().rejected(Rejection.CP_ATTENTION)).isZero();
        assertThat(without.tally().rejected(Rejection.CP_ATTENTION)).isPositive();
        assertThat(without.best().orElseThrow().configuration().cp()).isEqualTo(1);
        // The scores cost more than FlashAttention's causal tiles: the same space's best step is slower.
        assertThat(without.best().orElseThrow().stepSeconds()).isGreaterThan(withFlash.best().orElseThrow().stepSeconds());
    }

    @Test
    void progress_walksEveryLayoutThatPassedTheRules() {
        Progress progress = new Progress();
        Plan plan = Planner.search(request(GPT_SMALL, 1024, SearchSpace.of(List.of(16, 32), List.of(64L)), Goal.fastest(80 * GIB, RunLength.UNKNOWN)),
                simpleMemory(GPT_SMALL, 1024), SearchOptions.DEFAULT, progress);
        Tally t = plan.tally();
        long withLayouts = t.rejected(Rejection.TP_HEADS) + t.rejected(Rejection.TP_NODE) + t.rejected(Rejection.PP_LAYERS)
                + t.rejected(Rejection.CP_SEQUENCE) + t.rejected(Rejection.CP_ATTENTION);
        assertThat(progress.total()).isPositive().isEqualTo(t.space() - withLayouts);
        assertThat(progress.done()).isEqualTo(progress.total());
        assertThat(progress.evaluated()).isEqualTo(plan.tally().evaluated());
    }

    @Test
    void plan_isTheSame_onOneThreadAndOnMany() {
        PlanRequest r = request(LLAMA_SMALL, 2048, SearchSpace.of(List.of(16, 32, 64), List.of(256L, 512L)), Goal.fastest(20 * GIB, RunLength.UNKNOWN));
        Plan one = search(r, simpleMemory(LLAMA_SMALL, 2048), SearchOptions.DEFAULT.withThreads(1).withTop(10));
        Plan many = search(r, simpleMemory(LLAMA_SMALL, 2048), SearchOptions.DEFAULT.withThreads(7).withTop(10));
        assertThat(many).isEqualTo(one);
    }

    @Test
    void tpAcrossNodes_isRejectedUnlessAllowed() {
        SearchSpace space = SearchSpace.of(List.of(32), List.of(64L)).withTp(List.of(16));
        PlanRequest r = request(GPT_SMALL, 1024, space, Goal.fastest(80 * GIB, RunLength.UNKNOWN));
        Plan refused = search(r, simpleMemory(GPT_SMALL, 1024), SearchOptions.DEFAULT);
        assertThat(refused.best()).isEmpty();
        assertThat(refused.tally().rejected(Rejection.TP_NODE)).isEqualTo(refused.tally().space());
        Plan allowed = search(r.withSpace(space.withTpAcrossNodes(true)), simpleMemory(GPT_SMALL, 1024), SearchOptions.DEFAULT);
        assertThat(allowed.best().orElseThrow().configuration().tp()).isEqualTo(16);
    }

    @Test
    void unevenPipeline_isSearchedOnlyWhenItsPpIsListed() {
        // 12 layers on 40 devices: pp 5 leaves stages of 2 and 3 layers. Searched freely, Megatron's rule refuses it;
        // listed (a published layout such as BLOOM's 70 layers on pp 12), it is evaluated without interleaving.
        SearchSpace free = SearchSpace.of(List.of(40), List.of(80L)).withTp(List.of(1)).withCp(List.of(1));
        Plan searched = search(request(LLAMA_SMALL, 2048, free, Goal.fastest(80 * GIB, RunLength.UNKNOWN)), simpleMemory(LLAMA_SMALL, 2048),
                SearchOptions.DEFAULT.withTop(50));
        assertThat(searched.tally().examples().get(Rejection.PP_LAYERS)).contains(5);
        assertThat(searched.ranked()).noneSatisfy(c -> assertThat(c.configuration().pp()).isEqualTo(5));
        Plan listed = search(request(LLAMA_SMALL, 2048, free.withPp(List.of(5)), Goal.fastest(80 * GIB, RunLength.UNKNOWN)),
                simpleMemory(LLAMA_SMALL, 2048), SearchOptions.DEFAULT);
        assertThat(listed.best().orElseThrow().configuration().pp()).isEqualTo(5);
        assertThat(listed.best().orElseThrow().configuration().vp()).isEqualTo(1);
        assertThat(listed.tally().rejected(Rejection.PP_LAYERS)).isZero();
    }

    @Test
    void interleaving_needsMicroBatchesPerStepAMultipleOfPp() {
        // 8 layers on pp 4: vp 2 needs m % 4 == 0; global 24 on dp 1 gives m = 24 / micro.
        SearchSpace space = SearchSpace.of(List.of(4), List.of(24L)).withTp(List.of(1)).withPp(List.of(4)).withVp(List.of(2));
        Plan plan = search(request(GPT_SMALL, 1024, space, Goal.fastest(80 * GIB, RunLength.UNKNOWN)), simpleMemory(GPT_SMALL, 1024),
                SearchOptions.DEFAULT.withTop(50));
        assertThat(plan.ranked()).allSatisfy(c -> assertThat(c.configuration().accumulation() % 4).isZero());
        assertThat(plan.tally().examples().get(Rejection.VP_MICROBATCHES)).containsExactly(2);
    }

    @Test
    void nothingFits_saysHowCloseTheNearestCame() {
        Plan plan = search(request(LLAMA_SMALL, 2048, SearchSpace.of(List.of(8), List.of(64L)), Goal.fastest(GIB / 4, RunLength.UNKNOWN)),
                simpleMemory(LLAMA_SMALL, 2048), SearchOptions.DEFAULT);
        assertThat(plan.best()).isEmpty();
        assertThat(plan.closest()).isNotEmpty().allSatisfy(n -> {
            assertThat(n.reason()).isEqualTo(Rejection.OUT_OF_MEMORY);
            assertThat(n.shortfall()).isPositive();
            assertThat(n.candidate().peakBytes()).isEqualTo((long) (GIB / 4 + n.shortfall()));
        });
        // The nearest is the smallest overflow of all.
        assertThat(plan.closest().getFirst().shortfall()).isLessThanOrEqualTo(plan.closest().getLast().shortfall());
    }

    @Test
    void deadlineNoConfigurationMeets_listsTheClosestWithTheirShortfall() {
        Goal goal = Goal.fastest(80 * GIB, new RunLength.Steps(100_000)).withDeadlineSeconds(60);
        Plan plan = search(request(GPT_SMALL, 1024, SearchSpace.of(List.of(8), List.of(64L)), goal), simpleMemory(GPT_SMALL, 1024),
                SearchOptions.DEFAULT);
        assertThat(plan.best()).isEmpty();
        assertThat(plan.tally().rejected(Rejection.DEADLINE)).isEqualTo(plan.tally().evaluated());
        Near nearest = plan.closest().getFirst();
        assertThat(nearest.reason()).isEqualTo(Rejection.DEADLINE);
        assertThat(nearest.shortfall()).isCloseTo(nearest.candidate().trainingSeconds() - 60, within(1e-6));
        // Without the deadline, the fastest is exactly the one that missed it by least.
        Plan free = search(request(GPT_SMALL, 1024, SearchSpace.of(List.of(8), List.of(64L)), goal.withDeadlineSeconds(Double.POSITIVE_INFINITY)),
                simpleMemory(GPT_SMALL, 1024), SearchOptions.DEFAULT);
        assertThat(free.best().orElseThrow().trainingSeconds()).isEqualTo(nearest.candidate().trainingSeconds());
    }

    @Test
    void fastestWithinABudget_givesUpSpeedForCost() {
        SearchSpace space = SearchSpace.of(List.of(8, 16, 32, 64), List.of(128L));
        Goal free = new Goal(Objective.FASTEST, 80 * GIB, 3.0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, new RunLength.Steps(20_000));
        Plan unlimited = search(request(LLAMA_SMALL, 2048, space, free), simpleMemory(LLAMA_SMALL, 2048), SearchOptions.DEFAULT);
        Candidate fastest = unlimited.best().orElseThrow();
        Plan cheapest = search(request(LLAMA_SMALL, 2048, space, free.withObjective(Objective.CHEAPEST)), simpleMemory(LLAMA_SMALL, 2048),
                SearchOptions.DEFAULT);
        double budget = (fastest.cost(3.0) + cheapest.best().orElseThrow().cost(3.0)) / 2;
        Plan within = search(request(LLAMA_SMALL, 2048, space, free.withBudget(budget)), simpleMemory(LLAMA_SMALL, 2048), SearchOptions.DEFAULT);
        Candidate chosen = within.best().orElseThrow();
        assertThat(chosen.cost(3.0)).isLessThanOrEqualTo(budget);
        assertThat(chosen.trainingSeconds()).isGreaterThanOrEqualTo(fastest.trainingSeconds());
        assertThat(within.tally().rejected(Rejection.BUDGET)).isPositive();
    }

    @Test
    void paretoFront_getsFasterWithEveryDeviceItAdds() {
        Plan plan = search(request(LLAMA_SMALL, 2048, SearchSpace.of(List.of(8, 16, 24, 32, 48, 64), List.of(192L)),
                Goal.fastest(40 * GIB, new RunLength.Steps(1000))), simpleMemory(LLAMA_SMALL, 2048), SearchOptions.DEFAULT);
        assertThat(plan.fastestByDevices()).extracting(c -> c.configuration().devices()).isSorted();
        assertThat(plan.pareto()).isNotEmpty().isSubsetOf(plan.fastestByDevices());
        for (int i = 1; i < plan.pareto().size(); i++) {
            assertThat(plan.pareto().get(i).trainingSeconds()).isLessThan(plan.pareto().get(i - 1).trainingSeconds());
        }
        // Every device count off the front is no faster than some smaller one on it.
        for (Candidate c : plan.fastestByDevices()) {
            assertThat(plan.pareto()).anySatisfy(p -> {
                assertThat(p.configuration().devices()).isLessThanOrEqualTo(c.configuration().devices());
                assertThat(p.trainingSeconds()).isLessThanOrEqualTo(c.trainingSeconds());
            });
        }
    }

    @Test
    void equallyFastConfigurations_areRankedOnce_withTheLeastMemory() {
        // dp 1: ZeRO changes nothing the step model sees, only memory; one of them is listed.
        SearchSpace space = SearchSpace.of(List.of(8), List.of(16L)).withTp(List.of(8));
        Plan plan = search(request(GPT_SMALL, 1024, space, Goal.fastest(80 * GIB, RunLength.UNKNOWN)), simpleMemory(GPT_SMALL, 1024),
                SearchOptions.DEFAULT.withTop(100));
        double[] times = plan.ranked().stream().mapToDouble(Candidate::timeScore).toArray();
        assertThat(Arrays.stream(times).distinct().count()).isEqualTo(times.length);
    }

    @Test
    void search_allocatesLittle_perEvaluatedConfiguration() {
        PlanRequest r = request(LLAMA_SMALL, 2048, SearchSpace.of(List.of(64, 128), List.of(512L, 1024L)), Goal.fastest(40 * GIB, RunLength.UNKNOWN));
        DeviceMemory memory = simpleMemory(LLAMA_SMALL, 2048);
        search(r, memory, SearchOptions.DEFAULT.withThreads(1));
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        Plan plan = search(r, memory, SearchOptions.DEFAULT.withThreads(1));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(plan.tally().evaluated()).isGreaterThan(20_000);
        // A Configuration and a Candidate per evaluation would be over 100 bytes each.
        assertThat(allocated / plan.tally().evaluated()).isLessThan(40);
    }

    @Test
    void framework_doesNotChangeWhatIsSearched() {
        PlanRequest megatron = request(GPT_SMALL, 1024, SearchSpace.of(List.of(16), List.of(64L)), Goal.fastest(80 * GIB, RunLength.UNKNOWN));
        PlanRequest deepspeed = new PlanRequest(GPT_SMALL, megatron.hardware(), megatron.network(), megatron.efficiency(), megatron.overheads(),
                megatron.precision(), Framework.DEEPSPEED, megatron.optimizer(), 1024, megatron.space(), megatron.goal());
        assertThat(search(deepspeed, simpleMemory(GPT_SMALL, 1024), SearchOptions.DEFAULT).tally().space())
                .isEqualTo(search(megatron, simpleMemory(GPT_SMALL, 1024), SearchOptions.DEFAULT).tally().space());
    }
}
