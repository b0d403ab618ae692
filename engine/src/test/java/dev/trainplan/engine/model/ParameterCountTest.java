package dev.trainplan.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Worked checks of formulas.md §1.1–1.2 (values derived there from published configs). */
class ParameterCountTest {
    @Test
    void llama3_8b_matchesPublishedCountExactly() {
        // meta-llama/Llama-3.1-8B config.json; 8,030,261,248 is the count HF prints for the model.
        Architecture a = Architecture.builder("llama-3.1-8b").layers(32).hidden(4096).heads(32).kvHeads(8)
                .ffnHidden(14336).vocab(128256).build();
        assertThat(a.parameters()).isEqualTo(8_030_261_248L);
    }

    @Test
    void llama2_7b_matchesFormulaSheet() {
        Architecture a = Architecture.builder("llama-2-7b").layers(32).hidden(4096).heads(32).ffnHidden(11008).vocab(32000).build();
        assertThat(a.parameters()).isEqualTo(6_738_415_616L);
    }

    @Test
    void mixtral8x7b_totalAndActive_matchPublished() {
        Architecture a = Architecture.builder("mixtral-8x7b").layers(32).hidden(4096).heads(32).kvHeads(8).ffnHidden(14336)
                .vocab(32000).moe(new Moe(8, 2, 14336, 0, 0, 0, false)).build();
        assertThat(a.parameters()).isEqualTo(46_702_792_704L);
        assertThat(a.activeParameters()).isBetween(12_850_000_000L, 12_950_000_000L);
    }

    @Test
    void gpt3_175b_matchesNarayananClosedForm() {
        Architecture a = Architecture.builder("gpt3-175b").layers(96).hidden(12288).heads(96).ffnHidden(4 * 12288).vocab(50257)
                .gptStyle(2048).build();
        // Narayanan et al. 2021 Eq. 2: P = 12 l h^2 (1 + 13/(12h) + (V + s)/(12 l h)), plus the final LayerNorm (2h).
        long l = 96, h = 12288, v = 50257, s = 2048;
        long closedForm = 12 * l * h * h + 13 * l * h + (v + s) * h;
        assertThat(a.parameters()).isEqualTo(closedForm + 2 * h);
    }

    @Test
    void deepseekV3_mainModel_matchesPaperTotalAndActive() {
        ParameterCount p = FlopCountTest.deepseekV3().parameterCount();
        // DeepSeek-V3 technical report (arXiv 2412.19437) abstract: 671B total, 37B activated per token.
        // The 37B leaves out the input embedding (the LM head is a GEMM every token runs).
        assertThat(Math.round((p.total() - p.mtp()) / 1e9)).isEqualTo(671);
        long mtpActive = p.mtp() - (256 - 8) * p.expertParameters();
        assertThat(Math.round((p.activeNonEmbedding() - mtpActive) / 1e9)).isEqualTo(37);
    }

    @Test
    void deepseekV3_mtpModule_isOneMoeLayerAProjectionAndThreeNorms() {
        ParameterCount p = FlopCountTest.deepseekV3().parameterCount();
        long h = 7168;
        // DeepSeek-V3 README: the HF checkpoint's 685B is 671B main model plus 14B MTP module weights, and
        // the stored module repeats the embedding and head (2 × 129280 × 7168) it shares with the model.
        long stored = p.mtp() + 2 * 129280L * h;
        assertThat(Math.round((p.total() - p.mtp() + stored) / 1e9)).isEqualTo(684);
        assertThat(p.mtpLayer()).isEqualTo(2 * h * h + 3 * h + p.moeLayerNonExpert() + 256 * p.expertParameters());
    }

    @Test
    void mpt7b_layerNormWithoutBias_matchesHfCount() {
        // mosaicml/mpt-7b config.json (no_bias: true, expansion_ratio 4, vocab 50432, tied); HF safetensors total 6,649,286,656.
        Architecture a = Architecture.builder("mpt-7b").layers(32).hidden(4096).heads(32).ffnHidden(16384).vocab(50432)
                .gated(false).tiedEmbeddings(true).norm(Norm.LAYERNORM_NO_BIAS).build();
        assertThat(a.parameters()).isEqualTo(6_649_286_656L);
    }

    @Test
    void builder_negativeMtpLayers_isRejectedNamingTheField() {
        assertThatThrownBy(() -> Architecture.builder("x").layers(2).hidden(64).heads(4).ffnHidden(256).vocab(100).mtpLayers(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mtp_layers must be a whole number from 0 to 64, not -1.");
    }
}
