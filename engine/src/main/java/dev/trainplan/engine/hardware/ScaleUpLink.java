package dev.trainplan.engine.hardware;

import dev.trainplan.engine.job.Require;
import java.util.Objects;

/**
 * The fast fabric between accelerators (NVLink/NVSwitch, Infinity Fabric, TPU ICI, PCIe for cards that
 * have nothing else). {@code bytesPerSecond} is what one device can push, one direction, when it talks
 * to the whole domain at once; {@code peerBytesPerSecond} is what a single pair gets, equal to it on a
 * switched fabric and far lower on a point-to-point mesh, where a small group uses only the links
 * between its members. 0 bandwidth means not published. {@code domainSize} devices share the fabric
 * (8 = HGX board, 72 = NVL72 rack, 1 = PCIe only, TPU = pod).
 */
public record ScaleUpLink(String name, double bytesPerSecond, double peerBytesPerSecond, int domainSize) {
    public static final double MAX_BYTES_PER_SECOND = 1e14;
    public static final int MAX_DOMAIN = 1 << 20;

    public ScaleUpLink {
        Objects.requireNonNull(name, "name");
        Require.nonNegative("scale-up bandwidth (bytes/s)", bytesPerSecond, MAX_BYTES_PER_SECOND);
        Require.nonNegative("scale-up bandwidth per peer (bytes/s)", peerBytesPerSecond, MAX_BYTES_PER_SECOND);
        Require.positive("scale-up domain size", domainSize, MAX_DOMAIN);
        if (peerBytesPerSecond > bytesPerSecond) {
            throw new IllegalArgumentException("scale-up bandwidth per peer " + Require.trim(peerBytesPerSecond)
                    + " bytes/s is above the all-to-all bandwidth " + Require.trim(bytesPerSecond) + " bytes/s; it must be at most that.");
        }
    }

    /** What a group of {@code ranks} members of one domain can each use: the links to its peers, at most the whole port. */
    public double groupBytesPerSecond(int ranks) {
        return Math.min(bytesPerSecond, (ranks - 1) * peerBytesPerSecond);
    }

    /** Scales the per-peer figure with the total, so an override keeps the topology (switch or mesh) it had. */
    public ScaleUpLink withBytesPerSecond(double newBytesPerSecond) {
        Require.positive("scale-up bandwidth (bytes/s)", newBytesPerSecond, MAX_BYTES_PER_SECOND);
        double peer = bytesPerSecond > 0 ? peerBytesPerSecond * (newBytesPerSecond / bytesPerSecond) : newBytesPerSecond;
        return new ScaleUpLink(name, newBytesPerSecond, Math.min(peer, newBytesPerSecond), domainSize);
    }
}
