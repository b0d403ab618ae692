package dev.trainplan.engine.time;

/**
 * A textbook α–β network for tests: ring collectives on the scale-up link inside a node, hierarchical
 * across nodes (formulas.md §6.3), each device on its own NIC.
 */
record RingNetwork(double scaleUpBytesPerSecond, double nicBytesPerSecond, double latencySeconds) implements Network {
    @Override
    public double allReduceSeconds(double bytes, int ranks, int ranksPerNode) {
        return 2 * reduceScatterSeconds(bytes, ranks, ranksPerNode);
    }

    @Override
    public double reduceScatterSeconds(double bytes, int ranks, int ranksPerNode) {
        if (ranks <= 1) {
            return 0;
        }
        int g = Math.min(ranks, ranksPerNode);
        int k = ranks / g;
        double inside = (g - 1.0) / g * bytes / scaleUpBytesPerSecond;
        double across = k > 1 ? (k - 1.0) / k * (bytes / g) / nicBytesPerSecond : 0;
        return latencySeconds * (ranks - 1) + inside + across;
    }

    @Override
    public double allGatherSeconds(double bytes, int ranks, int ranksPerNode) {
        return reduceScatterSeconds(bytes, ranks, ranksPerNode);
    }

    @Override
    public double allToAllSeconds(double bytes, int ranks, int ranksPerNode) {
        if (ranks <= 1) {
            return 0;
        }
        double link = ranksPerNode >= ranks ? scaleUpBytesPerSecond : nicBytesPerSecond;
        return latencySeconds * (ranks - 1) + (ranks - 1.0) / ranks * bytes / link;
    }

    @Override
    public double sendSeconds(double bytes, boolean crossesNodes) {
        return latencySeconds + bytes / (crossesNodes ? nicBytesPerSecond : scaleUpBytesPerSecond);
    }

    RingNetwork withNic(double bytesPerSecond) {
        return new RingNetwork(scaleUpBytesPerSecond, bytesPerSecond, latencySeconds);
    }
}
