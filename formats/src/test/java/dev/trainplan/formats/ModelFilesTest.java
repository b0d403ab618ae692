package dev.trainplan.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    private static final ModelCatalog CATALOG = ModelCatalog.builtIn();

    @TempDir
    Path dir;

    @Test
    void resolve_catalogName_returnsTheEntry() {
        assertThat(ModelFiles.resolve("Mixtral-8x7B", CATALOG, "--model").id()).isEqualTo("mixtral-8x7b");
    }

    @Test
    void resolve_hfConfigOrItsFolder_importsIt() throws Exception {
        Path config = HfConfigImportTest.fixture("qwen3-8b");
        CatalogModel file = ModelFiles.resolve(config.toString(), CATALOG, "--model");
        CatalogModel folder = ModelFiles.resolve(config.getParent().toString(), CATALOG, "--model");
        assertThat(file.model().parameters()).isEqualTo(8_190_735_360L);
        assertThat(folder.model()).isEqualTo(file.model());
        assertThat(file.family()).isEqualTo("qwen3");
        assertThat(file.source()).isEqualTo(config.toString());
    }

    @Test
    void resolve_trainplanModelYaml_buildsIt() throws IOException {
        Path yaml = dir.resolve("tiny.yaml");
        Files.writeString(yaml, """
                layers: 2
                hidden: 64
                heads: 4
                ffn_hidden: 256
                vocab: 100
                tied_embeddings: true
                """);
        CatalogModel m = ModelFiles.resolve(yaml.toString(), CATALOG, "--model");
        assertThat(m.id()).isEqualTo("tiny");
        // 2 layers × (4·64² attention + 3·64·256 MLP + 2·64 norms) + 100·64 tied embedding + 64 final norm
        assertThat(m.model().parameters()).isEqualTo(2L * (4 * 64 * 64 + 3 * 64 * 256 + 2 * 64) + 100 * 64 + 64);
    }

    @Test
    void resolve_genericModelJson_buildsIt() throws IOException {
        Path json = dir.resolve("resnet.json");
        Files.writeString(json, """
                {"id": "resnet-50", "kind": "generic", "parameters": 25557032,
                 "forward_flops_per_sample": 8.2e9, "activation_bytes_per_sample": 1.0e8}
                """);
        assertThat(ModelFiles.resolve(json.toString(), CATALOG, "--model").model().parameters()).isEqualTo(25_557_032L);
    }

    @Test
    void resolve_missingFile_namesTheOption() {
        assertThatThrownBy(() -> ModelFiles.resolve("models/none.yaml", CATALOG, "--model"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--model file models/none.yaml does not exist.");
    }

    @Test
    void resolve_unknownName_namesTheOptionAndCloseMatches() {
        assertThatThrownBy(() -> ModelFiles.resolve("mixtral-8x8b", CATALOG, "--model"))
                .hasMessageStartingWith("--model 'mixtral-8x8b' is neither a catalog model nor a file (close matches: mixtral-8x7b")
                .hasMessageEndingWith("'trainplan models' lists the catalog).");
    }

    @Test
    void resolve_folderWithoutConfig_isNamed() {
        assertThatThrownBy(() -> ModelFiles.resolve(dir.toString(), CATALOG, "--model"))
                .hasMessage("--model " + dir + " is a folder without a config.json.");
    }

    @Test
    void resolve_blank_namesTheOption() {
        assertThatThrownBy(() -> ModelFiles.resolve(" ", CATALOG, "--model"))
                .hasMessageStartingWith("--model is empty;");
    }
}
