package dev.trainplan.cli;

import dev.trainplan.engine.hardware.Accelerator;
import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.hardware.DensePeaks;
import dev.trainplan.formats.Decimals;
import dev.trainplan.formats.HardwareCatalog;
import picocli.CommandLine.Option;

import static dev.trainplan.cli.Units.GIB;
import static dev.trainplan.cli.Units.GIGA;
import static dev.trainplan.cli.Units.GIGABIT_BYTES;
import static dev.trainplan.cli.Units.TERA;

/**
 * The hardware options shared by the commands that model a run ({@code estimate}, {@code plan}): which
 * accelerator, which network, and overrides for any catalog figure the user knows better. Use it as a
 * picocli {@code @Mixin} and call {@link #clusterHardware()}. How many processes run on a node is the
 * job's option, not this one's.
 */
public final class HardwareOptions {
    @Option(names = "--gpu", paramLabel = "ID", defaultValue = "h100-sxm",
            description = "Accelerator id or name, see 'trainplan gpus' (default: ${DEFAULT-VALUE}).")
    String gpu;

    @Option(names = "--fabric", paramLabel = "NAME",
            description = "Scale-out network, e.g. ib-ndr, roce-400, efa-v2; see 'trainplan gpus --fabrics' (default: the accelerator's typical NIC).")
    String fabric;

    @Option(names = "--scaleout-gbps", paramLabel = "N",
            description = "Inter-node bandwidth per GPU in Gb/s, one direction (e.g. 400 for one NDR port per GPU); instead of --fabric.")
    String scaleOutGbps;

    @Option(names = "--peak-tflops", paramLabel = "N", description = "Dense peak TFLOP/s in the job's precision, replacing the catalog's.")
    String peakTflops;

    @Option(names = "--hbm-gib", paramLabel = "N", description = "Device memory in GiB that the job may use, replacing the catalog's.")
    String hbmGib;

    @Option(names = "--hbm-tbps", paramLabel = "N", description = "Device memory bandwidth in TB/s, replacing the catalog's.")
    String hbmTbps;

    @Option(names = "--scaleup-gbps", paramLabel = "N",
            description = "Scale-up (NVLink, xGMI, ICI) bandwidth per GPU in GB/s, one direction, replacing the catalog's.")
    String scaleUpGbps;

    @Option(names = "--tdp-watts", paramLabel = "W", description = "Device TDP in watts for the energy estimate, replacing the catalog's"
            + " (which some TPUs and Trainium lack).")
    String tdpWatts;

    /** The hardware these options describe, from the built-in catalog. */
    public ClusterHardware clusterHardware() {
        return clusterHardware(HardwareCatalog.builtIn());
    }

    ClusterHardware clusterHardware(HardwareCatalog catalog) {
        if (fabric != null && scaleOutGbps != null) {
            throw new UserInputException("--fabric " + fabric + " and --scaleout-gbps " + scaleOutGbps + " both set the network; give only one.");
        }
        Accelerator accelerator = catalog.accelerator("--gpu", gpu);
        if (peakTflops != null) {
            accelerator = accelerator.withPeakFlopsPerSecond(number("--peak-tflops", peakTflops, DensePeaks.MAX_FLOPS_PER_SECOND / TERA) * TERA);
        }
        if (hbmGib != null) {
            accelerator = accelerator.withMemoryBytes(Math.round(number("--hbm-gib", hbmGib, Accelerator.MAX_MEMORY_BYTES / GIB) * GIB));
        }
        if (hbmTbps != null) {
            accelerator = accelerator.withHbmBandwidthBytesPerSecond(number("--hbm-tbps", hbmTbps, Accelerator.MAX_BANDWIDTH_BYTES_PER_SECOND / TERA) * TERA);
        }
        if (scaleUpGbps != null) {
            accelerator = accelerator.withScaleUpBytesPerSecond(number("--scaleup-gbps", scaleUpGbps, Accelerator.MAX_BANDWIDTH_BYTES_PER_SECOND / GIGA) * GIGA);
        }
        if (tdpWatts != null) {
            accelerator = accelerator.withTdpWatts(number("--tdp-watts", tdpWatts, Accelerator.MAX_WATTS));
        }
        ClusterHardware hardware = ClusterHardware.of(accelerator);
        if (fabric != null) {
            hardware = hardware.withFabric(catalog.fabric("--fabric", fabric));
        }
        if (scaleOutGbps != null) {
            double max = Accelerator.MAX_BANDWIDTH_BYTES_PER_SECOND / GIGABIT_BYTES;
            hardware = hardware.withScaleOutBytesPerSecond(number("--scaleout-gbps", scaleOutGbps, max) * GIGABIT_BYTES);
        }
        return hardware;
    }

    private static double number(String option, String text, double max) {
        double value = Decimals.parse(text);
        if (!(value > 0) || value > max) {
            throw new UserInputException(option + " must be a number above 0 and at most " + Units.plain(max) + ", not '" + text + "'.");
        }
        return value;
    }
}
