package dev.trainplan.engine.hardware;

import dev.trainplan.engine.job.Require;
import java.util.Objects;

/**
 * The hardware a job runs on: the accelerator, how many of them a node holds, and the scale-out network
 * each device sees (bandwidth one direction, and the per-step latency of a collective crossing it). A
 * scale-out bandwidth of 0 means unknown: collectives that leave the node then take forever, so a
 * planner never picks them and a face should ask the user for the figure ({@link #hasScaleOut()}).
 * How many processes a node runs is the job's business, not this record's.
 */
public record ClusterHardware(Accelerator accelerator, int devicesPerNode, double scaleOutBytesPerSecond,
                              double scaleOutLatencySeconds) {
    public ClusterHardware {
        Objects.requireNonNull(accelerator, "accelerator");
        Require.positive("devices per node", devicesPerNode, Accelerator.MAX_DEVICES_PER_NODE);
        Require.nonNegative("scale-out bandwidth (bytes/s)", scaleOutBytesPerSecond, Accelerator.MAX_BANDWIDTH_BYTES_PER_SECOND);
        Require.nonNegative("scale-out latency (s)", scaleOutLatencySeconds, Fabric.MAX_LATENCY_SECONDS);
    }

    /** The accelerator in its typical deployment: its usual node size and NIC share, the typical network latency. */
    public static ClusterHardware of(Accelerator accelerator) {
        return new ClusterHardware(accelerator, accelerator.devicesPerNode(), accelerator.scaleOutBytesPerSecond(),
                Fabric.TYPICAL_LATENCY_SECONDS);
    }

    public boolean hasScaleOut() {
        return scaleOutBytesPerSecond > 0;
    }

    public ClusterHardware withAccelerator(Accelerator newAccelerator) {
        return new ClusterHardware(newAccelerator, devicesPerNode, scaleOutBytesPerSecond, scaleOutLatencySeconds);
    }

    public ClusterHardware withDevicesPerNode(int devices) {
        return new ClusterHardware(accelerator, devices, scaleOutBytesPerSecond, scaleOutLatencySeconds);
    }

    public ClusterHardware withScaleOutBytesPerSecond(double bytesPerSecond) {
        return new ClusterHardware(accelerator, devicesPerNode, bytesPerSecond, scaleOutLatencySeconds);
    }

    public ClusterHardware withScaleOutLatencySeconds(double seconds) {
        return new ClusterHardware(accelerator, devicesPerNode, scaleOutBytesPerSecond, seconds);
    }

    public ClusterHardware withFabric(Fabric fabric) {
        return new ClusterHardware(accelerator, devicesPerNode, fabric.bandwidthBytesPerSecond(), fabric.latencySeconds());
    }
}
