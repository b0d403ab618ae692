package dev.trainplan.engine.hardware;

import static dev.trainplan.engine.hardware.TestAccelerators.GB_PER_SECOND;
import static dev.trainplan.engine.hardware.TestAccelerators.GIB;
import static dev.trainplan.engine.hardware.TestAccelerators.TFLOPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainplan.engine.job.Precision;
import org.junit.jupiter.api.Test;

class AcceleratorTest {
    private static final DensePeaks H100_PEAKS = TestAccelerators.h100Sxm().peaks();

    /** An accelerator that differs from a valid one only in the figures a test varies. */
    private static Accelerator accelerator(String id, DensePeaks peaks, long memoryBytes, long usableMemoryBytes, String source) {
        return new Accelerator(id, "X", "v", peaks, memoryBytes, usableMemoryBytes, 1e12, TestAccelerators.h100Sxm().scaleUp(), 8, 0, 0, 0, 0,
                Confidence.LOW, source, "");
    }

    @Test
    void peak_fp32OnAChipWithTf32_isTheTf32TensorRate() {
        assertThat(TestAccelerators.h100Sxm().peakFlopsPerSecond(Precision.FP32)).isEqualTo(494.5 * TFLOPS);
        assertThat(TestAccelerators.h100Sxm().fp32VectorPeakFlopsPerSecond()).isEqualTo(67 * TFLOPS);
    }

    @Test
    void peak_fp32OnAChipWithoutTf32_isTheVectorRate() {
        assertThat(TestAccelerators.v100().peakFlopsPerSecond(Precision.FP32)).isEqualTo(15.7 * TFLOPS);
    }

    @Test
    void peak_eachMatrixFormat_readsItsOwnColumn() {
        Accelerator b200 = TestAccelerators.b200();
        assertThat(b200.peakFlopsPerSecond(Precision.BF16)).isEqualTo(2250 * TFLOPS);
        assertThat(b200.peakFlopsPerSecond(Precision.FP16)).isEqualTo(2250 * TFLOPS);
        assertThat(b200.peakFlopsPerSecond(Precision.FP8)).isEqualTo(4500 * TFLOPS);
        assertThat(b200.peakFlopsPerSecond(Precision.NVFP4)).isEqualTo(9000 * TFLOPS);
    }

    @Test
    void mxfp8_onlyWhereTheTensorCoresScaleBlocks_runsAtTheFp8Rate() {
        assertThat(TestAccelerators.b200().peakFlopsPerSecond(Precision.MXFP8)).isEqualTo(4500 * TFLOPS);
        assertThat(TestAccelerators.h100Sxm().supports(Precision.MXFP8)).isFalse();
        assertThat(TestAccelerators.h100Sxm().supports(Precision.FP8)).isTrue();
    }

    @Test
    void supports_formatTheChipLacks_isFalse() {
        assertThat(TestAccelerators.v100().supports(Precision.BF16)).isFalse();
        assertThat(TestAccelerators.v100().supports(Precision.FP16)).isTrue();
        assertThat(TestAccelerators.h100Sxm().supports(Precision.NVFP4)).isFalse();
    }

    @Test
    void withPeakFlopsPerSecond_anyChip_overridesEveryMatrixFormatButNotTheVectorRate() {
        Accelerator a = TestAccelerators.v100().withPeakFlopsPerSecond(100 * TFLOPS);
        for (Precision p : Precision.values()) {
            assertThat(a.peakFlopsPerSecond(p)).as(p.id()).isEqualTo(100 * TFLOPS);
        }
        assertThat(a.fp32VectorPeakFlopsPerSecond()).isEqualTo(15.7 * TFLOPS);
    }

    @Test
    void withMemoryBytes_override_setsPhysicalAndUsable() {
        Accelerator a = TestAccelerators.h100Sxm().withMemoryBytes(94L << 30);
        assertThat(a.memoryBytes()).isEqualTo(94L << 30);
        assertThat(a.usableMemoryBytes()).isEqualTo(94L << 30);
    }

    @Test
    void withScaleUpBytesPerSecond_onAMesh_scalesThePerPeerFigureAlong() {
        Accelerator a = TestAccelerators.mi300x().withScaleUpBytesPerSecond(896 * GB_PER_SECOND);
        assertThat(a.scaleUp().bytesPerSecond()).isEqualTo(896 * GB_PER_SECOND);
        assertThat(a.scaleUp().peerBytesPerSecond()).isCloseTo(128 * GB_PER_SECOND, within(1.0));
    }

