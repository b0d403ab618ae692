package dev.trainplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ModelOptionsTest {
    @TempDir
    Path dir;

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        ModelOptions model;

        @Override
        public void run() {
        }
    }

    private static ModelOptions parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.model;
    }

    @Test
    void catalogId_resolvesToTheModel() {
        assertThat(parse("--model", "llama-3.1-70b").resolve().parameters()).isEqualTo(70_553_706_496L);
    }

    @Test
    void modelYaml_resolves() throws IOException {
        Path yaml = dir.resolve("mine.yaml");
        Files.writeString(yaml, "kind: generic\nparameters: 25557032\nforward_flops_per_sample: 8.2e9\nactivation_bytes_per_sample: 1e8\n");
        assertThat(parse("--model", yaml.toString()).resolveEntry().id()).isEqualTo("mine");
    }

    @Test
    void unknownName_isUserInputNamingTheOption() {
        assertThatThrownBy(() -> parse("--model", "gpt4").resolve())
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("--model 'gpt4' is neither a catalog model nor a file (");
    }

    @Test
    void badFile_isUserInputNamingTheOptionAndTheKey() throws IOException {
        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, "layers: 2\nhidden: 64\nheads: 4\nffn: 256\nvocab: 100\n");
        assertThatThrownBy(() -> parse("--model", yaml.toString()).resolve())
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("--model " + yaml + ": unknown key 'ffn' (did you mean 'ffn_hidden'?); valid keys are ");
    }

    @Test
    void missingOption_isOneSentenceNamingTheOption() {
        // Commands decide whether a model is needed (estimate has a built-in example), so resolving is what fails.
        ModelOptions none = parse();
        assertThat(none.given()).isFalse();
        assertThatThrownBy(none::resolve).isInstanceOf(UserInputException.class).hasMessageStartingWith("--model is missing;");
    }
}
