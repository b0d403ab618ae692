package dev.trainplan.engine.hardware;

import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Require;
import java.util.Objects;

/**
 * One accelerator (per GPU or chip, never per board) as the catalog describes it. Memory is in bytes:
 * the vendor's "80 GB" of HBM is 80 GiB of binary-sized dies (hardware-notes §3), and
 * {@code usableMemoryBytes} is what the software can allocate where the vendor or a measurement says
 * less is exposed. Bandwidths are decimal bytes per second, one direction, per device; a 0 bandwidth,
 * power or peak means not published (or, for a peak, not supported).
 *
 * @param devicesPerNode typical accelerators per host (HGX 8, NVL72 tray 4); the job decides how many it uses
 * @param scaleOutBytesPerSecond typical inter-node NIC bandwidth per device in a common deployment
 * @param hostLinkBytesPerSecond PCIe (or NVLink-C2C to Grace) between the device and its host
 * @param computeUnits streaming multiprocessors (NVIDIA) or compute units (AMD) over which a GEMM's output tiles run
 *     in waves; 0 where not published or not how the chip works (TPU, Gaudi, Trainium), which leaves waves out
 */
public record Accelerator(String id, String name, String vendor, DensePeaks peaks, long memoryBytes, long usableMemoryBytes,
                          double hbmBandwidthBytesPerSecond, ScaleUpLink scaleUp, int devicesPerNode,
                          double scaleOutBytesPerSecond, double hostLinkBytesPerSecond, double tdpWatts, int computeUnits,
                          Confidence confidence, String source, String notes) {
    public static final long MAX_MEMORY_BYTES = 1L << 46;
    public static final double MAX_BANDWIDTH_BYTES_PER_SECOND = 1e14;
    public static final int MAX_DEVICES_PER_NODE = 1 << 10;
    public static final double MAX_WATTS = 1e5;
    public static final int MAX_COMPUTE_UNITS = 1 << 16;

    public Accelerator {
        Ids.require("accelerator", id, "h100-sxm");
        requireText("name", id, name);
        requireText("vendor", id, vendor);
        Objects.requireNonNull(peaks, "peaks");
        Require.positive(id + " memory bytes", memoryBytes, MAX_MEMORY_BYTES);
        Require.positive(id + " usable memory bytes", usableMemoryBytes, memoryBytes);
        Require.positive(id + " HBM bandwidth (bytes/s)", hbmBandwidthBytesPerSecond, MAX_BANDWIDTH_BYTES_PER_SECOND);
        Objects.requireNonNull(scaleUp, "scaleUp");
        Require.positive(id + " devices per node", devicesPerNode, MAX_DEVICES_PER_NODE);
        Require.nonNegative(id + " scale-out bandwidth (bytes/s)", scaleOutBytesPerSecond, MAX_BANDWIDTH_BYTES_PER_SECOND);
        Require.nonNegative(id + " host link bandwidth (bytes/s)", hostLinkBytesPerSecond, MAX_BANDWIDTH_BYTES_PER_SECOND);
        Require.nonNegative(id + " TDP watts", tdpWatts, MAX_WATTS);
        Require.nonNegative(id + " compute units", computeUnits, MAX_COMPUTE_UNITS);
        Objects.requireNonNull(confidence, "confidence");
        requireText("source", id, source);
        Objects.requireNonNull(notes, "notes");
        if (peaks.bf16FlopsPerSecond() == 0 && peaks.fp16FlopsPerSecond() == 0 && peaks.fp32VectorFlopsPerSecond() == 0) {
            throw new IllegalArgumentException(id + " has no BF16, FP16 or FP32 peak; give at least one above 0.");
        }
    }

    private static void requireText(String field, String id, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("accelerator " + id + " has an empty " + field + "; give one.");
        }
    }

    /** Dense matrix peak for a job computing in {@code precision}; 0 if unsupported (see {@link DensePeaks#flopsPerSecond}). */
    public double peakFlopsPerSecond(Precision precision) {
        return peaks.flopsPerSecond(precision);
    }

    public boolean supports(Precision precision) {
        return peakFlopsPerSecond(precision) > 0;
    }

    public double fp32VectorPeakFlopsPerSecond() {
        return peaks.fp32VectorFlopsPerSecond();
    }

    /** See {@link DensePeaks#withTensorFlopsPerSecond}: one rate for every matrix format. */
    public Accelerator withPeakFlopsPerSecond(double flopsPerSecond) {
        return withPeaks(peaks.withTensorFlopsPerSecond(flopsPerSecond));
    }

    public Accelerator withPeaks(DensePeaks newPeaks) {
        return new Accelerator(id, name, vendor, newPeaks, memoryBytes, usableMemoryBytes, hbmBandwidthBytesPerSecond, scaleUp,
                devicesPerNode, scaleOutBytesPerSecond, hostLinkBytesPerSecond, tdpWatts, computeUnits, confidence, source, notes);
    }

    /** Sets both the physical and the usable figure: an override states what the user's device really exposes. */
    public Accelerator withMemoryBytes(long bytes) {
        Require.positive(id + " memory bytes", bytes, MAX_MEMORY_BYTES);
        return new Accelerator(id, name, vendor, peaks, bytes, bytes, hbmBandwidthBytesPerSecond, scaleUp, devicesPerNode,
                scaleOutBytesPerSecond, hostLinkBytesPerSecond, tdpWatts, computeUnits, confidence, source, notes);
    }

    public Accelerator withHbmBandwidthBytesPerSecond(double bytesPerSecond) {
        return new Accelerator(id, name, vendor, peaks, memoryBytes, usableMemoryBytes, bytesPerSecond, scaleUp, devicesPerNode,
                scaleOutBytesPerSecond, hostLinkBytesPerSecond, tdpWatts, computeUnits, confidence, source, notes);
    }

    /** See {@link ScaleUpLink#withBytesPerSecond}: the per-peer figure scales along. */
    public Accelerator withScaleUpBytesPerSecond(double bytesPerSecond) {
        return withScaleUp(scaleUp.withBytesPerSecond(bytesPerSecond));
    }

    /** A whole other scale-up fabric, e.g. a DGX-2's 16-GPU NVSwitch domain for a V100. */
    public Accelerator withScaleUp(ScaleUpLink link) {
        return new Accelerator(id, name, vendor, peaks, memoryBytes, usableMemoryBytes, hbmBandwidthBytesPerSecond, link, devicesPerNode,
                scaleOutBytesPerSecond, hostLinkBytesPerSecond, tdpWatts, computeUnits, confidence, source, notes);
    }

    public Accelerator withHostLinkBytesPerSecond(double bytesPerSecond) {
        return new Accelerator(id, name, vendor, peaks, memoryBytes, usableMemoryBytes, hbmBandwidthBytesPerSecond, scaleUp, devicesPerNode,
                scaleOutBytesPerSecond, bytesPerSecond, tdpWatts, computeUnits, confidence, source, notes);
    }

    public Accelerator withTdpWatts(double watts) {
        return new Accelerator(id, name, vendor, peaks, memoryBytes, usableMemoryBytes, hbmBandwidthBytesPerSecond, scaleUp, devicesPerNode,
                scaleOutBytesPerSecond, hostLinkBytesPerSecond, watts, computeUnits, confidence, source, notes);
    }
}
