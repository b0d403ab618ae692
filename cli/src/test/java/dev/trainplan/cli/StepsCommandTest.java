package dev.trainplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StepsCommandTest {
    @Test
    void steps_seedExampleWithExplain_reproducesTheSeedFormula() {
        CliRun r = CliRun.of("steps", "--samples", "1000", "--per-device-train-batch-size", "5", "--gradient-accumulation-steps", "2", "--explain");
        assertThat(r.exitCode()).isZero();
        // Seed: global batch = 2 × 1 × 1 × 5 = 10; 1000 / 10 = 100 optimizer steps; 100 × 2 = 200 micro-steps.
        assertThat(r.out()).containsPattern("global batch \\(samples per optimizer step\\)\\s+10\\n");
        assertThat(r.out()).containsPattern("optimizer steps per epoch\\s+100\\n");
        assertThat(r.out()).containsPattern("micro-steps per rank \\(forward/backward\\)\\s+200\\n");
        assertThat(r.out()).contains("global batch = gradient_accumulation × data_parallel × micro_batch", "= 2 × 1 × 5 = 10");
        assertThat(r.out()).contains("= max(ceil(200 / 2), 1) = 100");
    }

    @Test
    void steps_noArguments_runsTheBuiltInExample() {
        CliRun r = CliRun.of("steps");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Built-in example").containsPattern("optimizer steps in total\\s+100\\n");
    }

    @Test
    void steps_json_hasTheDocumentedKeysWithExactIntegers() {
        // V15: N=1000, b=4, GA=8, 2 nodes × 4 → tbs 256, L 32, 4 steps, 1024 samples (24 duplicates).
        CliRun r = CliRun.of("steps", "--samples", "1000", "--per-device-train-batch-size", "4", "--gradient-accumulation-steps", "8",
                "--nnodes", "2", "--nproc-per-node", "4", "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode j = Json.mapper().readTree(r.out());
        assertThat(j.get("worldSize").asInt()).isEqualTo(8);
        assertThat(j.get("dataParallel").asInt()).isEqualTo(8);
        assertThat(j.get("globalBatch").asLong()).isEqualTo(256);
        assertThat(j.get("microBatch").asInt()).isEqualTo(4);
        assertThat(j.get("gradientAccumulation").asInt()).isEqualTo(8);
        assertThat(j.get("dataloaderLengthPerRank").asLong()).isEqualTo(32);
        assertThat(j.get("updateStepsPerEpoch").asLong()).isEqualTo(4);
        assertThat(j.get("totalUpdateSteps").asLong()).isEqualTo(4);
        assertThat(j.get("microStepsPerRank").asLong()).isEqualTo(32);
        assertThat(j.get("samplesSeenPerEpoch").asLong()).isEqualTo(1024);
        assertThat(j.get("droppedSamplesPerEpoch").asLong()).isZero();
        assertThat(j.get("paddedSamplesPerEpoch").asLong()).isEqualTo(24);
    }

    @Test
    void steps_megatronRampup_matchesV39() {
        CliRun r = CliRun.of("steps", "--framework", "megatron", "--train-samples", "100000", "--global-batch-size", "1024",
                "--micro-batch-size", "4", "--nproc-per-node", "8", "--rampup-batch-size", "256", "256", "10000", "--json");
        assertThat(r.exitCode()).isZero();
        assertThat(Json.mapper().readTree(r.out()).get("totalUpdateSteps").asLong()).isEqualTo(112);
    }

    @Test
    void steps_differentFrameworksDisagree_saysHow() {
        CliRun r = CliRun.of("steps", "--samples", "100", "--per-device-train-batch-size", "8", "--gradient-accumulation-steps", "4", "--epochs", "3");
        assertThat(r.out()).contains("DeepSpeed would count 9 optimizer steps instead of 12");
    }

    @Test
    void steps_badInputs_oneSentenceAndExitCode2() {
        String[][] cases = {
            {"--samples", "1000", "--framework", "megatron", "--global-batch-size", "1000", "--micro-batch-size", "3", "--nproc-per-node", "8"},
            {"--samples", "1000", "--framework", "deepspeed", "--train-batch-size", "30", "--micro-batch-size", "4", "--nproc-per-node", "2"},
            {"--samples", "10", "--nproc-per-node", "48", "--tp", "8", "--pp", "4"},
            {"--samples", "5", "--per-device-train-batch-size", "4", "--nproc-per-node", "2", "--dataloader-drop-last"},
            {"--samples", "0"},
            {"--samples", "-3"},
            {"--samples", "99999999999999999999999"},
            {"--samples", "10", "--per-device-train-batch-size", "0"},
            {"--samples", "10", "--epochs", "-1"},
            {"--samples", "10", "--framework", "lightning", "--epochs", "2.5"},
            {"--samples", "10", "--nnodes", "0"},
            {"--samples", "10", "--limit-train-batches", "abc"},
            {"--samples", "10", "--step-batch-size-schedule", "0:8 x"},
            {"--per-device-train-batch-size", "8"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("steps"));
            args.addAll(List.of(c));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.exitCode()).as("exit code of %s", args).isEqualTo(2);
            assertThat(r.err()).as("stderr of %s", args).startsWith("trainplan: ").doesNotContain("Exception", "\tat ");
            assertThat(r.out()).as("nothing half-written for %s", args).isEmpty();
        }
        assertThat(CliRun.of("steps", "--samples", "1000", "--framework", "megatron", "--global-batch-size", "1000",
                "--micro-batch-size", "3", "--nproc-per-node", "8").err())
                .contains("global batch size (1000) is not divisible by micro batch size (3) times data parallel size (8)");
    }

    @Test
    void steps_randomArguments_neverATraceAlwaysExit0Or2() {
        Random random = new Random(42);
        String[] options = {"--samples", "--per-device-train-batch-size", "--gradient-accumulation-steps", "--global-batch-size", "--nnodes",
            "--nproc-per-node", "--tp", "--pp", "--cp", "--epochs", "--max-steps", "--framework", "--warmup-steps", "--tokens", "--seq-len"};
        String[] values = {"0", "-1", "1", "2", "3", "7", "8", "64", "1000", "1e9", "2.5", "abc", "", "99999999999", "hf", "megatron", "deepspeed"};
        for (int i = 0; i < 300; i++) {
            List<String> args = new ArrayList<>(List.of("steps"));
            int n = 1 + random.nextInt(6);
            for (int k = 0; k < n; k++) {
                args.add(options[random.nextInt(options.length)]);
                args.add(values[random.nextInt(values.length)]);
            }
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.exitCode()).as("exit code of %s: %s", args, r.err()).isIn(0, 2);
            assertThat(r.err()).as("stderr of %s", args).doesNotContain("\tat ", "internal error");
        }
    }
}
