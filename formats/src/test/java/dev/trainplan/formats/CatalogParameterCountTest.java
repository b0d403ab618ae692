package dev.trainplan.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.ParameterCount;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every catalog model's parameter count against the figure its authors published, to the parameter
 * where the published figure is exact and to the published rounding where it is not. Each expected
 * value names its source.
 */
class CatalogParameterCountTest {
    private static final ModelCatalog CATALOG = ModelCatalog.builtIn();
    /** Hugging Face shows the safetensors metadata total of a checkpoint; that is the exact count cited below. */
    private static final String HF = "Hugging Face safetensors total of ";

    static Stream<Arguments> exactCounts() {
        return Stream.of(
                Arguments.of("gpt2-124m", 124_439_808L, HF + "openai-community/gpt2"),
                Arguments.of("gpt2-355m", 354_823_168L, HF + "openai-community/gpt2-medium"),
                Arguments.of("gpt2-774m", 774_030_080L, HF + "openai-community/gpt2-large"),
                Arguments.of("gpt2-1.5b", 1_557_611_200L, HF + "openai-community/gpt2-xl"),
                // Biderman et al. 2023 (arXiv 2304.01373) Table 1 / the Pythia README "Params" column.
                Arguments.of("pythia-70m", 70_426_624L, "Pythia README, total params"),
                Arguments.of("pythia-160m", 162_322_944L, "Pythia README, total params"),
                Arguments.of("pythia-410m", 405_334_016L, "Pythia README, total params"),
                Arguments.of("pythia-1b", 1_011_781_632L, "Pythia README, total params"),
                Arguments.of("pythia-1.4b", 1_414_647_808L, "Pythia README, total params"),
                Arguments.of("pythia-2.8b", 2_775_208_960L, "Pythia README, total params"),
                Arguments.of("pythia-6.9b", 6_857_302_016L, "Pythia README, total params"),
                Arguments.of("pythia-12b", 11_846_072_320L, "Pythia README, total params"),
                Arguments.of("mpt-7b", 6_649_286_656L, HF + "mosaicml/mpt-7b"),
                Arguments.of("llama-2-7b", 6_738_415_616L, HF + "meta-llama/Llama-2-7b-hf"),
                Arguments.of("llama-2-13b", 13_015_864_320L, HF + "meta-llama/Llama-2-13b-hf"),
                Arguments.of("llama-2-70b", 68_976_648_192L, HF + "meta-llama/Llama-2-70b-hf"),
                Arguments.of("llama-3.1-8b", 8_030_261_248L, HF + "meta-llama/Llama-3.1-8B"),
                Arguments.of("llama-3.1-70b", 70_553_706_496L, HF + "meta-llama/Llama-3.1-70B"),
                Arguments.of("llama-3.1-405b", 405_853_388_800L, HF + "meta-llama/Llama-3.1-405B"),
                Arguments.of("llama-3.2-1b", 1_235_814_400L, HF + "meta-llama/Llama-3.2-1B"),
                Arguments.of("llama-3.2-3b", 3_212_749_824L, HF + "meta-llama/Llama-3.2-3B"),
                Arguments.of("mistral-7b", 7_241_732_096L, HF + "mistralai/Mistral-7B-v0.1"),
                Arguments.of("mixtral-8x7b", 46_702_792_704L, HF + "mistralai/Mixtral-8x7B-v0.1"),
                Arguments.of("mixtral-8x22b", 140_620_634_112L, HF + "mistralai/Mixtral-8x22B-v0.1"),
                Arguments.of("qwen2.5-0.5b", 494_032_768L, HF + "Qwen/Qwen2.5-0.5B"),
                Arguments.of("qwen2.5-1.5b", 1_543_714_304L, HF + "Qwen/Qwen2.5-1.5B"),
                Arguments.of("qwen2.5-3b", 3_085_938_688L, HF + "Qwen/Qwen2.5-3B"),
                Arguments.of("qwen2.5-7b", 7_615_616_512L, HF + "Qwen/Qwen2.5-7B"),
                Arguments.of("qwen2.5-14b", 14_770_033_664L, HF + "Qwen/Qwen2.5-14B"),
                Arguments.of("qwen2.5-32b", 32_763_876_352L, HF + "Qwen/Qwen2.5-32B"),
                Arguments.of("qwen2.5-72b", 72_706_203_648L, HF + "Qwen/Qwen2.5-72B"),
                Arguments.of("qwen3-4b", 4_022_468_096L, HF + "Qwen/Qwen3-4B"),
                Arguments.of("qwen3-8b", 8_190_735_360L, HF + "Qwen/Qwen3-8B"),
                Arguments.of("qwen3-14b", 14_768_307_200L, HF + "Qwen/Qwen3-14B"),
                Arguments.of("qwen3-32b", 32_762_123_264L, HF + "Qwen/Qwen3-32B"),
                Arguments.of("qwen3-30b-a3b", 30_532_122_624L, HF + "Qwen/Qwen3-30B-A3B"),
                Arguments.of("qwen3-235b-a22b", 235_093_634_560L, HF + "Qwen/Qwen3-235B-A22B"),
                Arguments.of("gemma-2-2b", 2_614_341_888L, HF + "google/gemma-2-2b"),
                Arguments.of("gemma-2-9b", 9_241_705_984L, HF + "google/gemma-2-9b"),
                Arguments.of("gemma-2-27b", 27_227_128_320L, HF + "google/gemma-2-27b"),
                Arguments.of("gemma-3-1b", 999_885_952L, HF + "google/gemma-3-1b-pt"));
    }

