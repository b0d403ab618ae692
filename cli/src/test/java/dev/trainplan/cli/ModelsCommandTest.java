package dev.trainplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ModelsCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
        JsonNode json() {
            return Json.mapper().readTree(out);
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void models_withoutName_listsTheCatalogWithCounts() {
        Run r = run("models");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("id", "params", "heads/kv", "source")
                .containsPattern("llama-3\\.1-8b +Llama +8\\.03B +8\\.03B +32 +4096 +32/8 +128256")
                .containsPattern("mixtral-8x7b +Mistral +46\\.7B +12\\.9B")
                .contains("meta-llama/Llama-3.1-8B config.json");
    }

    @Test
    void models_listJson_givesExactCounts() {
        JsonNode all = run("models", "--json").json();
        JsonNode mixtral = null;
        for (JsonNode m : all) {
            if (m.get("id").asString().equals("mixtral-8x7b")) {
                mixtral = m;
            }
        }
        assertThat(mixtral).isNotNull();
        assertThat(mixtral.get("parameters").asLong()).isEqualTo(46_702_792_704L);
    }

    @Test
    void models_nameJson_givesCountsAndFlopsPerToken() {
        Run r = run("models", "llama-3.1-8b", "--json");
        assertThat(r.exit()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("parameters").asLong()).isEqualTo(8_030_261_248L);
        assertThat(j.get("activeParameters").asLong()).isEqualTo(8_030_261_248L);
        assertThat(j.get("nonEmbeddingParameters").asLong()).isEqualTo(8_030_261_248L - 128256L * 4096);
        // Per token at s = 4096: 32 layers of GEMMs (q, o 4096²; k, v 4096×1024; gate, up, down 4096×14336),
        // causal scores 2·32 heads·(128 + 128)·s/2 per layer, logits 4096×128256; ×2 per FMA, ×3 for training.
        double layer = 2.0 * 4096 * 4096 + 2.0 * 4096 * 1024 + 3.0 * 4096 * 14336;
        double forward = 2 * 32 * layer + 32 * 2.0 * 32 * 256 * 4096 / 2 + 2.0 * 4096 * 128256;
        assertThat(j.get("modelFlopsPerToken").asDouble()).isEqualTo(3 * forward);
        assertThat(j.get("hardwareFlopsPerToken").asDouble()).isEqualTo(3 * forward);
    }

    @Test
    void models_fullRecompute_addsOneForwardWithoutTheLmHead() {
        JsonNode j = run("models", "llama-3.1-8b", "--json", "--recompute", "full", "--seq-len", "8192").json();
        JsonNode f = j.get("flopsPerToken");
        double extra = j.get("hardwareFlopsPerToken").asDouble() - j.get("modelFlopsPerToken").asDouble();
        assertThat(extra).isEqualTo(f.get("forward").asDouble() - f.get("forwardLogits").asDouble());
        assertThat(j.get("seqLen").asInt()).isEqualTo(8192);
        assertThat(j.get("recompute").asString()).isEqualTo("full");
    }

    @Test
    void models_nameText_showsExactPartsAndBothAttentionConventions() {
        Run r = run("models", "mixtral-8x7b");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("46,702,792,704", "one routed expert × 8 per layer", "FLOPs per token at seq-len 4096",
                "causal", "full attention", "mistralai/Mixtral-8x7B-v0.1 config.json");
    }

    @Test
    void models_hfConfigFile_isImported() throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"model_type": "mistral", "hidden_size": 4096, "intermediate_size": 14336, "num_attention_heads": 32,
                 "num_hidden_layers": 32, "num_key_value_heads": 8, "vocab_size": 32000, "tie_word_embeddings": false}
                """);
        JsonNode j = run("models", config.toString(), "--json").json();
        // mistralai/Mistral-7B-v0.1: 7,241,732,096 on Hugging Face.
        assertThat(j.get("parameters").asLong()).isEqualTo(7_241_732_096L);
    }

    @Test
    void models_unknownName_exitsTwoWithOneSentence() {
        Run r = run("models", "lama-3.1-8b");
        assertThat(r.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).isEqualTo("trainplan: model 'lama-3.1-8b' is neither a catalog model nor a file (close matches: "
                + "llama-3.1-8b; 'trainplan models' lists the catalog)." + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void models_badSeqLen_namesTheOption() {
        Run r = run("models", "llama-3.1-8b", "--seq-len", "0");
        assertThat(r.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).startsWith("trainplan: --seq-len must be a whole number from 1 to 16777216, not 0.");
    }

    @Test
    void models_badRecompute_namesTheOptionAndValidValues() {
        Run r = run("models", "llama-3.1-8b", "--recompute", "some");
        assertThat(r.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).startsWith("trainplan: --recompute 'some' is not one of none, selective, full.");
    }

    @Test
    void count_roundsToThreeSignificantFigures() {
        assertThat(ModelsCommand.count(8_030_261_248L)).isEqualTo("8.03B");
        assertThat(ModelsCommand.count(46_702_792_704L)).isEqualTo("46.7B");
        assertThat(ModelsCommand.count(999_600_000L)).isEqualTo("1.00B");
        assertThat(ModelsCommand.count(405_853_388_800L)).isEqualTo("406B");
        assertThat(ModelsCommand.flops(4.8249176064e10)).isEqualTo("48.25 GFLOP");
    }
}
