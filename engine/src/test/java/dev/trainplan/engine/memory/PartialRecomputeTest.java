package dev.trainplan.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import org.junit.jupiter.api.Test;

/**
 * Megatron's block method ({@code --recompute-granularity full --recompute-method block --recompute-num-layers n}):
 * the first n layers of each pipeline chunk keep only their input, the others keep everything. Expected bytes are
 * Korthikanti et al.'s Table 2 per-layer formulas (GPT-3 175B, s = 2048, t = 8, sequence parallelism, unfused
 * softmax, dropout), evaluated here.
 */
class PartialRecomputeTest {
    private static final int SEQUENCE = 2048;
    private static final int TP = 8;
    private static final MemorySettings PAPER = MemorySettings.DEFAULTS.withFlashAttention(false).withDropout(true);
    private static final Architecture GPT_175B = Fixtures.gpt(96, 12288, 96);

    private static Job job(int pp, int vp, Recompute recompute, int recomputeLayers) {
        Job base = Fixtures.job(Framework.MEGATRON, new Parallelism(TP, pp, 1, 1, vp, true), TP * pp, 1, 64, SEQUENCE,
                Sharding.NONE, Precision.FP16, recompute);
        return base.toBuilder().recomputeLayers(recomputeLayers).build();
    }

    private static double storedBytes(StageMemory stage) {
        return stage.bytesOf("stored activations of the stage's layers");
    }

    @Test
    void blockMethod_fourOfTwelveLayers_storesFullActivationsForTheRestOnly() {
        // pp 8: 12 layers per stage; the last stage holds one micro-batch in flight under 1F1B.
        StageMemory last = MemoryModel.estimate(GPT_175B, job(8, 1, Recompute.FULL, 4), PAPER).stages().getLast();
        double sbh = (double) SEQUENCE * 12288;
        double none = sbh / TP * (34 + 5.0 * 96 * SEQUENCE / 12288);
        double full = 2 * sbh / TP;
        assertThat(storedBytes(last) / (4 * full + 8 * none)).isCloseTo(1.0, within(0.01));
    }

    @Test
    void blockMethod_withInterleaving_recomputesTheFirstLayersOfEachChunk() {
        // pp 8, vp 3: 12 layers per stage in 3 chunks of 4; n = 1 recomputes 3 of the stage's 12 layers.
        StageMemory last = MemoryModel.estimate(GPT_175B, job(8, 3, Recompute.FULL, 1), PAPER).stages().getLast();
        StageMemory all = MemoryModel.estimate(GPT_175B, job(8, 3, Recompute.FULL, 0), PAPER).stages().getLast();
        StageMemory kept = MemoryModel.estimate(GPT_175B, job(8, 3, Recompute.NONE, 0), PAPER).stages().getLast();
        double perLayerFull = storedBytes(all) / 12;
        double perLayerNone = storedBytes(kept) / 12;
        assertThat(storedBytes(last) / (3 * perLayerFull + 9 * perLayerNone)).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void blockMethod_asManyLayersAsTheChunk_isFullRecompute() {
        long every = MemoryModel.of(GPT_175B, PAPER).peakBytes(job(8, 1, Recompute.FULL, 0));
        assertThat(MemoryModel.of(GPT_175B, PAPER).peakBytes(job(8, 1, Recompute.FULL, 12))).isEqualTo(every);
        assertThat(MemoryModel.of(GPT_175B, PAPER).peakBytes(job(8, 1, Recompute.FULL, 40))).isEqualTo(every);
    }

    @Test
    void recomputeLayers_withoutFullRecompute_isRejectedInOneSentence() {
        assertThatThrownBy(() -> job(8, 1, Recompute.SELECTIVE, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recompute_num_layers 4 applies to full recompute only (Megatron --recompute-method block), but recompute is"
                        + " selective; give --recompute full or drop it.");
    }

    @Test
    void verdict_suggestsTheFewestRecomputedLayersThatFit() {
        Job none = job(8, 1, Recompute.NONE, 0);
        MemoryEstimate estimate = MemoryModel.estimate(GPT_175B, none, PAPER);
        long peakSelective = MemoryModel.of(GPT_175B, PAPER).peakBytes(job(8, 1, Recompute.SELECTIVE, 0));
        long peakFull = MemoryModel.of(GPT_175B, PAPER).peakBytes(job(8, 1, Recompute.FULL, 0));
        // A budget half-way between selective and full recompute: selective is not enough, every layer is more than needed.
        long capacity = (peakSelective + peakFull) / 2;
        Suggestion recompute = MemoryVerdict.of(estimate, capacity).suggestions().stream()
                .filter(s -> s.change() == Suggestion.Change.RECOMPUTE).findFirst().orElseThrow();
        int n = recompute.job().recomputeLayers();
        assertThat(n).isBetween(1, 11);
        assertThat(MemoryModel.of(GPT_175B, PAPER).peakBytes(job(8, 1, Recompute.FULL, n))).isLessThanOrEqualTo(capacity);
        if (n > 1) {
            assertThat(MemoryModel.of(GPT_175B, PAPER).peakBytes(job(8, 1, Recompute.FULL, n - 1))).isGreaterThan(capacity);
        }
        assertThat(recompute.description()).isEqualTo("recompute full on " + n + " of 12 layers per pipeline chunk instead of none");
    }
}
