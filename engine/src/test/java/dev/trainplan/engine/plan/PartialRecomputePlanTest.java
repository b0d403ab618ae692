package dev.trainplan.engine.plan;

import static dev.trainplan.engine.plan.PlanFixtures.GIB;
import static dev.trainplan.engine.plan.PlanFixtures.LLAMA_SMALL;
import static dev.trainplan.engine.plan.PlanFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.memory.MemorySettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner recomputes as few layers as fit (Megatron's block method) instead of every layer. */
class PartialRecomputePlanTest {
    private static final long LIMIT = 5 * GIB;
    private static final PlanRequest REQUEST = request(LLAMA_SMALL, 4096, SearchSpace.of(List.of(8), List.of(64L)),
            Goal.fastest(LIMIT, RunLength.UNKNOWN));
    private static final DeviceMemory MEMORY = ModelMemory.of(REQUEST, MemorySettings.DEFAULTS);

    private static Assessment assess(Configuration c, int recomputeLayers) {
        return Assessment.of(REQUEST, MEMORY, new Configuration(c.devices(), c.globalBatch(), c.tp(), c.pp(), c.cp(), c.ep(), c.vp(), c.dp(),
                c.microBatch(), c.accumulation(), Recompute.FULL, recomputeLayers, c.sharding(), c.sequenceParallel()));
    }

    @Test
    void tightMemory_bestRecomputesTheFewestLayersThatFit_andBeatsRecomputingEveryLayer() {
        Plan plan = Planner.search(REQUEST, MEMORY, SearchOptions.DEFAULT, new Progress());
        Candidate best = plan.best().orElseThrow();
        Configuration c = best.configuration();
        int chunk = LLAMA_SMALL.layers() / (c.pp() * c.vp());
        assertThat(c.recompute()).isEqualTo(Recompute.FULL);
        assertThat(c.recomputeLayers()).isBetween(1, chunk - 1);
        // It fits; one layer fewer does not; recomputing every layer fits too but is slower.
        assertThat(best.peakBytes()).isLessThanOrEqualTo(LIMIT);
        assertThat(assess(c, c.recomputeLayers()).rejection()).isEmpty();
        assertThat(assess(c, c.recomputeLayers()).candidate().stepSeconds()).isEqualTo(best.stepSeconds());
        if (c.recomputeLayers() > 1) {
            assertThat(assess(c, c.recomputeLayers() - 1).rejection()).contains(Rejection.OUT_OF_MEMORY);
        }
        Assessment every = assess(c, 0);
        assertThat(every.rejection()).isEmpty();
        assertThat(every.candidate().stepSeconds()).isGreaterThan(best.stepSeconds());
    }
}