    @ParameterizedTest(name = "{0}: {1} ({2})")
    @MethodSource("exactCounts")
    void catalogModel_parameters_equalPublishedExactCount(String id, long published, String source) {
        assertThat(CATALOG.find(id).model().parameters()).as(source).isEqualTo(published);
    }

    /**
     * Qwen3-0.6B and 1.7B tie their embeddings, but their published checkpoints store the LM head again,
     * so Hugging Face shows 751,632,384 and 2,031,739,904. The model cards give the trained figures:
     * 0.6B / 0.44B non-embedding and 1.7B / 1.4B non-embedding (embedding and head excluded).
     */
    @Test
    void qwen3SmallTiedModels_matchModelCardCounts_andHfStoredTotals() {
        ParameterCount small = parts("qwen3-0.6b");
        assertThat(small.total() + small.embedding()).isEqualTo(751_632_384L);
        assertThat(Math.round(small.total() / 1e8)).isEqualTo(6);
        assertThat(Math.round((small.total() - small.embedding()) / 1e7)).isEqualTo(44);
        ParameterCount medium = parts("qwen3-1.7b");
        assertThat(medium.total() + medium.embedding()).isEqualTo(2_031_739_904L);
        assertThat(Math.round((medium.total() - medium.embedding()) / 1e8)).isEqualTo(14);
    }

    /**
     * The Gemma 3 4B/12B/27B checkpoints are vision-language models; their Hugging Face totals
     * (4,300,079,472; 12,187,325,040; 27,432,406,640) are the text decoder plus a SigLIP-So400m tower
     * (27 layers, width 1152, MLP 4304, 14×14 patches of an 896×896 image, no head) and a projector
     * (an RMSNorm of 1152 and a 1152 × hidden matrix). The tower is written out here from that config.
     */
    @Test
    void gemma3VisionLanguageCheckpoints_equalTextDecoderPlusSiglipTowerAndProjector() {
        long width = 1152;
        long layer = 4 * (width * width + width) + 2 * width * 4304 + 4304 + width + 2 * 2 * width;
        long tower = 3 * 14 * 14 * width + width + (896 / 14) * (896 / 14) * width + 27 * layer + 2 * width;
        assertThat(text("gemma-3-4b") + tower + width * 2560 + width).isEqualTo(4_300_079_472L);
        assertThat(text("gemma-3-12b") + tower + width * 3840 + width).isEqualTo(12_187_325_040L);
        assertThat(text("gemma-3-27b") + tower + width * 5376 + width).isEqualTo(27_432_406_640L);
    }

