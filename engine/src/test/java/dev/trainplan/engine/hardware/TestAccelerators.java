package dev.trainplan.engine.hardware;

/** Accelerators with the figures of reference/hardware.csv, built by hand so engine tests need no catalog. */
public final class TestAccelerators {
    public static final double GIB = 1L << 30;
    public static final double TFLOPS = 1e12;
    public static final double GB_PER_SECOND = 1e9;

    private TestAccelerators() {
    }

    /** H100 SXM: 989 BF16, 1979 FP8, 80 GiB, 3.35 TB/s, NVLink 4 450 GB/s on 8, 400 Gb/s NIC, PCIe 5 63 GB/s. */
    public static Accelerator h100Sxm() {
        return accelerator("h100-sxm", new DensePeaks(67 * TFLOPS, 494.5 * TFLOPS, 989 * TFLOPS, 989 * TFLOPS, 1979 * TFLOPS, 0),
                80, 3.35, new ScaleUpLink("NVLink 4", 450 * GB_PER_SECOND, 450 * GB_PER_SECOND, 8), 8, 50, 63);
    }

    /** B200: 2250 BF16, 4500 FP8, 9000 FP4, NVLink 5 900 GB/s on 8, 400 Gb/s NIC. */
    public static Accelerator b200() {
        return accelerator("b200", new DensePeaks(80 * TFLOPS, 1125 * TFLOPS, 2250 * TFLOPS, 2250 * TFLOPS, 4500 * TFLOPS, 9000 * TFLOPS),
                180, 8.0, new ScaleUpLink("NVLink 5", 900 * GB_PER_SECOND, 900 * GB_PER_SECOND, 8), 8, 50, 63);
    }

    /** GB200: NVLink 5 900 GB/s on a 72-GPU domain of 4-GPU trays. */
    public static Accelerator gb200() {
        return accelerator("gb200", new DensePeaks(80 * TFLOPS, 1250 * TFLOPS, 2500 * TFLOPS, 2500 * TFLOPS, 5000 * TFLOPS, 10000 * TFLOPS),
                186, 8.0, new ScaleUpLink("NVLink 5", 900 * GB_PER_SECOND, 900 * GB_PER_SECOND, 72), 4, 50, 450);
    }

    /** MI300X: Infinity Fabric full mesh, 448 GB/s to 7 peers, 64 GB/s per peer. */
    public static Accelerator mi300x() {
        return accelerator("mi300x", new DensePeaks(81.7 * TFLOPS, 653.7 * TFLOPS, 1307.4 * TFLOPS, 1307.4 * TFLOPS, 2614.9 * TFLOPS, 0),
                192, 5.3, new ScaleUpLink("Infinity Fabric", 448 * GB_PER_SECOND, 64 * GB_PER_SECOND, 8), 8, 50, 63);
    }

    /** H100 NVL: NVLink bridge 300 GB/s within a pair, PCIe 5 63 GB/s between pairs, 8 per node. */
    public static Accelerator h100Nvl() {
        return accelerator("h100-nvl", new DensePeaks(60 * TFLOPS, 417.5 * TFLOPS, 835.5 * TFLOPS, 835.5 * TFLOPS, 1670.5 * TFLOPS, 0),
                94, 3.9, new ScaleUpLink("NVLink bridge", 300 * GB_PER_SECOND, 300 * GB_PER_SECOND, 2), 8, 0, 63);
    }

    /** V100 SXM2: no TF32, BF16 or FP8; FP16 125, FP32 vector 15.7. */
    public static Accelerator v100() {
        return accelerator("v100-sxm2-32gb", new DensePeaks(15.7 * TFLOPS, 0, 0, 125 * TFLOPS, 0, 0),
                32, 0.9, new ScaleUpLink("NVLink 2", 150 * GB_PER_SECOND, 150 * GB_PER_SECOND, 8), 8, 6.25, 16);
    }

    private static Accelerator accelerator(String id, DensePeaks peaks, int memoryGib, double hbmTbps, ScaleUpLink link, int perNode,
                                           double nicGBps, double hostGBps) {
        long memory = (long) memoryGib << 30;
        return new Accelerator(id, id.toUpperCase(), "test vendor", peaks, memory, memory, hbmTbps * 1e12, link, perNode,
                nicGBps * GB_PER_SECOND, hostGBps * GB_PER_SECOND, 700, 0, Confidence.HIGH, "reference/hardware.csv", "");
    }
}
