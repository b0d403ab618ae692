package dev.trainplan.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.AttentionCounting;
import dev.trainplan.engine.model.FlopCount;
import dev.trainplan.engine.model.GenericModel;
import dev.trainplan.engine.model.ParameterCount;
import org.junit.jupiter.api.Test;

/** FLOPs per token of the catalog's models against the published closed forms of formulas.md §2. */
class CatalogFlopCountTest {
    private static final ModelCatalog CATALOG = ModelCatalog.builtIn();

    @Test
    void megatronEntries_matchNarayananEquation3AndKorthikantiModelFlops() {
        // {layers, hidden} from Narayanan et al. 2021 Table 1 and Korthikanti et al. 2022 Table 3; V = 51200, s = 2048.
        String[] ids = {"megatron-1.7b", "megatron-3.6b", "megatron-7.5b", "megatron-18b", "megatron-22b", "megatron-39b",
            "megatron-76b", "megatron-145b", "megatron-175b", "megatron-310b", "mt-nlg-530b", "megatron-1t"};
        int[][] shapes = {{24, 2304}, {30, 3072}, {36, 4096}, {40, 6144}, {48, 6144}, {48, 8192}, {60, 10240}, {80, 12288},
            {96, 12288}, {96, 16384}, {105, 20480}, {128, 25600}};
        double s = 2048, v = 51200;
        for (int i = 0; i < ids.length; i++) {
            double l = shapes[i][0], h = shapes[i][1];
            FlopCount f = FlopCount.of(CATALOG.find(ids[i]).model());
            double hardware = 96 * l * h * h * (1 + s / (6 * h) + v / (16 * l * h));
            double model = 72 * l * h * h * (1 + s / (6 * h) + v / (12 * l * h));
            assertThat(f.hardwareFlopsPerToken(2048, Recompute.FULL, AttentionCounting.FULL)).as(ids[i])
                    .isCloseTo(hardware, within(hardware * 1e-12));
            assertThat(f.modelFlopsPerToken(2048, AttentionCounting.FULL)).as(ids[i]).isCloseTo(model, within(model * 1e-12));
        }
    }

    /**
     * Every other transformer: 6N + attention, N the active parameters a token's GEMMs use (input and
     * position embeddings out; a tied LM head and each MTP module's shared head in once more). N also holds norm and bias
     * weights that do no GEMM, so the two agree to 0.5 %.
     */
    @Test
    void otherTransformers_equalSixNPlusCausalAttention() {
        int s = 4096;
        for (CatalogModel entry : CATALOG.all()) {
            if (!(entry.model() instanceof Architecture a) || entry.family().equals("Megatron GPT")) {
                continue;
            }
            ParameterCount p = a.parameterCount();
            double head = (double) a.vocab() * a.hidden();
            double n = p.activeNonEmbedding() + (a.tiedEmbeddings() ? head : 0) + a.mtpLayers() * head;
            double qk = a.mla().enabled() ? a.mla().qkHeadDim() : a.headDim();
            double vDim = a.mla().enabled() ? a.mla().vHeadDim() : a.headDim();
            // PaLM's 12·L·H·Q·T halved by the causal mask, with Q the mean of the QK and V head dims (MLA differs).
            double attention = 6.0 * (a.layers() + a.mtpLayers()) * a.heads() * (qk + vDim) / 2 * s;
            double expected = 6 * n + attention;
            assertThat(FlopCount.of(a).modelFlopsPerToken(s)).as(entry.id()).isCloseTo(expected, within(expected * 5e-3));
        }
    }

    /**
     * bert-base: written out from the BERT-base config (12 layers, h 768, 12 heads, ffn 3072, vocab 30522,
     * 512 positions, 2 token types) as BertForPreTraining holds it.
     */
    @Test
    void bertBase_genericTotals_equalCountsWrittenOutFromItsConfig() {
        long h = 768, f = 3072, v = 30522, s = 512, layers = 12, heads = 12;
        long layer = 4 * (h * h + h) + 2 * h + (h * f + f) + (f * h + h) + 2 * h;
        long embeddings = v * h + 512 * h + 2 * h + 2 * h;
        long pooler = h * h + h;
        long mlmHead = h * h + h + 2 * h + v; // transform, its LayerNorm, decoder bias (decoder weight tied)
        long nspHead = 2 * h + 2;
        GenericModel bert = (GenericModel) CATALOG.find("bert-base").model();
        assertThat(bert.parameters()).isEqualTo(embeddings + layers * layer + pooler + mlmHead + nspHead);
        double gemmsPerToken = layers * (4 * h * h + 2 * h * f) + h * h + v * h;
        double forward = 2 * s * gemmsPerToken + 4.0 * s * s * h * layers + 2 * h * h + 2 * h * 2;
        assertThat(bert.forwardFlopsPerSample()).isEqualTo(forward);
        assertThat(bert.activationBytesPerSample()).isEqualTo(layers * (s * h * 34.0 + 5.0 * heads * s * s));
    }

    /** vit-b-16: ViT-Base (Dosovitskiy et al. 2021 Table 1) on 224×224 images in 16×16 patches, 1000 classes. */
    @Test
    void vitB16_genericTotals_equalCountsWrittenOutFromItsShape() {
        long h = 768, f = 3072, layers = 12, heads = 12, patches = (224 / 16) * (224 / 16), s = patches + 1;
        long patchEmbedding = 3 * 16 * 16 * h + h;
        long layer = 4 * (h * h + h) + (h * f + f) + (f * h + h) + 2 * 2 * h;
        long expected = patchEmbedding + h + s * h + layers * layer + 2 * h + h * 1000 + 1000;
        GenericModel vit = (GenericModel) CATALOG.find("vit-b-16").model();
        assertThat(vit.parameters()).isEqualTo(expected);
        double forward = 2.0 * s * layers * (4 * h * h + 2 * h * f) + 4.0 * s * s * h * layers
                + 2.0 * patches * 3 * 16 * 16 * h + 2.0 * h * 1000;
        assertThat(vit.forwardFlopsPerSample()).isEqualTo(forward);
        assertThat(vit.activationBytesPerSample()).isEqualTo(layers * (s * h * 34.0 + 5.0 * heads * s * s));
    }
}
