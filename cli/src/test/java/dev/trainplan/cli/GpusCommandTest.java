package dev.trainplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GpusCommandTest {
    @Test
    void gpus_noArguments_listsTheCatalogAsATable() {
        CliRun run = CliRun.of("gpus");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("id").contains("name", "BF16 TFLOP/s", "FP8 TFLOP/s", "memory GiB", "HBM TB/s", "scale-up GB/s",
                "domain", "NIC Gb/s", "TDP W", "confidence");
        assertThat(lines).filteredOn(l -> l.startsWith("h100-sxm "))
                .singleElement().asString().containsPattern("H100 SXM +989 +1979 +80 +3\\.35 +450 +8 +400 +700 +high");
        assertThat(lines).filteredOn(l -> l.startsWith("gb200 "))
                .singleElement().asString().containsPattern("2500 +5000 +186 +8 +900 +72 +400 +1200 +medium");
        assertThat(lines).filteredOn(l -> l.matches("[a-z0-9-]+ {2,}.* (high|medium|low)")).hasSize(32);
    }

    @Test
    void gpus_json_isAnArrayOfObjectsInBaseUnits() {
        CliRun run = CliRun.of("gpus", "--json");
        assertThat(run.exitCode()).isZero();
        JsonNode array = Json.mapper().readTree(run.out());
        assertThat(array.isArray()).isTrue();
        assertThat(array.size()).isEqualTo(32);
        JsonNode h100 = find(array, "h100-sxm");
        List<String> keys = new ArrayList<>(h100.propertyNames());
        assertThat(keys).containsExactly("id", "name", "vendor", "peakFlopsPerSecond", "fp32VectorPeakFlopsPerSecond", "memoryBytes",
                "usableMemoryBytes", "hbmBandwidthBytesPerSecond", "scaleUpLink", "scaleUpBytesPerSecond", "scaleUpPeerBytesPerSecond",
                "scaleUpDomainSize", "devicesPerNode", "scaleOutBytesPerSecond", "hostLinkBytesPerSecond", "tdpWatts", "computeUnits", "confidence",
                "source", "notes");
        assertThat(h100.get("peakFlopsPerSecond").get("bf16").asDouble()).isEqualTo(989e12);
        assertThat(h100.get("peakFlopsPerSecond").get("mxfp8").isNull()).isTrue();
        assertThat(h100.get("memoryBytes").asLong()).isEqualTo(80L << 30);
        assertThat(find(array, "a100-sxm4-80gb").get("hbmBandwidthBytesPerSecond").asDouble()).isCloseTo(2.039e12, within(1.0));
        assertThat(find(array, "tpu-v5e").get("tdpWatts").isNull()).isTrue();
        // 132 SMs (formulas.md §9.2); a TPU has no SMs for output tiles to fill.
        assertThat(h100.get("computeUnits").asInt()).isEqualTo(132);
        assertThat(find(array, "tpu-v5e").get("computeUnits").isNull()).isTrue();
    }

    @Test
    void gpus_oneId_showsItsFiguresAndSource() {
        CliRun run = CliRun.of("gpus", "a100-sxm4-80gb");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("A100 SXM 80GB (a100-sxm4-80gb), NVIDIA")
                .contains("bf16 312")
                .contains("80 GiB, 79.15 GiB usable, 2.039 TB/s")
                .contains("300 GB/s per device, 300 GB/s per peer, 8 devices per domain")
                .containsPattern("source +NVIDIA A100 product page");
    }

    @Test
    void gpus_displayNameInAnyCase_findsTheAccelerator() {
        CliRun run = CliRun.of("gpus", "tpu V5P", "--json");
        assertThat(run.exitCode()).isZero();
        assertThat(Json.mapper().readTree(run.out()).get("id").asString()).isEqualTo("tpu-v5p");
    }

    @Test
    void gpus_unknownId_exitsTwoWithOneSentenceListingTheIds() {
        CliRun run = CliRun.of("gpus", "h1000");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("trainplan: gpu 'h1000' is not in the catalog; valid ids are v100-sxm2-32gb,").endsWith("trn2.");
    }

    @Test
    void gpus_fabrics_listsThemWithSources() {
        CliRun run = CliRun.of("gpus", "--fabrics");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("ib-ndr +InfiniBand NDR +400 +9\\.6").contains("efa-v2: hardware-notes section 4");
    }

    @Test
    void gpus_fabricsJson_hasTheFabricKeys() {
        JsonNode array = Json.mapper().readTree(CliRun.of("gpus", "--fabrics", "--json").out());
        JsonNode efa = find(array, "efa-v1");
        assertThat(new ArrayList<>(efa.propertyNames())).containsExactly("id", "name", "bandwidthBytesPerSecond", "latencySeconds", "source");
        assertThat(efa.get("bandwidthBytesPerSecond").asDouble()).isEqualTo(6.25e9);
    }

    @Test
    void gpus_fabricsWithAnId_exitsTwoWithOneSentence() {
        CliRun run = CliRun.of("gpus", "--fabrics", "h100-sxm");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err().lines()).singleElement().asString()
                .isEqualTo("trainplan: --fabrics lists every fabric and takes no ID, but got 'h100-sxm'; drop one of them.");
    }

    private static JsonNode find(JsonNode array, String id) {
        for (JsonNode node : array) {
            if (node.get("id").asString().equals(id)) {
                return node;
            }
        }
        throw new AssertionError(id + " not in the output");
    }
}
