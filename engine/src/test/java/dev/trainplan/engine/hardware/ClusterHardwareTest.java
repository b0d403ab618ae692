package dev.trainplan.engine.hardware;

import static dev.trainplan.engine.hardware.TestAccelerators.GB_PER_SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterHardwareTest {
    @Test
    void of_accelerator_takesItsTypicalNodeAndNic() {
        ClusterHardware hw = ClusterHardware.of(TestAccelerators.gb200());
        assertThat(hw.devicesPerNode()).isEqualTo(4);
        assertThat(hw.scaleOutBytesPerSecond()).isEqualTo(50 * GB_PER_SECOND);
        assertThat(hw.scaleOutLatencySeconds()).isEqualTo(Fabric.TYPICAL_LATENCY_SECONDS);
        assertThat(hw.hasScaleOut()).isTrue();
    }

    @Test
    void of_acceleratorWithoutTypicalNic_hasNoScaleOut() {
        assertThat(ClusterHardware.of(TestAccelerators.h100Nvl()).hasScaleOut()).isFalse();
    }

    @Test
    void withFabric_namedFabric_takesItsBandwidthAndLatency() {
        Fabric efa = new Fabric("efa-v1", "AWS EFA v1", 6.25 * GB_PER_SECOND, 20e-6, "hardware-notes §4");
        ClusterHardware hw = ClusterHardware.of(TestAccelerators.h100Sxm()).withFabric(efa);
        assertThat(hw.scaleOutBytesPerSecond()).isEqualTo(6.25 * GB_PER_SECOND);
        assertThat(hw.scaleOutLatencySeconds()).isEqualTo(20e-6);
        assertThat(hw.accelerator().id()).isEqualTo("h100-sxm");
    }

    @Test
    void withers_chained_changeOnlyTheirFigure() {
        ClusterHardware hw = ClusterHardware.of(TestAccelerators.h100Sxm()).withDevicesPerNode(4).withScaleOutBytesPerSecond(1e9)
                .withScaleOutLatencySeconds(1e-6).withAccelerator(TestAccelerators.b200());
        assertThat(hw).isEqualTo(new ClusterHardware(TestAccelerators.b200(), 4, 1e9, 1e-6));
    }

    @Test
    void constructor_zeroDevicesPerNode_isRejected() {
        assertThatThrownBy(() -> ClusterHardware.of(TestAccelerators.h100Sxm()).withDevicesPerNode(0))
                .hasMessage("devices per node must be a whole number from 1 to 1024, not 0.");
    }

    @Test
    void fabric_badId_isRejected() {
        assertThatThrownBy(() -> new Fabric("IB NDR", "x", 1e9, 0, "s"))
                .hasMessage("fabric id 'IB NDR' must be lower-case letters and digits in dash-separated words, e.g. ib-ndr.");
    }

    @Test
    void fabric_zeroBandwidth_isRejected() {
        assertThatThrownBy(() -> new Fabric("x", "x", 0, 0, "s")).hasMessageStartingWith("fabric x bandwidth (bytes/s) must be a number above 0");
    }
}