    @Test
    void mixtralAndQwenMoe_activeParameters_roundToPublished() {
        // Mixtral paper (arXiv 2401.04088) §2.1: 47B total, 13B active; model card: 46.7B / 12.9B.
        assertThat(Math.round(CATALOG.find("mixtral-8x7b").model().activeParameters() / 1e8)).isEqualTo(129);
        // Mistral's Mixtral 8x22B announcement: 141B total, 39B active.
        assertThat(Math.round(CATALOG.find("mixtral-8x22b").model().activeParameters() / 1e9)).isEqualTo(39);
        // Qwen3 model cards: 30.5B total / 3.3B activated / 29.9B non-embedding; 235B / 22B activated / 234B.
        // The cards cut 3.35B to 3.3B rather than round it.
        assertThat(CATALOG.find("qwen3-30b-a3b").model().activeParameters()).isBetween(3_300_000_000L, 3_399_999_999L);
        assertThat(Math.round(CATALOG.find("qwen3-30b-a3b").model().parameters() / 1e8)).isEqualTo(305);
        ParameterCount a3b = parts("qwen3-30b-a3b");
        assertThat(Math.round((a3b.total() - a3b.embedding() - a3b.head()) / 1e8)).isEqualTo(299);
        assertThat(Math.round(CATALOG.find("qwen3-235b-a22b").model().activeParameters() / 1e9)).isEqualTo(22);
    }

    @Test
    void deepseekV3_matchesPaperTotalAndActivated() {
        // DeepSeek-V3 technical report (arXiv 2412.19437) abstract: 671B total, 37B activated per token
        // (the activated figure leaves out the input embedding); the MTP module is on top of the 671B.
        ParameterCount p = parts("deepseek-v3");
        assertThat(Math.round((p.total() - p.mtp()) / 1e9)).isEqualTo(671);
        long mtpActive = p.mtp() - (256 - 8) * p.expertParameters();
        assertThat(Math.round((p.activeNonEmbedding() - mtpActive) / 1e9)).isEqualTo(37);
    }

    @Test
    void nemotron4_340b_matchesReportEmbeddingSplit() {
        // Nemotron-4 340B report (arXiv 2406.11704) §2: 9.4B embedding and 331.6B non-embedding parameters.
        ParameterCount p = parts("nemotron-4-340b");
        assertThat(Math.round((p.embedding() + p.head()) / 1e8)).isEqualTo(94);
        assertThat(Math.round((p.total() - p.embedding() - p.head()) / 1e8)).isEqualTo(3316);
    }

    @Test
    void megatronSizes_matchNarayananTable1ToTheTenthOfABillion() {
        // Narayanan et al. 2021 (arXiv 2104.04473) Table 1, "Number of parameters (billion)".
        String[] ids = {"megatron-1.7b", "megatron-3.6b", "megatron-7.5b", "megatron-18b", "megatron-39b", "megatron-76b",
            "megatron-145b", "megatron-310b", "mt-nlg-530b", "megatron-1t"};
        double[] billions = {1.7, 3.6, 7.5, 18.4, 39.1, 76.1, 145.6, 310.1, 529.6, 1008.0};
        for (int i = 0; i < ids.length; i++) {
            assertThat(Math.round(CATALOG.find(ids[i]).model().parameters() / 1e8)).as(ids[i]).isEqualTo(Math.round(billions[i] * 10));
        }
        // Korthikanti et al. 2022 (arXiv 2205.05198) Table 3: 22B and 175B.
        assertThat(Math.round(CATALOG.find("megatron-22b").model().parameters() / 1e9)).isEqualTo(22);
        assertThat(Math.round(CATALOG.find("megatron-175b").model().parameters() / 1e9)).isEqualTo(175);
    }

    @Test
    void gpt3Family_matchesTable21NominalSizes() {
        // Brown et al. 2020 (arXiv 2005.14165) Table 2.1 n_params; the paper's sizes are nominal (e.g. 350M is 356M).
        String[] ids = {"gpt3-125m", "gpt3-350m", "gpt3-760m", "gpt3-1.3b", "gpt3-2.7b", "gpt3-6.7b", "gpt3-13b", "gpt3-175b"};
        double[] nominal = {125e6, 350e6, 760e6, 1.3e9, 2.7e9, 6.7e9, 13.0e9, 175.0e9};
        for (int i = 0; i < ids.length; i++) {
            assertThat((double) CATALOG.find(ids[i]).model().parameters()).as(ids[i]).isBetween(nominal[i] * 0.98, nominal[i] * 1.02);
        }
    }

    @Test
    void mpt30b_roundsToPublished30B() {
        // MosaicML MPT-30B model card: "30B parameters".
        assertThat(Math.round(CATALOG.find("mpt-30b").model().parameters() / 1e9)).isEqualTo(30);
    }

    private static ParameterCount parts(String id) {
        return ((Architecture) CATALOG.find(id).model()).parameterCount();
    }

    private static long text(String id) {
        return CATALOG.find(id).model().parameters();
    }
}
