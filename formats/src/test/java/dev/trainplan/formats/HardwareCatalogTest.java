package dev.trainplan.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainplan.engine.hardware.Accelerator;
import dev.trainplan.engine.hardware.Confidence;
import dev.trainplan.engine.hardware.Fabric;
import dev.trainplan.engine.job.Precision;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class HardwareCatalogTest {
    private static final double TFLOPS = 1e12;
    private static final double GB = 1e9;
    private static final long GIB = 1L << 30;
    private final HardwareCatalog catalog = HardwareCatalog.builtIn();

    @Test
    void builtIn_accelerators_areEveryRowOfHardwareCsvPlusGb300() {
        assertThat(catalog.accelerators()).hasSize(32);
    }

    @Test
    void builtIn_validationIds_areAllPresent() {
        List<String> validationIds = List.of("v100-sxm2-32gb", "a100-sxm4-40gb", "a100-sxm4-80gb", "h100-sxm", "h100-pcie", "h200-sxm", "b200",
                "gb200", "b300", "gb300", "mi300x", "tpu-v4", "tpu-v5e", "tpu-v5p", "tpu-v6e");
        assertThat(catalog.accelerators()).extracting(Accelerator::id).containsAll(validationIds);
    }

    @Test
    void h100Sxm_everyFigure_matchesHardwareCsv() {
        Accelerator h100 = catalog.accelerator("h100-sxm");
        assertThat(h100.peakFlopsPerSecond(Precision.BF16)).isEqualTo(989 * TFLOPS);
        assertThat(h100.peakFlopsPerSecond(Precision.FP8)).isEqualTo(1979 * TFLOPS);
        assertThat(h100.peakFlopsPerSecond(Precision.FP32)).isEqualTo(494.5 * TFLOPS);
        assertThat(h100.memoryBytes()).isEqualTo(80 * GIB);
        assertThat(h100.hbmBandwidthBytesPerSecond()).isEqualTo(3.35 * 1e12, within(1.0));
        assertThat(h100.scaleUp().bytesPerSecond()).isEqualTo(450 * GB);
        assertThat(h100.scaleUp().domainSize()).isEqualTo(8);
        assertThat(h100.scaleOutBytesPerSecond()).isEqualTo(50 * GB);
        assertThat(h100.hostLinkBytesPerSecond()).isEqualTo(63 * GB);
        assertThat(h100.tdpWatts()).isEqualTo(700);
        assertThat(h100.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(h100.source()).startsWith("NVIDIA H100 product page");
    }

    @Test
    void a100Sxm80_hbmBandwidthAndUsableMemory_matchHardwareNotes() {
        Accelerator a100 = catalog.accelerator("a100-sxm4-80gb");
        assertThat(a100.hbmBandwidthBytesPerSecond()).isEqualTo(2.039e12, within(1.0));
        assertThat(a100.memoryBytes()).isEqualTo(80 * GIB);
        assertThat(a100.usableMemoryBytes()).isEqualTo(Math.round(79.15 * GIB));
        assertThat(a100.supports(Precision.FP8)).isFalse();
    }

    @Test
    void mi300x_pointToPointFabric_keepsItsPerPeerFigure() {
        Accelerator mi300x = catalog.accelerator("mi300x");
        assertThat(mi300x.scaleUp().bytesPerSecond()).isEqualTo(448 * GB);
        assertThat(mi300x.scaleUp().peerBytesPerSecond()).isEqualTo(64 * GB);
        assertThat(mi300x.memoryBytes()).isEqualTo(192 * GIB);
    }

    @Test
    void gb200_figures_arePerGpuInA72GpuDomainOfFourGpuTrays() {
        Accelerator gb200 = catalog.accelerator("gb200");
        assertThat(gb200.peakFlopsPerSecond(Precision.BF16)).isEqualTo(2500 * TFLOPS);
        assertThat(gb200.peakFlopsPerSecond(Precision.NVFP4)).isEqualTo(10000 * TFLOPS);
        assertThat(gb200.scaleUp().domainSize()).isEqualTo(72);
        assertThat(gb200.devicesPerNode()).isEqualTo(4);
    }

    @Test
    void tpuV5e_figures_haveNoFp16AndTheDcnShare() {
        Accelerator v5e = catalog.accelerator("tpu-v5e");
        assertThat(v5e.peakFlopsPerSecond(Precision.BF16)).isEqualTo(197 * TFLOPS);
        assertThat(v5e.supports(Precision.FP16)).isFalse();
        assertThat(v5e.scaleOutBytesPerSecond()).isEqualTo(25e9 / 8);
        assertThat(v5e.tdpWatts()).isZero();
    }

    @Test
    void v100_withoutPerPeerFigure_isTreatedAsSwitched() {
        Accelerator v100 = catalog.accelerator("v100-sxm2-32gb");
        assertThat(v100.scaleUp().peerBytesPerSecond()).isEqualTo(150 * GB);
        assertThat(v100.peakFlopsPerSecond(Precision.FP16)).isEqualTo(125 * TFLOPS);
        assertThat(v100.supports(Precision.BF16)).isFalse();
    }

    @Test
    void gb300_addedRow_saysItIsLowConfidence() {
        Accelerator gb300 = catalog.accelerator("gb300");
        assertThat(gb300.confidence()).isEqualTo(Confidence.LOW);
        assertThat(gb300.memoryBytes()).isEqualTo(288 * GIB);
        assertThat(gb300.source()).contains("Not a row of reference/hardware.csv");
    }

    @Test
    void accelerator_byDisplayNameInAnyCase_isFound() {
        assertThat(catalog.accelerator("B200 (HGX/DGX)").id()).isEqualTo("b200");
        assertThat(catalog.accelerator("H100-SXM").id()).isEqualTo("h100-sxm");
        assertThat(catalog.accelerator(" tpu v5p ").id()).isEqualTo("tpu-v5p");
    }

    @Test
    void accelerator_unknown_isOneSentenceListingTheIds() {
        assertThatThrownBy(() -> catalog.accelerator("h1000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("accelerator 'h1000' is not in the catalog; valid ids are v100-sxm2-32gb, a100-sxm4-40gb,")
                .hasMessageContaining("gb300")
                .hasMessageEndingWith("trn2.");
    }

    @Test
    void fabrics_namedInTheBrief_carryTheirPerDeviceRates() {
        assertThat(catalog.fabric("ib-hdr").bandwidthBytesPerSecond()).isEqualTo(25 * GB);
        assertThat(catalog.fabric("ib-ndr").bandwidthBytesPerSecond()).isEqualTo(50 * GB);
        assertThat(catalog.fabric("ib-xdr").bandwidthBytesPerSecond()).isEqualTo(100 * GB);
        assertThat(catalog.fabric("roce-400").bandwidthBytesPerSecond()).isEqualTo(50 * GB);
        assertThat(catalog.fabric("efa-v1").bandwidthBytesPerSecond()).isEqualTo(400e9 / 8 / 8);
        assertThat(catalog.fabric("efa-v2").bandwidthBytesPerSecond()).isEqualTo(3200e9 / 8 / 8);
        assertThat(catalog.fabric("ethernet-100").bandwidthBytesPerSecond()).isEqualTo(12.5 * GB);
        assertThat(catalog.fabric("ib-ndr").latencySeconds()).isEqualTo(Fabric.TYPICAL_LATENCY_SECONDS, within(1e-15));
        assertThat(catalog.fabrics()).allSatisfy(f -> assertThat(f.source()).isNotBlank());
    }

    @Test
    void fabric_unknown_listsTheIds() {
        assertThatThrownBy(() -> catalog.fabric("myrinet")).hasMessageStartingWith("fabric 'myrinet' is not in the catalog; valid ids are ib-edr, ib-hdr,");
    }

    @Test
    void read_badCell_namesFileLineAndColumn() {
        String header = String.join(",", "id", "accelerator", "vendor", "form_factor", "fp32_tflops_vector", "tf32_tflops_dense", "bf16_tflops_dense",
                "fp16_tflops_dense", "fp8_tflops_dense", "fp4_tflops_dense", "memory_capacity", "memory_unit_as_published", "usable_memory_gib",
                "memory_type", "mem_bw_TBps", "scale_up_link", "scale_up_GBps_unidir", "scale_up_GBps_bidir", "scale_up_GBps_unidir_per_peer",
                "scale_up_domain_accels", "typical_accels_per_node", "scaleout_Gbps_per_accel_typical", "host_pcie_GBps_unidir", "tdp_w",
                "compute_units", "confidence", "source", "notes");
        String good = "x,X,V,f,1,,2,,,,16,GB,,HBM,1,PCIe,32,64,,1,8,,32,,,high,src,";
        String fabrics = "id,name,gbps_per_device,latency_us,source\n";
        assertThatThrownBy(() -> HardwareCatalog.read(new StringReader(header + "\n" + good.replace("high", "sure") + "\n"), "a.csv",
                new StringReader(fabrics), "f.csv"))
                .hasMessage("a.csv line 2: confidence 'sure' is not one of high, medium, low.");
        assertThatThrownBy(() -> HardwareCatalog.read(new StringReader(header + "\n" + good.replace(",16,", ",lots,") + "\n"), "a.csv",
                new StringReader(fabrics), "f.csv"))
                .hasMessage("a.csv line 2, column memory_capacity, is 'lots', not a number.");
        assertThatThrownBy(() -> HardwareCatalog.read(new StringReader(header + "\n" + good + "\n" + good + "\n"), "a.csv",
                new StringReader(fabrics), "f.csv"))
                .hasMessage("a.csv lists the id x twice; ids must be unique.");
    }
}
