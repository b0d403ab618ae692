package dev.trainplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EstimateCommandTest {
    private static final String[] GPT3_175B_PAPER = {"estimate", "--model", "gpt3-175b", "--gpu", "a100-sxm4-80gb", "--nnodes", "128",
        "--nproc-per-node", "8", "--tp", "8", "--pp", "16", "--tokens", "300B", "--seq-len", "2048", "--global-batch-size", "1536",
        "--micro-batch-size", "1", "--framework", "megatron", "--recompute", "full", "--precision", "fp16", "--json"};

    @Test
    void estimate_noArguments_runsTheBuiltInExample() {
        CliRun r = CliRun.of("estimate");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Built-in example").contains("Step time:", "wall time", "Device-hours");
    }

    @Test
    void estimate_noModelOrData_keepsTheOptionsGivenAndFillsOnlyTheRest() {
        CliRun r = CliRun.of("estimate", "--framework", "torchtitan", "--nnodes", "2", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode steps = Json.mapper().readTree(r.out()).get("steps");
        assertThat(steps.get("framework").asText()).isEqualTo("torchtitan");
        // 2 nodes given × the example's 8 per node; the example's tp 2 leaves dp 8, and its 128-sequence batch stays.
        assertThat(steps.get("worldSize").asInt()).isEqualTo(16);
        assertThat(steps.get("dataParallel").asInt()).isEqualTo(8);
        assertThat(steps.get("globalBatch").asLong()).isEqualTo(128);
    }

    @Test
    void estimate_attentionOption_pricesTheNamedKernelWhateverTheFramework() {
        // Compute time depends on the kernel, not on who calls it: Megatron forced to flash-attn 2 computes what
        // torchtitan (FA2 by default) does, and torchtitan given the tuned kernel what Megatron (cuDNN via TE) does.
        // Global batch 32 on the example's dp 32 is one micro-batch a rank: no gradients to accumulate, which only
        // Megatron fuses into its GEMMs.
        double megatron = computeSeconds("--framework", "megatron", "--global-batch", "32");
        double megatronFa2 = computeSeconds("--framework", "megatron", "--attention", "fa2", "--global-batch", "32");
        double torchtitan = computeSeconds("--framework", "torchtitan", "--global-batch", "32");
        double torchtitanTuned = computeSeconds("--framework", "torchtitan", "--attention", "fa3", "--global-batch", "32");
        assertThat(megatronFa2).isCloseTo(torchtitan, within(torchtitan * 1e-12));
        assertThat(torchtitanTuned).isCloseTo(megatron, within(megatron * 1e-12));
        assertThat(megatronFa2).as("on H100 the FA2 class is the slower kernel").isGreaterThan(megatron);
    }

    @Test
    void estimate_attentionOption_contradictingNoFlashAttention_oneSentenceAndExit2() {
        CliRun r = CliRun.of("estimate", "--attention", "tuned", "--no-flash-attention");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("trainplan: --no-flash-attention contradicts --attention tuned; give one of them." + System.lineSeparator());
        CliRun unknown = CliRun.of("estimate", "--attention", "fa4");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--attention 'fa4' is not one of flash, fa2, tuned, unfused, unfused-dropout.");
    }

    @Test
    void estimate_explain_namesTheSoftwarePhysicsInForce() {
        // The built-in example: 64 H100 (132 SMs), tp 2 with sequence parallelism, dp 32, global batch 128: 4 micro-batches.
        CliRun megatron = CliRun.of("estimate", "--explain");
        assertThat(megatron.exitCode()).as(megatron.err()).isZero();
        assertThat(megatron.out()).contains("GEMMs: 128 × 256 output tiles in waves over the 132 compute units")
                .contains("Tensor parallelism: Megatron runs each column-parallel input-gradient collective under the weight-gradient GEMM and"
                        + " re-gathers the sequence-parallel input")
                .contains("Gradient accumulation: Megatron adds each micro-batch's weight gradients inside the weight-gradient GEMM.");
        CliRun torchtitan = CliRun.of("estimate", "--framework", "torchtitan", "--explain");
        assertThat(torchtitan.out()).contains("Tensor parallelism: torchtitan waits for every collective.")
                .contains("Gradient accumulation: torchtitan adds each later micro-batch's weight gradients in a separate pass");
        CliRun tpu = CliRun.of("estimate", "--gpu", "tpu-v5p", "--framework", "maxtext", "--explain");
        assertThat(tpu.out()).contains("GEMMs: no wave model (the catalog gives no compute units for tpu-v5p).");
    }

    @Test
    void estimate_withoutAPublishedTdp_estimatesEverythingButTheEnergy() {
        // The catalog has no TDP for TPU v5p: the run is still estimated, its energy is not (null in JSON) until one is given.
        CliRun text = CliRun.of("estimate", "--gpu", "tpu-v5p", "--framework", "maxtext");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("energy not estimated: the catalog has no TDP for tpu-v5p (give --tdp-watts).");
        CliRun json = CliRun.of("estimate", "--gpu", "tpu-v5p", "--framework", "maxtext", "--json");
        JsonNode run = Json.mapper().readTree(json.out()).get("run");
        assertThat(run.get("energyKwh").isNull()).isTrue();
        assertThat(run.get("co2Kg").isNull()).isTrue();
        // With 450 W the devices draw at least their idle tenth of it for every device-hour.
        CliRun given = CliRun.of("estimate", "--gpu", "tpu-v5p", "--framework", "maxtext", "--tdp-watts", "450", "--json");
        JsonNode powered = Json.mapper().readTree(given.out()).get("run");
        assertThat(powered.get("energyKwh").asDouble()).isGreaterThan(powered.get("deviceHours").asDouble() * 0.045);
        CliRun bad = CliRun.of("estimate", "--gpu", "tpu-v5p", "--tdp-watts", "0");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("--tdp-watts must be a number above 0 and at most 100000, not '0'.");
    }

    private static double computeSeconds(String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "estimate";
        System.arraycopy(options, 0, args, 1, options.length);
        args[args.length - 1] = "--json";
        CliRun r = CliRun.of(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return Json.mapper().readTree(r.out()).at("/time/breakdown/computeSeconds").asDouble();
    }

    @Test
    void estimate_json_hasTheDocumentedKeys() {
        CliRun r = CliRun.of("estimate", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = Json.mapper().readTree(r.out());
        // Llama-3.1-8B: 8,030,261,248 parameters (meta-llama/Llama-3.1-8B).
        assertThat(j.at("/model/parameters").asLong()).isEqualTo(8_030_261_248L);
        assertThat(j.at("/model/activeParameters").asLong()).isEqualTo(8_030_261_248L);
        assertThat(j.at("/model/modelFlopsPerToken").asDouble()).isPositive();
        assertThat(j.at("/model/hardwareFlopsPerToken").asDouble()).isPositive();
        JsonNode time = j.get("time");
        double step = time.get("stepSeconds").asDouble();
        JsonNode b = time.get("breakdown");
        double sum = b.get("computeSeconds").asDouble() + b.get("bubbleSeconds").asDouble() + b.get("optimizerSeconds").asDouble()
                + b.get("overheadSeconds").asDouble();
        for (JsonNode comm : b.get("exposedCommunicationSeconds")) {
            sum += comm.asDouble();
        }
        assertThat(sum).as("breakdown sums to the step").isCloseTo(step, within(step * 1e-9));
        // tokens/s/device = 128 sequences × 8192 tokens / step / 64 devices
        assertThat(time.get("tokensPerSecondPerDevice").asDouble()).isCloseTo(128.0 * 8192 / step / 64, within(1e-6));
        assertThat(j.at("/memory/fits").asBoolean()).as("the built-in example fits an 80 GiB H100").isTrue();
        assertThat(j.at("/memory/peakBytesPerDevice").asLong()).isLessThanOrEqualTo(j.at("/memory/capacityBytes").asLong());
        assertThat(j.at("/memory/stages/0/items").size()).isGreaterThan(5);
        assertThat(time.get("mfu").asDouble()).isBetween(0.05, 0.8);
        assertThat(j.at("/run/trainingSeconds").asDouble()).isGreaterThan(j.at("/run/idealSeconds").asDouble());
        assertThat(j.at("/steps/totalUpdateSteps").asLong()).isEqualTo(1_000_000_000_000L / 8192 / 128);
    }

    @Test
    void estimate_gpt3PaperExample_isWithinTenPercentOf34Days() {
        // Narayanan et al. 2021 §5.1: GPT-3 175B, 300B tokens, 1024 A100, batch 1536 → about 34 days.
        CliRun withFailures = CliRun.of(GPT3_175B_PAPER);
        assertThat(withFailures.exitCode()).as(withFailures.err()).isZero();
        double days = Json.mapper().readTree(withFailures.out()).at("/run/trainingSeconds").asDouble() / 86_400;
        assertThat(days).isBetween(34 * 0.9, 34 * 1.1);
        String[] ideal = CliRun.args(GPT3_175B_PAPER, "--no-failures");
        double idealDays = Json.mapper().readTree(CliRun.of(ideal).out()).at("/run/wallSeconds").asDouble() / 86_400;
        assertThat(idealDays).isBetween(34 * 0.9, 34 * 1.1).isLessThan(days);
    }

    @Test
    void estimate_price_givesTheCostOfTheDeviceHours() {
        JsonNode run = Json.mapper().readTree(CliRun.of("estimate", "--price", "2.5", "--json").out()).get("run");
        assertThat(run.get("costUsd").asDouble()).isCloseTo(run.get("deviceHours").asDouble() * 2.5, within(1e-6));
    }

    @Test
    void estimate_badInputs_oneSentenceAndExit2() {
        String[][] cases = {
            {"estimate", "--model", "gpt3-175b", "--gpu", "a100-sxm4-80gb", "--precision", "fp8", "--tokens", "1B"},
            {"estimate", "--model", "no-such-model", "--tokens", "1B"},
            {"estimate", "--model", "llama-3.1-8b"},
            {"estimate", "--model", "llama-3.1-8b", "--tokens", "1B", "--gpu", "no-such-gpu"},
            {"estimate", "--model", "llama-3.1-8b", "--tokens", "1B", "--checkpoint", "sometimes"},
        };
        for (String[] args : cases) {
            CliRun r = CliRun.of(args);
            assertThat(r.exitCode()).as("%s: %s", String.join(" ", args), r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("trainplan: ").doesNotContain("\tat ");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void noFlashAttention_slowsTheStep_andRefusesContextParallelism() throws Exception {
        double flash = Json.mapper().readTree(CliRun.of("estimate", "--json").out()).at("/time/stepSeconds").asDouble();
        double unfused = Json.mapper().readTree(CliRun.of("estimate", "--no-flash-attention", "--json").out()).at("/time/stepSeconds").asDouble();
        assertThat(unfused).isGreaterThan(flash * 1.05);
        CliRun r = CliRun.of("estimate", "--cp", "2", "--no-flash-attention");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("trainplan: cp 2 needs a fused attention kernel").endsWith("or cp 1.").doesNotContain("\n");
    }

    @Test
    void expertTensorParallel_placesTheExpertGroup() throws Exception {
        // Mixtral on 2 nodes of 8 H100, tp 2, ep 8: Megatron's default expert tp is tp = 2, whose EP group (members 2 ranks
        // apart) spans both nodes; expert tp 1 keeps all 8 in one node, on NVLink, and the all-to-all gets cheaper.
        String[] base = {"estimate", "--model", "mixtral-8x7b", "--gpu", "h100-sxm", "--nnodes", "2", "--nproc-per-node", "8",
            "--tp", "2", "--ep", "8", "--tokens", "1B", "--seq-len", "4096", "--global-batch-size", "256", "--micro-batch-size", "1"};
        CliRun byDefault = CliRun.of(base);
        assertThat(byDefault.out()).contains("ep 8 (expert tp 2)");
        String[] oneNode = CliRun.args(base, "--etp", "1");
        assertThat(CliRun.of(oneNode).out()).contains("ep 8 (expert tp 1)");
        double spanning = Json.mapper().readTree(CliRun.of(CliRun.args(base, "--json")).out()).at("/time/breakdown/exposedCommunicationSeconds/expertParallel").asDouble();
        double inNode = Json.mapper().readTree(CliRun.of(CliRun.args(oneNode, "--json")).out()).at("/time/breakdown/exposedCommunicationSeconds/expertParallel").asDouble();
        assertThat(inNode).isPositive().isLessThan(spanning / 3);

        CliRun r = CliRun.of(CliRun.args(base, "--etp", "3"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("trainplan: world size 16 is not divisible by expert tp 3 × ep 8 × pp 1 = 24; choose an expert tp and ep "
                + "whose product divides world size / pp." + System.lineSeparator());
    }

    @Test
    void moeDispatcher_deepepSendsATokenOncePerRemoteNode() throws Exception {
        // DeepSeek-V3 on 4 nodes of 8 H100, ep 32: its 8 routed experts of a token fall on up to 4 nodes, so DeepEP's
        // cross-node bytes are 4 (1 − (3/4)^8) / 8 = 0.4499 of the all-to-all's, and its exposed EP time falls.
        String[] base = {"estimate", "--model", "deepseek-v3", "--gpu", "h100-sxm", "--nnodes", "4", "--nproc-per-node", "8",
            "--pp", "1", "--ep", "32", "--sharding", "zero3", "--recompute", "full", "--tokens", "1B", "--seq-len", "4096",
            "--global-batch-size", "256", "--micro-batch-size", "1", "--json"};
        double allToAll = Json.mapper().readTree(CliRun.of(base).out()).at("/time/breakdown/exposedCommunicationSeconds/expertParallel").asDouble();
        double deepep = Json.mapper().readTree(CliRun.of(CliRun.args(base, "--moe-dispatcher", "deepep")).out())
                .at("/time/breakdown/exposedCommunicationSeconds/expertParallel").asDouble();
        assertThat(deepep).isPositive().isLessThan(allToAll * 0.6).isGreaterThan(allToAll * 0.4499);
        String[] human = java.util.Arrays.copyOf(base, base.length - 1);
        assertThat(CliRun.of(CliRun.args(human, "--moe-dispatcher", "flex")).out()).contains("ep 32 (expert tp 1, DeepEP)");

        CliRun r = CliRun.of(CliRun.args(base, "--moe-dispatcher", "nccl"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("trainplan: --moe-dispatcher 'nccl' is not one of alltoall, deepep." + System.lineSeparator());
    }

    @Test
    void explain_namesAnUnevenPipelineSplitAndTorchtitansOnceAStepFsdp() {
        // Llama 3.1 405B's 126 layers on 8 stages: torchtitan's split points every 126 // 8 = 15 layers leave 21 on the last
        // stage; a Megatron-style split gives the first 126 % 8 = 6 stages one more.
        String[] titan = {"estimate", "--model", "llama-3.1-405b", "--framework", "torchtitan", "--nnodes", "64", "--nproc-per-node", "8",
            "--tp", "8", "--pp", "8", "--sharding", "zero3", "--recompute", "full", "--tokens", "1B", "--seq-len", "8192",
            "--global-batch-size", "256", "--micro-batch-size", "1", "--explain"};
        String out = CliRun.of(titan).out();
        assertThat(out).contains("Pipeline stages: 15, 15, 15, 15, 15, 15, 15, 21 layers (torchtitan's split)");
        assertThat(out).contains("FSDP under pipelining: torchtitan gathers each stage's parameters once per step");
        String[] megatronArgs = titan.clone();
        megatronArgs[4] = "megatron";
        megatronArgs[14] = "zero1";
        String megatron = CliRun.of(megatronArgs).out();
        assertThat(megatron).contains("Pipeline stages: 16, 16, 16, 16, 16, 16, 15, 15 layers (Megatron's split)");
        assertThat(megatron).doesNotContain("FSDP under pipelining");
    }

    @Test
    void sizesThatDoNotSplitTheModel_areRefusedInOneSentence() {
        CliRun tp = CliRun.of("estimate", "--model", "llama-3.1-8b", "--nproc-per-node", "3", "--tp", "3", "--tokens", "1B");
        assertThat(tp.exitCode()).isEqualTo(2);
        assertThat(tp.err()).isEqualTo("trainplan: tp 3 does not split llama-3.1-8b's 32 attention heads, 8 KV heads and FFN width 14336; "
                + "choose a tp among 1, 2, 4, 8." + System.lineSeparator());
        assertThat(tp.out()).isEmpty();
        CliRun dense = CliRun.of("estimate", "--ep", "8");
        assertThat(dense.exitCode()).isEqualTo(2);
        assertThat(dense.err()).isEqualTo("trainplan: ep 8 needs a mixture-of-experts model, and llama-3.1-8b is dense; set ep to 1."
                + System.lineSeparator());
        CliRun memory = CliRun.of("memory", "--model", "mixtral-8x7b", "--nnodes", "2", "--nproc-per-node", "8", "--ep", "16",
            "--samples", "1000");
        assertThat(memory.exitCode()).isEqualTo(2);
        assertThat(memory.err()).isEqualTo("trainplan: ep 16 does not split mixtral-8x7b's 8 experts; choose an ep among 1, 2, 4, 8."
                + System.lineSeparator());
    }
}
