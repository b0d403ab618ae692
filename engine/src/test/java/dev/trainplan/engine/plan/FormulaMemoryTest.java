package dev.trainplan.engine.plan;

import static dev.trainplan.engine.plan.PlanFixtures.GIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FormulaMemoryTest {
    static final Architecture GPT_22B = Architecture.builder("gpt-22b").layers(48).hidden(6144).heads(64).ffnHidden(24576).vocab(51200)
            .gptStyle(2048).build();
    static final FormulaMemory MEMORY = new FormulaMemory(GPT_22B, Framework.MEGATRON, Precision.FP16, Optimizer.ADAMW, 2048);

    @Test
    void peak_neverFalls_asTheMicroBatchGrows() {
        // The planner prunes every micro-batch above one that overflows; that is only right if this holds.
        Random r = new Random(11);
        for (int i = 0; i < 2000; i++) {
            int tp = 1 << r.nextInt(4);
            int pp = List.of(1, 2, 3, 4, 6, 8, 12, 16, 24, 48).get(r.nextInt(10));
            int dp = 1 + r.nextInt(16);
            long global = (long) dp * 2520;
            boolean sp = tp > 1 && r.nextBoolean();
            DeviceMemory.LayoutMemory layout = MEMORY.layout(new Layout(tp * pp * dp, global, tp, pp, 1, 1, dp, sp));
            Recompute recompute = Recompute.values()[r.nextInt(3)];
            Sharding sharding = Sharding.values()[r.nextInt(4)];
            int vp = pp > 1 && 48 % (pp * 2) == 0 && r.nextBoolean() ? 2 : 1;
            long previous = 0;
            for (int micro : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 15, 18, 20, 21, 24, 28, 30, 35, 36, 40, 42}) {
                long peak = layout.peakBytes(vp, micro, (int) (global / dp / micro), recompute, sharding);
                assertThat(peak).as("micro-batch %d", micro).isGreaterThanOrEqualTo(previous);
                previous = peak;
            }
        }
    }

    @Test
    void sharding_andRecompute_onlyEverSaveMemory() {
        DeviceMemory.LayoutMemory layout = MEMORY.layout(new Layout(64, 512, 8, 2, 1, 1, 4, true));
        long none = layout.peakBytes(1, 2, 64, Recompute.NONE, Sharding.NONE);
        assertThat(layout.peakBytes(1, 2, 64, Recompute.NONE, Sharding.ZERO1)).isLessThan(none);
        assertThat(layout.peakBytes(1, 2, 64, Recompute.NONE, Sharding.ZERO2)).isLessThan(layout.peakBytes(1, 2, 64, Recompute.NONE, Sharding.ZERO1));
        assertThat(layout.peakBytes(1, 2, 64, Recompute.FULL, Sharding.NONE)).isLessThan(none);
    }

    @Test
    void korthikanti22b_modelStatesMatchTheirFigure() {
        // Korthikanti et al. 2022 (via Calculon): weights + gradients + optimizer of 22B on tp 8 = 45.56 GiB per GPU, about
        // 18 B/param (FP16 weights, FP32 main gradients, Adam with an FP32 master copy).
        MemoryReport report = MEMORY.report(new Configuration(8, 4, 8, 1, 1, 1, 1, 1, 4, 1, Recompute.SELECTIVE, Sharding.NONE, true));
        long states = report.largestParts().stream().filter(p -> p.name().startsWith("model states")).findFirst().orElseThrow().bytes();
        assertThat(states / (double) GIB).isCloseTo(45.56, within(45.56 * 0.03));
    }

    @Test
    void report_agreesWithTheFastPath() {
        Configuration c = new Configuration(64, 512, 8, 4, 1, 1, 2, 2, 2, 128, Recompute.FULL, Sharding.ZERO1, false);
        long fast = MEMORY.layout(new Layout(64, 512, 8, 4, 1, 1, 2, false)).peakBytes(2, 2, 128, Recompute.FULL, Sharding.ZERO1);
        MemoryReport report = MEMORY.report(c);
        assertThat(report.peakBytes()).isEqualTo(fast);
        assertThat(report.largestParts().stream().mapToLong(MemoryReport.Part::bytes).sum()).isCloseTo(fast, within(3L));
        assertThat(report.worstStage()).isIn(0, 3);
    }
}
