package dev.trainplan.engine.time;

/**
 * Seconds a collective takes on a group of {@code ranks} devices of which {@code ranksPerNode} share a
 * node (and its scale-up link); the rest are reached over the scale-out network. {@code bytes} is the
 * buffer as the API sees it (the full input of an all-reduce or reduce-scatter, the full output of an
 * all-gather, what one rank sends in an all-to-all or a send).
 */
public interface Network {
    double allReduceSeconds(double bytes, int ranks, int ranksPerNode);

    double reduceScatterSeconds(double bytes, int ranks, int ranksPerNode);

    double allGatherSeconds(double bytes, int ranks, int ranksPerNode);

    double allToAllSeconds(double bytes, int ranks, int ranksPerNode);

    /** One point-to-point transfer between neighbouring pipeline stages. */
    double sendSeconds(double bytes, boolean crossesNodes);
}
