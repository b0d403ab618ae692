package dev.trainplan.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trainplan.engine.job.AttentionKernel;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which attention kernel the published runs ran, as the validation reads it from their source and notes. */
class ValidationAttentionTest {
    private static final Path RUNS = Path.of("../../shared/validation/runs.csv");

    private static Map<String, ValidationRun> runs() throws IOException {
        assumeTrue(Files.exists(RUNS), "shared/validation/runs.csv is not beside the repository");
        try (Reader in = Files.newBufferedReader(RUNS)) {
            return ValidationRuns.read(in, "runs.csv").stream().collect(Collectors.toMap(ValidationRun::id, Function.identity()));
        }
    }

    private static AttentionKernel kernel(ValidationRun run) {
        return ValidationMemory.settings(run).attentionKernel();
    }

    @Test
    void runsPublishedBeforeFlashAttention_materialiseTheScoresWithDropout() throws IOException {
        Map<String, ValidationRun> runs = runs();
        // SC'21 (April 2021), Korthikanti et al. (arXiv May 10, 2022; FlashAttention appeared May 27, 2022): GPT recipes with dropout.
        for (String id : List.of("msc21-t1-1t", "korth-175b-spsel")) {
            assertThat(kernel(runs.get(id))).as(id).isEqualTo(AttentionKernel.UNFUSED_DROPOUT);
        }
        // BLOOM trained in 2022 without attention dropout.
        assertThat(kernel(runs.get("bloom-176b-tr11"))).isEqualTo(AttentionKernel.UNFUSED);
    }

    @Test
    void currentFrameworks_andNotesNamingFlashAttention_runFlash() throws IOException {
        Map<String, ValidationRun> runs = runs();
        List<ValidationRun> flashNamed = runs.values().stream().filter(r -> r.notes().contains("flash-attn")).toList();
        assertThat(flashNamed).isNotEmpty().allSatisfy(r -> assertThat(kernel(r)).isEqualTo(AttentionKernel.FLASH));
        assertThat(runs.values().stream().filter(r -> r.id().startsWith("torchtitan-") || r.id().startsWith("mbridge-")))
                .isNotEmpty().allSatisfy(r -> assertThat(kernel(r)).isEqualTo(AttentionKernel.FLASH));
    }
}
