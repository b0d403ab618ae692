package dev.trainplan.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainplan.engine.model.Architecture;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hugging Face configs, transcribed from the published config.json of each model (test resources
 * {@code hf/<model>/config.json}), import to exactly the catalog entry's parts.
 */
class HfConfigImportTest {
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "llama-3.1-8b, llama-3.1-8b",
        "mistral-7b-v0.1, mistral-7b",
        "mixtral-8x7b-v0.1, mixtral-8x7b",
        "qwen2.5-7b, qwen2.5-7b",
        "qwen3-8b, qwen3-8b",
        "qwen3-30b-a3b, qwen3-30b-a3b",
        "gemma-2-9b, gemma-2-9b",
        "gemma-3-4b-pt, gemma-3-4b",
        "gpt2, gpt2-124m",
        "pythia-160m, pythia-160m",
        "deepseek-v3, deepseek-v3"})
    void publishedConfig_imports_toTheCatalogEntrysCounts(String fixture, String catalogId) throws URISyntaxException {
        Architecture imported = HfConfigImport.read(fixture(fixture));
        Architecture catalog = (Architecture) ModelCatalog.builtIn().find(catalogId).model();
        assertThat(imported.parameterCount()).isEqualTo(catalog.parameterCount());
        assertThat(imported.toBuilder().name(catalog.name()).build()).isEqualTo(catalog);
        assertThat(imported.name()).isEqualTo(fixture);
    }

    @Test
    void unknownModelType_namesItAndTheKnownOnes() {
        assertThatThrownBy(() -> HfConfigImport.parse("{\"model_type\": \"falcon\", \"hidden_size\": 4544}", "x", "falcon/config.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model_type 'falcon' in falcon/config.json is not one trainplan reads; it reads llama, mistral,");
    }

    @Test
    void missingModelType_isNamed() {
        assertThatThrownBy(() -> HfConfigImport.parse("{\"hidden_size\": 4096}", "x", "c.json"))
                .hasMessageStartingWith("c.json has no 'model_type'; trainplan reads llama,");
    }

    @Test
    void missingRequiredField_isNamedWithTheFamily() {
        String json = "{\"model_type\": \"llama\", \"num_attention_heads\": 32, \"num_hidden_layers\": 32, \"intermediate_size\": 11008,"
                + " \"vocab_size\": 32000}";
        assertThatThrownBy(() -> HfConfigImport.parse(json, "x", "llama/config.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("llama/config.json has no 'hidden_size', which a llama config needs.");
    }

    @Test
    void fractionalWidth_isRejectedNamingTheField() {
        String json = "{\"model_type\": \"gpt2\", \"n_embd\": 768.5, \"n_layer\": 12, \"n_head\": 12, \"n_positions\": 1024, \"vocab_size\": 50257}";
        assertThatThrownBy(() -> HfConfigImport.parse(json, "x", "gpt2/config.json"))
                .hasMessage("'n_embd' in gpt2/config.json must be a whole number, not 768.5.");
    }

    private static String qwen3MoeWithDenseLayers(String mlpOnlyLayers) {
        return "{\"model_type\": \"qwen3_moe\", \"hidden_size\": 2048, \"num_attention_heads\": 32, \"num_hidden_layers\": 48,"
                + " \"intermediate_size\": 6144, \"vocab_size\": 151936, \"num_experts\": 128, \"num_experts_per_tok\": 8,"
                + " \"moe_intermediate_size\": 768, \"mlp_only_layers\": " + mlpOnlyLayers + "}";
    }

    @Test
    void interleavedMoeLayers_areRejectedNamingTheField() {
        assertThatThrownBy(() -> HfConfigImport.parse(qwen3MoeWithDenseLayers("[3, 7]"), "x", "q/config.json"))
                .hasMessage("'mlp_only_layers' in q/config.json is [3,7]; trainplan models dense layers only as the leading layers 0, 1, 2, ….");
    }

    @Test
    void leadingDenseLayers_becomeMoeDenseLayers() {
        assertThat(HfConfigImport.parse(qwen3MoeWithDenseLayers("[0, 1]"), "x", "q/config.json").moe().denseLayers()).isEqualTo(2);
    }

    @Test
    void nameOrPath_namesTheModel() {
        String json = "{\"_name_or_path\": \"acme/tiny\", \"model_type\": \"mistral\", \"hidden_size\": 64, \"num_attention_heads\": 4,"
                + " \"num_hidden_layers\": 2, \"intermediate_size\": 256, \"vocab_size\": 100}";
        Architecture a = HfConfigImport.parse(json, "fallback", "c.json");
        assertThat(a.name()).isEqualTo("acme/tiny");
        assertThat(a.kvHeads()).isEqualTo(4);
        assertThat(a.tiedEmbeddings()).isFalse();
    }

    @Test
    void invalidJson_isOneSentenceNamingTheFile() {
        assertThatThrownBy(() -> HfConfigImport.parse("{\"model_type\": ", "x", "broken.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("broken.json is not valid YAML or JSON: ");
    }

    static Path fixture(String model) throws URISyntaxException {
        return Path.of(HfConfigImportTest.class.getResource("/hf/" + model + "/config.json").toURI());
    }
}
