package dev.trainplan.engine.run;

import java.util.List;
import java.util.Objects;

/**
 * The shared file system the job saves checkpoints to and reads data and checkpoints from. A job's
 * bandwidth is the smaller of its nodes' combined links and the file system's aggregate; reads are
 * taken as fast as writes unless the user says otherwise.
 */
public record Storage(Assumption bytesPerSecondPerNode, Assumption aggregateBytesPerSecond) {
    public static final Storage DEFAULTS = new Storage(Defaults.STORAGE_PER_NODE, Defaults.STORAGE_AGGREGATE);

    public Storage {
        Objects.requireNonNull(bytesPerSecondPerNode, "bytesPerSecondPerNode");
        Objects.requireNonNull(aggregateBytesPerSecond, "aggregateBytesPerSecond");
        bytesPerSecondPerNode.positive(1e15);
        aggregateBytesPerSecond.positive(1e18);
    }

    public Storage withBytesPerSecondPerNode(Assumption value) {
        return new Storage(value, aggregateBytesPerSecond);
    }

    public Storage withAggregateBytesPerSecond(Assumption value) {
        return new Storage(bytesPerSecondPerNode, value);
    }

    /** What {@code nodes} reading or writing at once get from the file system, in bytes per second. */
    public double bytesPerSecond(int nodes) {
        return Math.min(nodes * bytesPerSecondPerNode.value(), aggregateBytesPerSecond.value());
    }

    List<Assumption> assumptions() {
        return List.of(bytesPerSecondPerNode, aggregateBytesPerSecond);
    }
}
