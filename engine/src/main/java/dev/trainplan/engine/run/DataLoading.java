package dev.trainplan.engine.run;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The input pipeline: bytes of stored dataset per token (read from the run's {@link Storage}) and, when
 * the data is tokenised or decoded on the fly, the tokens per second one node's host can prepare.
 * Pre-tokenised, memory-mapped data (the default) leaves the host unchecked.
 */
public record DataLoading(Assumption bytesPerToken, OptionalDouble hostTokensPerSecondPerNode) {
    public static final DataLoading DEFAULTS = new DataLoading(Defaults.BYTES_PER_TOKEN, OptionalDouble.empty());

    public DataLoading {
        Objects.requireNonNull(bytesPerToken, "bytesPerToken");
        Objects.requireNonNull(hostTokensPerSecondPerNode, "hostTokensPerSecondPerNode");
        bytesPerToken.inRange(0, 1e9);
        if (hostTokensPerSecondPerNode.isPresent() && !(hostTokensPerSecondPerNode.getAsDouble() > 0
                && hostTokensPerSecondPerNode.getAsDouble() < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("host tokens per second per node must be a number above 0, not "
                    + hostTokensPerSecondPerNode.getAsDouble() + ".");
        }
    }

    public DataLoading withBytesPerToken(Assumption value) {
        return new DataLoading(value, hostTokensPerSecondPerNode);
    }

    public DataLoading withHostTokensPerSecondPerNode(double value) {
        return new DataLoading(bytesPerToken, OptionalDouble.of(value));
    }

    List<Assumption> assumptions() {
        return List.of(bytesPerToken);
    }
}
