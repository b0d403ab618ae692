package dev.trainplan.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainplan.engine.job.Recompute;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * FLOPs per token against the published closed forms (formulas.md §2), each expected value written
 * from the formula in the test, not from the code under test.
 */
class FlopCountTest {
    private static final int SEQ = 2048;
    private static final int MEGATRON_VOCAB = 51200;

    /** Narayanan et al. 2021 (arXiv 2104.04473) Table 1 and Korthikanti et al. 2022 (arXiv 2205.05198) Table 3: {layers, hidden, heads}. */
    private static final List<int[]> MEGATRON_SIZES = List.of(
            new int[] {24, 2304, 24}, new int[] {30, 3072, 32}, new int[] {36, 4096, 32}, new int[] {40, 6144, 48},
            new int[] {48, 8192, 64}, new int[] {60, 10240, 80}, new int[] {80, 12288, 96}, new int[] {96, 16384, 128},
            new int[] {105, 20480, 128}, new int[] {128, 25600, 160}, new int[] {48, 6144, 64}, new int[] {96, 12288, 96});

    private static Architecture megatron(int[] size) {
        return Architecture.builder("megatron").layers(size[0]).hidden(size[1]).heads(size[2]).ffnHidden(4 * size[1])
                .vocab(MEGATRON_VOCAB).gptStyle(SEQ).build();
    }

    @Test
    void megatronSizes_fullRecomputeFullAttention_matchNarayananEquation3() {
        for (int[] size : MEGATRON_SIZES) {
            double l = size[0], h = size[1], s = SEQ, v = MEGATRON_VOCAB;
            // Eq. 3 per iteration divided by B·s tokens: 96 l h² (1 + s/6h + V/16lh).
            double expected = 96 * l * h * h * (1 + s / (6 * h) + v / (16 * l * h));
            double actual = FlopCount.of(megatron(size)).hardwareFlopsPerToken(SEQ, Recompute.FULL, AttentionCounting.FULL);
            assertThat(actual).as("l=%s h=%s", l, h).isCloseTo(expected, within(expected * 1e-12));
        }
    }

    @Test
    void megatronSizes_modelFlops_matchKorthikantiFormula() {
        for (int[] size : MEGATRON_SIZES) {
            double l = size[0], h = size[1], s = SEQ, v = MEGATRON_VOCAB;
            // Korthikanti et al. 2022 §6: 72 B s l h² (1 + s/6h + V/12lh) model FLOPs per iteration.
            double expected = 72 * l * h * h * (1 + s / (6 * h) + v / (12 * l * h));
            double actual = FlopCount.of(megatron(size)).modelFlopsPerToken(SEQ, AttentionCounting.FULL);
            assertThat(actual).isCloseTo(expected, within(expected * 1e-12));
        }
    }

    @Test
    void megatronSizes_selectiveRecompute_addsOneAttentionCoreForward() {
        for (int[] size : MEGATRON_SIZES) {
            double l = size[0], h = size[1], s = SEQ;
            FlopCount f = FlopCount.of(megatron(size));
            // formulas.md §2.3: +4·B·s²·h per layer, i.e. 4·s·h per token per layer.
            double extra = f.hardwareFlopsPerToken(SEQ, Recompute.SELECTIVE, AttentionCounting.FULL)
                    - f.modelFlopsPerToken(SEQ, AttentionCounting.FULL);
            assertThat(extra).isCloseTo(4 * s * h * l, within(1.0));
        }
    }

    @Test
    void megatronSizes_causalCounting_halvesTheScoreTerm() {
        for (int[] size : MEGATRON_SIZES) {
            double l = size[0], h = size[1], s = SEQ, v = MEGATRON_VOCAB;
            // Megatron-LM num_floating_point_operations: the s/6h attention term halves under the causal mask.
            double expected = 72 * l * h * h * (1 + s / (12 * h) + v / (12 * l * h));
            assertThat(FlopCount.of(megatron(size)).modelFlopsPerToken(SEQ)).isCloseTo(expected, within(expected * 1e-12));
        }
    }

    @Test
    void llama31_8b_modelFlops_equalSixNPlusCausalAttention() {
        Architecture a = Architecture.builder("llama-3.1-8b").layers(32).hidden(4096).heads(32).kvHeads(8)
                .ffnHidden(14336).vocab(128256).build();
        int s = 8192;
        // N: HF's 8,030,261,248 minus the input embedding (the LM head is a GEMM and counts);
        // attention: PaLM's 12·L·H·Q·T halved for the causal mask.
        double n = 8_030_261_248L - 128256.0 * 4096;
        double expected = 6 * n + 6.0 * 32 * 32 * 128 * s;
        // 6N also counts the norms' 266,240 weights, which do no GEMM: agreement to 1e-4.
        assertThat(FlopCount.of(a).modelFlopsPerToken(s)).isCloseTo(expected, within(expected * 1e-4));
        double palm = 6 * n + 12.0 * 32 * 32 * 128 * s;
        assertThat(FlopCount.of(a).modelFlopsPerToken(s, AttentionCounting.FULL)).isCloseTo(palm, within(palm * 1e-4));
    }

