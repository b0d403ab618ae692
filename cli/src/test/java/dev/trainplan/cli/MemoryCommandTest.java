package dev.trainplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MemoryCommandTest {
    private static final String[] LLAMA_70B_TP1 = {"memory", "--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--nproc-per-node", "8",
        "--samples", "1M", "--seq-len", "4096", "--per-device-train-batch-size", "1", "--framework", "megatron", "--sharding", "zero1"};

    @Test
    void memory_builtInExample_itemisesAndFits() {
        CliRun r = CliRun.of("memory");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("weights (16-bit)", "gradients", "optimizer states", "activations", "Fits: peak");
    }

    @Test
    void memory_tooBigForTheDevice_saysByHowMuchAndWhatWouldFit() {
        // 70.6B parameters at 6 + 12/8 bytes each on one H100 (Megatron distributed optimizer) is ~490 GiB: it cannot fit.
        CliRun r = CliRun.of(LLAMA_70B_TP1);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Does NOT fit", "over");
    }

    @Test
    void memory_json_hasStagesItemsPeakCapacityAndFits() {
        CliRun r = CliRun.of("memory", "--json", "--max-micro-batch");
        JsonNode j = Json.mapper().readTree(r.out());
        long itemSum = 0;
        for (JsonNode item : j.at("/stages/0/items")) {
            itemSum += item.get("bytes").asLong();
        }
        assertThat(j.at("/stages/0/peakBytes").asLong()).isLessThanOrEqualTo(itemSum);
        assertThat(j.get("peakBytesPerDevice").asLong()).isPositive();
        assertThat(j.get("capacityBytes").asLong()).isEqualTo(80L << 30);
        assertThat(j.get("fits").asBoolean()).isTrue();
        assertThat(j.get("maxMicroBatch").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void memory_qloraWithoutRank_isOneSentence() {
        CliRun r = CliRun.of("memory", "--model", "llama-3.1-8b", "--samples", "1000", "--qlora");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("trainplan: --qlora needs --lora-rank, the rank of the adapters (e.g. 16).\n");
    }
}
