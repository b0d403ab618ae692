package dev.trainplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.hardware.Fabric;
import dev.trainplan.engine.job.Precision;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class HardwareOptionsTest {
    /** A command such as {@code estimate} will be: the mixin, read when the command runs. */
    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Mixin
        HardwareOptions hardware;
        ClusterHardware result;

        @Override
        public Integer call() {
            result = hardware.clusterHardware();
            return 0;
        }
    }

    private static ClusterHardware hardware(String... args) {
        Probe probe = new Probe();
        String[] all = new String[args.length + 1];
        all[0] = "probe";
        System.arraycopy(args, 0, all, 1, args.length);
        CliRun run = CliRun.with("probe", probe, all);
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        return probe.result;
    }

    private static CliRun fails(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "probe";
        System.arraycopy(args, 0, all, 1, args.length);
        CliRun run = CliRun.with("probe", new Probe(), all);
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err().lines()).hasSize(1);
        return run;
    }

    @Test
    void clusterHardware_noOptions_isAnH100SxmInItsTypicalNode() {
        ClusterHardware hw = hardware();
        assertThat(hw.accelerator().id()).isEqualTo("h100-sxm");
        assertThat(hw.devicesPerNode()).isEqualTo(8);
        assertThat(hw.scaleOutBytesPerSecond()).isEqualTo(50e9);
        assertThat(hw.scaleOutLatencySeconds()).isEqualTo(Fabric.TYPICAL_LATENCY_SECONDS);
    }

    @Test
    void clusterHardware_gpuAndFabric_takeTheCatalogFigures() {
        ClusterHardware hw = hardware("--gpu", "MI300X", "--fabric", "ib-hdr");
        assertThat(hw.accelerator().id()).isEqualTo("mi300x");
        assertThat(hw.scaleOutBytesPerSecond()).isEqualTo(25e9);
    }

    @Test
    void clusterHardware_scaleOutGbps_isGigabitsPerSecondPerGpu() {
        assertThat(hardware("--gpu", "l40s", "--scaleout-gbps", "100").scaleOutBytesPerSecond()).isEqualTo(12.5e9);
    }

    @Test
    void clusterHardware_overrides_replaceTheCatalogFigures() {
        ClusterHardware hw = hardware("--gpu", "a100-sxm4-80gb", "--peak-tflops", "250", "--hbm-gib", "70", "--hbm-tbps", "1.5",
                "--scaleup-gbps", "200");
        assertThat(hw.accelerator().peakFlopsPerSecond(Precision.BF16)).isEqualTo(250e12);
        assertThat(hw.accelerator().usableMemoryBytes()).isEqualTo(70L << 30);
        assertThat(hw.accelerator().hbmBandwidthBytesPerSecond()).isEqualTo(1.5e12);
        assertThat(hw.accelerator().scaleUp().bytesPerSecond()).isEqualTo(200e9);
    }

    @Test
    void clusterHardware_fabricAndScaleOutGbps_areRejectedTogether() {
        assertThat(fails("--fabric", "ib-ndr", "--scaleout-gbps", "400").err())
                .isEqualTo("trainplan: --fabric ib-ndr and --scaleout-gbps 400 both set the network; give only one.\n");
    }

    @Test
    void clusterHardware_badNumbers_nameTheOptionTheValueAndTheRange() {
        assertThat(fails("--peak-tflops", "-3").err()).isEqualTo("trainplan: --peak-tflops must be a number above 0 and at most 100000, not '-3'.\n");
        assertThat(fails("--hbm-gib", "lots").err()).isEqualTo("trainplan: --hbm-gib must be a number above 0 and at most 65536, not 'lots'.\n");
        assertThat(fails("--hbm-tbps", "NaN").err()).isEqualTo("trainplan: --hbm-tbps must be a number above 0 and at most 100, not 'NaN'.\n");
        assertThat(fails("--scaleup-gbps", "0").err()).isEqualTo("trainplan: --scaleup-gbps must be a number above 0 and at most 100000, not '0'.\n");
        assertThat(fails("--scaleout-gbps", "1e9").err())
                .isEqualTo("trainplan: --scaleout-gbps must be a number above 0 and at most 800000, not '1e9'.\n");
    }

    @Test
    void clusterHardware_unknownNames_listWhatIsValid() {
        assertThat(fails("--gpu", "h1000").err()).startsWith("trainplan: --gpu 'h1000' is not in the catalog; valid ids are v100-sxm2-32gb,");
        assertThat(fails("--fabric", "myrinet").err()).startsWith("trainplan: --fabric 'myrinet' is not in the catalog; valid ids are ib-edr,");
    }
}
