package dev.trainplan.engine.hardware;

import dev.trainplan.engine.job.Require;
import java.util.Objects;

/**
 * A scale-out network as one device sees it: its share of the node's NICs, one direction
 * ({@code bandwidthBytesPerSecond}), and the latency one step of a collective pays to cross it. The
 * built-in fabrics are data with sources, in the catalog's {@code fabrics.csv}.
 */
public record Fabric(String id, String name, double bandwidthBytesPerSecond, double latencySeconds, String source) {
    /**
     * NCCL's per-step latency over a network for its Ring/Simple protocol (older {@code src/graph/tuning.cc},
     * formulas.md §6.2): what a cluster whose network nobody named is assumed to pay.
     */
    public static final double TYPICAL_LATENCY_SECONDS = 9.6e-6;
    public static final double MAX_LATENCY_SECONDS = 1;

    public Fabric {
        Ids.require("fabric", id, "ib-ndr");
        Objects.requireNonNull(name, "name");
        Require.positive("fabric " + id + " bandwidth (bytes/s)", bandwidthBytesPerSecond, Accelerator.MAX_BANDWIDTH_BYTES_PER_SECOND);
        Require.nonNegative("fabric " + id + " latency (s)", latencySeconds, MAX_LATENCY_SECONDS);
        Objects.requireNonNull(source, "source");
    }
}