    @Test
    void withScaleUpBytesPerSecond_onAnUnpublishedLink_makesItASwitch() {
        ScaleUpLink unknown = new ScaleUpLink("NeuronLink-v2", 0, 0, 16).withBytesPerSecond(100 * GB_PER_SECOND);
        assertThat(unknown.peerBytesPerSecond()).isEqualTo(100 * GB_PER_SECOND);
    }

    @Test
    void withers_otherFigures_changeOnlyTheirFigure() {
        Accelerator v100 = TestAccelerators.v100();
        ScaleUpLink dgx2 = new ScaleUpLink("NVSwitch gen1", 150 * GB_PER_SECOND, 150 * GB_PER_SECOND, 16);
        Accelerator changed = v100.withScaleUp(dgx2).withHostLinkBytesPerSecond(32 * GB_PER_SECOND).withTdpWatts(350);
        assertThat(changed.scaleUp()).isEqualTo(dgx2);
        assertThat(changed.hostLinkBytesPerSecond()).isEqualTo(32 * GB_PER_SECOND);
        assertThat(changed.tdpWatts()).isEqualTo(350);
        assertThat(changed.withScaleUp(v100.scaleUp()).withHostLinkBytesPerSecond(v100.hostLinkBytesPerSecond()).withTdpWatts(v100.tdpWatts()))
                .isEqualTo(v100);
    }

    @Test
    void groupBytesPerSecond_smallGroupOnAMesh_usesOnlyItsLinks() {
        ScaleUpLink mesh = TestAccelerators.mi300x().scaleUp();
        assertThat(mesh.groupBytesPerSecond(2)).isEqualTo(64 * GB_PER_SECOND);
        assertThat(mesh.groupBytesPerSecond(8)).isEqualTo(448 * GB_PER_SECOND);
        assertThat(TestAccelerators.h100Sxm().scaleUp().groupBytesPerSecond(2)).isEqualTo(450 * GB_PER_SECOND);
    }

    @Test
    void constructor_idWithCapitals_isRejectedNamingIt() {
        assertThatThrownBy(() -> accelerator("H100 SXM", H100_PEAKS, 1024, 1024, "s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("accelerator id 'H100 SXM' must be lower-case letters and digits in dash-separated words, e.g. h100-sxm.");
    }

    @Test
    void constructor_usableAboveMemory_isRejectedWithBothFigures() {
        assertThatThrownBy(() -> accelerator("x", H100_PEAKS, 1024, 2048, "s"))
                .hasMessage("x usable memory bytes must be a whole number from 1 to 1024, not 2048.");
    }

    @Test
    void constructor_negativeHbmBandwidth_isRejectedNamingTheField() {
        Accelerator ok = TestAccelerators.h100Sxm();
        assertThatThrownBy(() -> ok.withHbmBandwidthBytesPerSecond(-1))
                .hasMessageStartingWith("h100-sxm HBM bandwidth (bytes/s) must be a number above 0")
                .hasMessageEndingWith("not -1.");
    }

    @Test
    void constructor_noPeakAtAll_isRejected() {
        DensePeaks fp8Only = new DensePeaks(0, 0, 0, 0, 1, 0);
        assertThatThrownBy(() -> accelerator("x", fp8Only, 1024, 1024, "s"))
                .hasMessage("x has no BF16, FP16 or FP32 peak; give at least one above 0.");
    }

    @Test
    void constructor_blankSource_isRejected() {
        assertThatThrownBy(() -> accelerator("x", H100_PEAKS, 1024, 1024, " "))
                .hasMessage("accelerator x has an empty source; give one.");
    }

    @Test
    void scaleUpLink_peerAboveTotal_isRejected() {
        assertThatThrownBy(() -> new ScaleUpLink("l", 100, 200, 8))
                .hasMessage("scale-up bandwidth per peer 200 bytes/s is above the all-to-all bandwidth 100 bytes/s; it must be at most that.");
    }

    @Test
    void densePeaks_nan_isRejected() {
        assertThatThrownBy(() -> new DensePeaks(0, 0, Double.NaN, 0, 0, 0)).hasMessageStartingWith("bf16 peak FLOP/s must be a number from 0");
    }

    @Test
    void memory_vendorGigabytes_areBinary() {
        assertThat(TestAccelerators.h100Sxm().memoryBytes()).isEqualTo((long) (80 * GIB));
    }
}
