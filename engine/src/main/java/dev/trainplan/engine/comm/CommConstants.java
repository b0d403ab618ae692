package dev.trainplan.engine.comm;

import dev.trainplan.engine.job.Require;
import java.util.Objects;

/**
 * The physical priors of the collective model, in one place so calibration can scale them. Sources
 * are in reference/formulas.md (§6.2, §6.3, §9.3) and reference/hardware-notes.md (§4, §5).
 *
 * @param scaleUp efficiency of the scale-up fabric (NVLink, Infinity Fabric, ICI)
 * @param hostLink efficiency of PCIe between devices of one node that share no scale-up link
 * @param scaleOut efficiency of the per-device NIC share
 * @param launchLatencySeconds fixed cost of one collective call
 * @param scaleUpStepLatencySeconds latency of one ring step inside a node (the network's comes from the cluster's fabric)
 * @param levelOverlap 1 when the levels of a hierarchical collective run as one pipeline (the slowest
 *        level sets the pace), 0 when they run one after the other as formulas.md §6.3 writes them
 */
public record CommConstants(LinkEfficiency scaleUp, LinkEfficiency hostLink, LinkEfficiency scaleOut,
                            double launchLatencySeconds, double scaleUpStepLatencySeconds, double levelOverlap) {
    private static final double MIB = 1 << 20;

    /**
     * <ul>
     * <li>Scale-up peak 0.80: large all-reduce busbw is 78–82 % of one-direction NVLink (234.9 of 300 GB/s
     * on 8×A100, 367.6 of 450 ring on 8×H200, 741 of 900 at 4 GiB on 8×B200). Half saturation at 8 MiB
     * per rank: least-squares fit (log busbw) to the nccl-tests all-reduce curves of 8×A100 (1 MiB–16 GiB)
     * and 1×P6-B200 (1 MiB–4 GiB), hardware-notes §5; rms error 15 %.</li>
     * <li>Host link peak 0.88: PCIe Gen5 host-to-device measured 55.4 of 63 GB/s on 8×H200; no curve was
     * published, so the scale-up half saturation is assumed.</li>
     * <li>Scale-out peak 0.74: per-GPU NIC share at ≥ 1 GiB on 4×P6-B200 (EFA v4, 8×400G per node). Half
     * saturation at 12 MiB per rank: fit to that run's curve (16 MiB–16 GiB), rms error 8 %.</li>
     * <li>Launch 8.4 µs and 3.4 µs per NVLink ring step: NCCL's Ring/Simple latencies in its older
     * {@code tuning.cc} (formulas.md §6.2); the references give no PCIe figure, so PCIe steps use it too.</li>
     * <li>Overlap 1: NCCL moves chunks through NVLink and NIC at once. Summing the levels instead predicts
     * 251 GB/s busbw for 4×P6-B200 at 16 GiB, against 382 measured.</li>
     * </ul>
     */
    public static final CommConstants PRIORS = new CommConstants(new LinkEfficiency(0.80, 8 * MIB), new LinkEfficiency(0.88, 8 * MIB),
            new LinkEfficiency(0.74, 12 * MIB), 8.4e-6, 3.4e-6, 1);

    public CommConstants {
        Objects.requireNonNull(scaleUp, "scaleUp");
        Objects.requireNonNull(hostLink, "hostLink");
        Objects.requireNonNull(scaleOut, "scaleOut");
        Require.nonNegative("launch latency (s)", launchLatencySeconds, 1);
        Require.nonNegative("scale-up step latency (s)", scaleUpStepLatencySeconds, 1);
        Require.nonNegative("level overlap", levelOverlap, 1);
    }

    public CommConstants withScaleUp(LinkEfficiency efficiency) {
        return new CommConstants(efficiency, hostLink, scaleOut, launchLatencySeconds, scaleUpStepLatencySeconds, levelOverlap);
    }

    public CommConstants withHostLink(LinkEfficiency efficiency) {
        return new CommConstants(scaleUp, efficiency, scaleOut, launchLatencySeconds, scaleUpStepLatencySeconds, levelOverlap);
    }

    public CommConstants withScaleOut(LinkEfficiency efficiency) {
        return new CommConstants(scaleUp, hostLink, efficiency, launchLatencySeconds, scaleUpStepLatencySeconds, levelOverlap);
    }

    public CommConstants withLevelOverlap(double overlap) {
        return new CommConstants(scaleUp, hostLink, scaleOut, launchLatencySeconds, scaleUpStepLatencySeconds, overlap);
    }

    public CommConstants withLatencies(double launchSeconds, double scaleUpStepSeconds) {
        return new CommConstants(scaleUp, hostLink, scaleOut, launchSeconds, scaleUpStepSeconds, levelOverlap);
    }
}