    @Test
    void mixtral_modelFlops_followActiveExperts() {
        Architecture a = Architecture.builder("mixtral-8x7b").layers(32).hidden(4096).heads(32).kvHeads(8).ffnHidden(14336)
                .vocab(32000).moe(new Moe(8, 2, 14336, 0, 0, 0, false)).build();
        int s = 4096;
        // Published total 46,702,792,704 less the six idle experts of 32 layers and the input embedding.
        double n = 46_702_792_704L - 32.0 * 6 * 3 * 4096 * 14336 - 32000.0 * 4096;
        double expected = 6 * n + 6.0 * 32 * 32 * 128 * s;
        assertThat(FlopCount.of(a).modelFlopsPerToken(s)).isCloseTo(expected, within(expected * 1e-4));
    }

    @Test
    void deepseekV3_mla_countsLatentProjectionsAndItsOwnHeadDims() {
        Architecture a = deepseekV3();
        int s = 4096;
        FlopCount f = FlopCount.of(a);
        // Per layer and head: QKᵀ over qk_nope + qk_rope = 192 dims, AV over v_head_dim = 128; causal s/2;
        // 61 layers and the MTP module's layer.
        double attention = 62 * 2.0 * 128 * (192 + 128) * s / 2;
        assertThat(f.attentionForwardFlopsPerToken(s, AttentionCounting.CAUSAL)).isCloseTo(attention, within(1.0));
        // q_a 7168x1536, q_b 1536x(128·192), kv_a 7168x576, kv_b 512x(128·256), o (128·128)x7168.
        double mlaMatrices = 7168.0 * 1536 + 1536.0 * 128 * 192 + 7168.0 * 576 + 512.0 * 128 * 256 + 128.0 * 128 * 7168;
        double expert = 3.0 * 7168 * 2048;
        double moeLayer = mlaMatrices + 7168.0 * 256 + 9 * expert;
        double denseLayer = mlaMatrices + 3.0 * 7168 * 18432;
        double mtp = 2.0 * 7168 * 7168 + moeLayer;
        double layers = 2 * (3 * denseLayer + 58 * moeLayer + mtp);
        assertThat(f.layerGemmForwardFlopsPerToken()).isCloseTo(layers, within(1.0));
        assertThat(f.logitsForwardFlopsPerToken()).isCloseTo(2 * 2.0 * 7168 * 129280, within(1.0));
    }

    static Architecture deepseekV3() {
        return Architecture.builder("deepseek-v3").layers(61).hidden(7168).heads(128).ffnHidden(18432).vocab(129280)
                .moe(new Moe(256, 8, 2048, 1, 2048, 3, true)).mla(new Mla(1536, 512, 128, 64, 128)).mtpLayers(1).build();
    }

    @Test
    void fullRecompute_reRunsEveryLayerButNotTheLmHead() {
        FlopCount f = FlopCount.of(megatron(MEGATRON_SIZES.get(2)));
        double forward = f.forwardFlopsPerToken(SEQ, AttentionCounting.CAUSAL);
        assertThat(f.hardwareFlopsPerToken(SEQ, Recompute.FULL) - f.modelFlopsPerToken(SEQ))
                .isCloseTo(forward - f.logitsForwardFlopsPerToken(), within(1.0));
        assertThat(f.hardwareFlopsPerToken(SEQ, Recompute.NONE)).isEqualTo(f.modelFlopsPerToken(SEQ));
    }

    @Test
    void genericModel_trainsAtThreeForwards_andFullRecomputeAtFour() {
        FlopCount f = FlopCount.of(new GenericModel("resnet-50", 25_557_032, 8.2e9, 1e8));
        assertThat(f.modelFlopsPerToken(1)).isEqualTo(3 * 8.2e9);
        assertThat(f.hardwareFlopsPerToken(1, Recompute.FULL)).isEqualTo(4 * 8.2e9);
        assertThat(f.hardwareFlopsPerToken(1, Recompute.SELECTIVE)).isEqualTo(3 * 8.2e9);
        assertThat(f.modelFlopsPerToken(197) * 197).isCloseTo(3 * 8.2e9, within(1.0));
    }

    @Test
    void breakdown_partsAddUp_andScaleToAStep() {
        FlopCount.Breakdown b = FlopCount.of(deepseekV3()).breakdown(4096, Recompute.SELECTIVE, AttentionCounting.CAUSAL);
        assertThat(b.forwardGemm() + b.forwardAttention() + b.forwardLogits()).isCloseTo(b.forward(), within(1.0));
        assertThat(b.hardware()).isCloseTo(b.forward() + b.backward() + b.recompute(), within(1.0));
        assertThat(b.recompute()).isEqualTo(b.forwardAttention());
        assertThat(b.times(1000).model()).isCloseTo(1000 * b.model(), within(1e3));
    }

    @Test
    void seqLen_outOfRange_isRejectedNamingTheField() {
        FlopCount f = FlopCount.of(deepseekV3());
        assertThatThrownBy(() -> f.modelFlopsPerToken(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seq_len must be a whole number from 1 to 16777216, not 0.");
    }
}
