package dev.trainplan.engine.plan;

import static dev.trainplan.engine.plan.PlanFixtures.GIB;
import static dev.trainplan.engine.plan.PlanFixtures.GPT_SMALL;
import static dev.trainplan.engine.plan.PlanFixtures.LLAMA_SMALL;
import static dev.trainplan.engine.plan.PlanFixtures.request;
import static dev.trainplan.engine.plan.PlanFixtures.simpleMemory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trainplan.engine.comm.Collectives;
import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.hardware.TestAccelerators;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssessmentTest {
    static final PlanRequest REQUEST = request(LLAMA_SMALL, 2048, SearchSpace.of(List.of(32), List.of(256L)), Goal.fastest(20 * GIB, RunLength.UNKNOWN));
    static final DeviceMemory MEMORY = simpleMemory(LLAMA_SMALL, 2048);

    @Test
    void theBestConfiguration_assessesAsThePlannerFoundIt() {
        Candidate best = Planner.search(REQUEST, MEMORY).best().orElseThrow();
        Assessment a = Assessment.of(REQUEST, MEMORY, best.configuration());
        assertThat(a.rejection()).isEmpty();
        assertThat(a.candidate()).isEqualTo(best);
    }

    @Test
    void aBrokenRule_isNamed() {
        // 16 heads and 4 KV heads: tp 8 cannot split the KV heads.
        Configuration c = new Configuration(32, 256, 8, 1, 1, 1, 1, 4, 1, 64, Recompute.NONE, Sharding.ZERO1, true);
        assertThat(Assessment.of(REQUEST, MEMORY, c).rejection()).contains(Rejection.TP_HEADS);
        Configuration interleaved = new Configuration(32, 256, 4, 4, 1, 1, 3, 2, 1, 128, Recompute.NONE, Sharding.ZERO1, true);
        assertThat(Assessment.of(REQUEST, MEMORY, interleaved).rejection()).isEmpty();
        Configuration unevenChunks = new Configuration(32, 256, 4, 4, 1, 1, 2, 2, 1, 128, Recompute.NONE, Sharding.ZERO1, true);
        assertThat(Assessment.of(REQUEST, MEMORY, unevenChunks).rejection()).contains(Rejection.VP_LAYERS);
    }

    @Test
    void aConfigurationThatDoesNotFit_stillHasTheStepTimeItWouldTake() {
        Configuration c = new Configuration(32, 256, 1, 1, 1, 1, 1, 32, 8, 1, Recompute.NONE, Sharding.NONE, false);
        Assessment a = Assessment.of(REQUEST, MEMORY, c);
        assertThat(a.rejection()).contains(Rejection.OUT_OF_MEMORY);
        assertThat(a.candidate().peakBytes()).isGreaterThan(20 * GIB);
        assertThat(a.candidate().stepSeconds()).isPositive().isFinite();
    }

    @Test
    void comparison_partsAddUpToTheDifferenceInStepTime() {
        Plan plan = Planner.search(REQUEST, MEMORY);
        Candidate best = plan.best().orElseThrow();
        Candidate second = plan.runnerUp().orElseThrow();
        Comparison c = Comparison.of(REQUEST, MEMORY, best, second);
        double sum = c.parts().stream().mapToDouble(Comparison.Part::differenceSeconds).sum();
        assertThat(sum).isCloseTo(second.stepSeconds() - best.stepSeconds(), within(1e-9));
        assertThat(c.settings()).isNotEmpty().isEqualTo(best.configuration().differences(second.configuration()));
        // Largest difference first.
        assertThat(Math.abs(c.parts().getFirst().differenceSeconds())).isGreaterThanOrEqualTo(Math.abs(c.parts().getLast().differenceSeconds()));
    }

    @Test
    void noScaleOutNetwork_rejectsWhatLeavesTheNode_andKeepsWhatStaysIn() {
        // H100 NVL boxes without a known NIC: 16 devices must talk across two nodes; 8 fit in one.
        ClusterHardware nvl = ClusterHardware.of(TestAccelerators.h100Nvl());
        PlanRequest r = new PlanRequest(GPT_SMALL, nvl, Collectives.of(nvl), REQUEST.efficiency(), REQUEST.overheads(), REQUEST.precision(),
                REQUEST.framework(), REQUEST.optimizer(), 1024, SearchSpace.of(List.of(8, 16), List.of(64L)), Goal.fastest(80 * GIB, RunLength.UNKNOWN));
        Plan plan = Planner.search(r, simpleMemory(GPT_SMALL, 1024));
        assertThat(plan.tally().rejected(Rejection.NO_LINK)).isPositive();
        assertThat(plan.best().orElseThrow().configuration().devices()).isEqualTo(8);
        assertThat(plan.fastestByDevices()).allSatisfy(c -> assertThat(c.stepSeconds()).isFinite());
    }
}
