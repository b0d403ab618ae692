package dev.trainplan.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.GenericModel;
import dev.trainplan.engine.model.Norm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
    private static final ModelCatalog CATALOG = ModelCatalog.builtIn();

    @Test
    void builtIn_holdsTheIssuesRequiredIds() {
        List<String> ids = CATALOG.all().stream().map(CatalogModel::id).toList();
        assertThat(ids).contains("gpt3-175b", "mt-nlg-530b", "megatron-1t", "llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b",
                "mixtral-8x7b", "deepseek-v3", "megatron-22b", "megatron-175b", "mpt-7b", "mpt-30b", "llama-2-70b", "llama-3.2-1b",
                "llama-3.2-3b", "mistral-7b", "mixtral-8x22b", "qwen2.5-0.5b", "qwen2.5-72b", "qwen3-30b-a3b", "qwen3-235b-a22b",
                "gemma-2-9b", "gemma-3-27b", "nemotron-4-340b", "vit-b-16", "bert-base", "gpt3-125m", "megatron-1.7b");
    }

    @Test
    void everyEntry_hasASourceAndALowerCaseDashedId() {
        for (CatalogModel m : CATALOG.all()) {
            assertThat(m.source()).as(m.id()).isNotBlank();
            assertThat(m.id()).matches("[a-z0-9.]+(-[a-z0-9.]+)*");
            assertThat(m.family()).as(m.id()).isNotBlank();
        }
    }

    @Test
    void find_ignoresCase_andKnowsAliases() {
        assertThat(CATALOG.find("LLaMA-3.1-8B").id()).isEqualTo("llama-3.1-8b");
        assertThat(CATALOG.find("megatron-530b").id()).isEqualTo("mt-nlg-530b");
        assertThat(CATALOG.find(" gpt2 ").id()).isEqualTo("gpt2-124m");
    }

    @Test
    void find_unknownId_isOneSentenceWithCloseMatches() {
        assertThatThrownBy(() -> CATALOG.find("llama-3-8b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model 'llama-3-8b' is not in the catalog (close matches: llama-3.1-8b")
                .hasMessageEndingWith("'trainplan models' lists them all).");
        assertThat(CATALOG.closeMatches("qwen3")).contains("qwen3-8b").hasSizeLessThanOrEqualTo(5);
        assertThat(CATALOG.notFound("zzzzzzzzzzzz")).isEqualTo("model 'zzzzzzzzzzzz' is not in the catalog ('trainplan models' lists them all).");
    }

    @Test
    void familyDefaults_applyAndEntriesOverrideThem() {
        Architecture gpt3 = (Architecture) CATALOG.find("gpt3-175b").model();
        assertThat(gpt3.norm()).isEqualTo(Norm.LAYERNORM);
        assertThat(gpt3.maxPositions()).isEqualTo(2048);
        assertThat(gpt3.tiedEmbeddings()).isTrue();
        Architecture pythia = (Architecture) CATALOG.find("pythia-6.9b").model();
        assertThat(pythia.tiedEmbeddings()).isFalse();
        assertThat(pythia.maxPositions()).isZero();
        assertThat(CATALOG.find("bert-base").model()).isInstanceOf(GenericModel.class);
    }

    /** A one-model catalog file: a tiny valid transformer with {@code key} set to {@code value} (null removes it). */
    private static String tinyWith(String key, String value) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String pair : List.of("source=test", "layers=2", "hidden=64", "heads=4", "ffn_hidden=256", "vocab=100")) {
            keys.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        if (value == null) {
            keys.remove(key);
        } else {
            keys.put(key, value);
        }
        StringBuilder yaml = new StringBuilder("family: Test\nmodels:\n  - id: tiny\n");
        keys.forEach((k, v) -> yaml.append("    ").append(k).append(": ").append(v).append('\n'));
        return yaml.toString();
    }

    @Test
    void parse_unknownKey_namesItAndTheValidKeys() {
        assertThatThrownBy(() -> ModelCatalog.parse(tinyWith("hiden", "64"), "models/test.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("models/test.yaml model tiny: unknown key 'hiden' (did you mean 'hidden'?); valid keys are ")
                .hasMessageContaining(" heads, hidden, id, kind, kv_heads, layers,");
    }

    @Test
    void parse_missingField_isNamed() {
        assertThatThrownBy(() -> ModelCatalog.parse(tinyWith("hidden", null), "models/test.yaml"))
                .hasMessage("models/test.yaml model tiny has no 'hidden'; it is required.");
    }

    @Test
    void parse_wrongType_namesTheKey() {
        assertThatThrownBy(() -> ModelCatalog.parse(tinyWith("layers", "two"), "models/test.yaml"))
                .hasMessage("models/test.yaml model tiny: 'layers' must be a whole number.");
        assertThatThrownBy(() -> ModelCatalog.parse(tinyWith("layers", "2.5"), "models/test.yaml"))
                .hasMessage("models/test.yaml model tiny: 'layers' must be a whole number.");
    }

    @Test
    void parse_entryWithoutSource_isRejected() {
        assertThatThrownBy(() -> ModelCatalog.parse(tinyWith("source", null), "models/test.yaml"))
                .hasMessage("models/test.yaml model tiny has no 'source'; every catalog model names where its numbers come from.");
    }

    @Test
    void parse_invalidEngineValue_carriesTheEntryName() {
        assertThatThrownBy(() -> ModelCatalog.parse(tinyWith("kv_heads", "3"), "models/test.yaml"))
                .hasMessage("models/test.yaml model tiny: heads 4 is not a multiple of kv_heads 3; grouped-query attention needs kv_heads to divide heads.");
    }

    @Test
    void parse_genericWithTransformerKeys_isRejected() {
        assertThatThrownBy(() -> ModelCatalog.parse(tinyWith("kind", "generic"), "models/test.yaml"))
                .hasMessageStartingWith("models/test.yaml model tiny: 'layers' describes a transformer, but kind is generic;");
    }

    @Test
    void parse_transformerWithGenericTotals_isRejected() {
        assertThatThrownBy(() -> ModelCatalog.parse(tinyWith("parameters", "1000"), "models/test.yaml"))
                .hasMessageStartingWith("models/test.yaml model tiny: parameters, forward_flops_per_sample and activation_bytes_per_sample are for kind: generic;");
    }

    @Test
    void duplicateNames_areRejected() {
        List<CatalogModel> twice = List.of(CATALOG.find("gpt2-124m"), CATALOG.find("gpt2-124m"));
        assertThatThrownBy(() -> ModelCatalog.of(twice))
                .hasMessage("model catalog: 'gpt2-124m' names both gpt2-124m and gpt2-124m.");
    }
}
