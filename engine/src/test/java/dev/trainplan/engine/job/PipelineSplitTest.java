package dev.trainplan.engine.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineSplitTest {
    private static int[] split(PipelineSplit rule, int layers, int pp, int vp, double layerCost, double headCost) {
        int[] out = new int[pp];
        int start = 0;
        for (int stage = 0; stage < pp; stage++) {
            out[stage] = rule.layersOnStage(stage, start, layers, pp, vp, layerCost, headCost);
            start += out[stage];
        }
        return out;
    }

    @Test
    void llama405bOnEightStages_megatronStyleGivesTheFirstSixAnExtraLayer() {
        // 126 = 8 × 15 + 6: stages 0-5 take 16, stages 6-7 take 15.
        assertThat(split(PipelineSplit.EVEN_FIRST_HEAVIER, 126, 8, 1, 1, 0)).containsExactly(16, 16, 16, 16, 16, 16, 15, 15);
    }

    @Test
    void llama405bOnEightStages_torchtitanGivesTheRemainderToTheLastStage() {
        // Split points every 126 // 8 = 15 layers: the last stage keeps 126 - 7 × 15 = 21.
        assertThat(split(PipelineSplit.REMAINDER_LAST, 126, 8, 1, 1, 0)).containsExactly(15, 15, 15, 15, 15, 15, 15, 21);
        // Two chunks per rank: 126 // 16 = 7 per chunk, the last chunk (on the last rank) 126 - 15 × 7 = 21: 7 + 21 there.
        assertThat(split(PipelineSplit.REMAINDER_LAST, 126, 8, 2, 1, 0)).containsExactly(14, 14, 14, 14, 14, 14, 14, 28);
    }

    @Test
    void nanotronGreedy_countsTheOutputLayerInTheLastRanksShare() {
        // 8 layers of cost 10 and an output layer of cost 20: total 100, shares 25/50/75/100 on 4 ranks. Rank 0 adds layers
        // until its running cost passes 25 (3 layers: 30), rank 1 until 50 (60: 3 more), rank 2 until 75 (80: 2 more); the
        // last rank keeps what is left: none, as the output layer alone is its share.
        assertThat(split(PipelineSplit.COST_GREEDY, 8, 4, 1, 10, 20)).containsExactly(3, 3, 2, 0);
    }

    @Test
    void noPipeline_holdsEveryLayer() {
        for (PipelineSplit rule : PipelineSplit.values()) {
            assertThat(rule.layersOnStage(0, 0, 61, 1, 1, 1, 1)).isEqualTo(61);
        }
    }

    @Test
    void frameworks_useTheirOwnSplit() {
        assertThat(PipelineSplit.of(Framework.MEGATRON)).isEqualTo(PipelineSplit.EVEN_FIRST_HEAVIER);
        assertThat(PipelineSplit.of(Framework.DEEPSPEED)).isEqualTo(PipelineSplit.EVEN_FIRST_HEAVIER);
        assertThat(PipelineSplit.of(Framework.TORCHTITAN)).isEqualTo(PipelineSplit.REMAINDER_LAST);
        assertThat(PipelineSplit.of(Framework.NANOTRON)).isEqualTo(PipelineSplit.COST_GREEDY);
    }
}
