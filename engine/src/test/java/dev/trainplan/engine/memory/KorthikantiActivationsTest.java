package dev.trainplan.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Activation memory per layer against Korthikanti et al. 2022 (arXiv 2205.05198) Table 2, for the
 * paper's configurations (Table 3: 22B, 175B, 530B, 1T at s = 2048, t = 8), with GPT-3's 16-bit
 * activations, 1-byte dropout masks and unfused softmax. The expected values are the paper's formulas
 * evaluated here, independently of the engine's tensor inventory.
 */
class KorthikantiActivationsTest {
    private static final int SEQUENCE = 2048;
    private static final int TP = 8;
    private static final MemorySettings PAPER = MemorySettings.DEFAULTS.withFlashAttention(false).withDropout(true);

    private record Config(String name, int layers, int hidden, int heads) {
        Architecture model() {
            return Fixtures.gpt(layers, hidden, heads);
        }
    }

    private static final List<Config> CONFIGS = List.of(
            new Config("22B", 48, 6144, 64), new Config("175B", 96, 12288, 96),
            new Config("530B", 105, 20480, 128), new Config("1T", 128, 25600, 160));

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Config config : CONFIGS) {
            for (Recompute recompute : Recompute.values()) {
                for (boolean sp : new boolean[] {false, true}) {
                    for (int micro : new int[] {1, 4}) {
                        cases.add(Arguments.of(config, recompute, sp, micro));
                    }
                }
            }
        }
        return cases.stream();
    }

    /** Table 2: bytes per layer; full recompute keeps only the layer input (split by t under sequence parallelism). */
    private static double paperBytesPerLayer(Config c, Recompute recompute, boolean sp, int b) {
        double sbh = (double) SEQUENCE * b * c.hidden();
        double scores = 5.0 * c.heads() * SEQUENCE / c.hidden();
        return switch (recompute) {
            case NONE -> sp ? sbh / TP * (34 + scores) : sbh * (10 + 24.0 / TP + scores / TP);
            case SELECTIVE -> sp ? 34 * sbh / TP : sbh * (10 + 24.0 / TP);
            case FULL -> sp ? 2 * sbh / TP : 2 * sbh;
        };
    }

    @ParameterizedTest(name = "{0} {1} sp={2} b={3}")
    @MethodSource("cases")
    void perLayerActivations_paperConfigurations_matchKorthikantiWithinOnePercent(Config config, Recompute recompute, boolean sp, int micro) {
        Job job = Fixtures.job(Framework.MEGATRON, new Parallelism(TP, 1, 1, 1, 1, sp), TP, micro, micro, SEQUENCE,
                Sharding.NONE, Precision.FP16, recompute);
        StageMemory stage = MemoryModel.estimate(config.model(), job, PAPER).stages().getFirst();
        double perLayer = (double) stage.bytesOf("stored activations of the stage's layers") / config.layers();
        double expected = paperBytesPerLayer(config, recompute, sp, micro);
        assertThat(perLayer / expected).as("%s %s sp=%s", config.name(), recompute, sp).isCloseTo(1.0, within(0.01));
    }

    /**
     * Figure 1 of the paper (as transcribed in Calculon's validation data): activations of the first
     * pipeline stage with sequence parallelism and selective recompute, in GiB. 175B and 530B run the
     * interleaved schedule with 3 chunks, which keeps {@code L·(1 + (p−1)/(p·v))} layers in flight.
     */
    @ParameterizedTest
    @CsvSource({"22B, 1, 1, 4, 4, 9.5625", "175B, 8, 3, 1, 64, 12.3515625", "530B, 35, 3, 1, 280, 23.076171875"})
    void firstStageActivations_paperFigureOne_matchWithinOnePercent(String name, int pp, int vp, int micro, long global, double gib) {
        Config config = CONFIGS.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        Job job = Fixtures.job(Framework.MEGATRON, new Parallelism(TP, pp, 1, 1, vp, true), TP * pp, micro, global, SEQUENCE,
                Sharding.NONE, Precision.FP16, Recompute.SELECTIVE);
        StageMemory first = MemoryModel.estimate(config.model(), job, PAPER).stages().getFirst();
        double stored = first.bytesOf("stored activations of the stage's layers") / (double) Fixtures.GIB;
        assertThat(stored / gib).isCloseTo(1.0, within(0.01));
    }
}
