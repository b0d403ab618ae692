package dev.trainplan.engine.comm;

import dev.trainplan.engine.hardware.Accelerator;
import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.hardware.ScaleUpLink;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Require;
import java.util.Objects;

/**
 * Seconds a collective takes on a group of {@code ranksPerNode × nodes} ranks (formulas.md §6.2–6.3).
 * The group is split into the levels of link it spans, innermost first: the scale-up domain (NVLink,
 * ICI, which may span several nodes as on an NVL72 rack), then PCIe between devices of a node that
 * share no scale-up link (bridged pairs, PCIe cards), then the network, each device on its own NIC
 * share. Each level moves its share of the data with a ring, paying per-step latency and a
 * size-dependent efficiency ({@link LinkEfficiency}); the levels run as one pipeline or one after the
 * other as {@link CommConstants#levelOverlap()} says. Groups are assumed packed: consecutive ranks fill a
 * node, consecutive nodes fill a scale-up domain.
 *
 * <p>Built once per cluster; every method takes and returns primitives and allocates nothing, since
 * the planner calls them millions of times a second. Payload sizes follow nccl-tests: all-reduce and
 * broadcast the buffer, reduce-scatter the full input, all-gather the full output, all-to-all each
 * rank's whole send buffer.
 */
public final class Collectives {
    private static final int ALL_REDUCE = 0;
    private static final int REDUCE_SCATTER = 1;
    private static final int ALL_GATHER = 2;
    private static final int ALL_TO_ALL = 3;
    private static final int BROADCAST = 4;
    /** An exabyte: far above any real payload, low enough that a unit mix-up is caught. */
    public static final double MAX_BYTES = 1e18;

    private final ScaleUpLink scaleUp;
    private final double hostLinkBytesPerSecond;
    private final double scaleOutBytesPerSecond;
    private final double scaleOutStepLatencySeconds;
    private final int devicesPerNode;
    /** Whether a scale-up domain holds whole nodes (HGX, NVL72, TPU) rather than a part of one (bridged pairs, PCIe cards). */
    private final boolean domainHoldsNodes;
    private final int nodesPerDomain;
    private final CommConstants constants;

    private Collectives(ClusterHardware hardware, CommConstants constants) {
        Accelerator accelerator = hardware.accelerator();
        this.scaleUp = accelerator.scaleUp();
        this.hostLinkBytesPerSecond = accelerator.hostLinkBytesPerSecond();
        this.scaleOutBytesPerSecond = hardware.scaleOutBytesPerSecond();
        this.scaleOutStepLatencySeconds = hardware.scaleOutLatencySeconds();
        this.devicesPerNode = hardware.devicesPerNode();
        this.domainHoldsNodes = scaleUp.domainSize() >= devicesPerNode;
        this.nodesPerDomain = domainHoldsNodes ? scaleUp.domainSize() / devicesPerNode : 1;
        this.constants = constants;
    }

    public static Collectives of(ClusterHardware hardware) {
        return of(hardware, CommConstants.PRIORS);
    }

    public static Collectives of(ClusterHardware hardware, CommConstants constants) {
        return new Collectives(Objects.requireNonNull(hardware, "hardware"), Objects.requireNonNull(constants, "constants"));
    }

    public CommConstants constants() {
        return constants;
    }

    /** Sum of {@code bytes} over every rank, result on every rank. */
    public double allReduceSeconds(double bytes, int ranksPerNode, int nodes) {
        return seconds(ALL_REDUCE, bytes, ranksPerNode, nodes);
    }

    /** {@code bytes} is the full input; each rank keeps {@code bytes / n} of the sum. */
    public double reduceScatterSeconds(double bytes, int ranksPerNode, int nodes) {
        return seconds(REDUCE_SCATTER, bytes, ranksPerNode, nodes);
    }

    /** {@code bytes} is the full output, gathered from {@code bytes / n} on each rank. */
    public double allGatherSeconds(double bytes, int ranksPerNode, int nodes) {
        return seconds(ALL_GATHER, bytes, ranksPerNode, nodes);
    }

    /** Each rank sends {@code bytes / n} to every rank (uniform MoE routing, Ulysses). */
    public double allToAllSeconds(double bytes, int ranksPerNode, int nodes) {
        return seconds(ALL_TO_ALL, bytes, ranksPerNode, nodes);
    }

    /**
     * DeepEP's dispatch (or combine) of {@code bytes} of token copies, {@code copiesPerToken} per token, over an
     * expert-parallel group: like {@link #allToAllSeconds}, except that a token crosses the network once per distinct
     * remote node (or scale-up domain) its copies go to, and is forwarded over the scale-up links there. With the copies
     * spread evenly over {@code n} network groups, a token's expected copies bound elsewhere are {@code k (n − 1)/n} and its
     * distinct remote groups {@code (n − 1)(1 − (1 − 1/n)^k)}, so the network carries {@code n (1 − (1 − 1/n)^k) / k} of
     * the all-to-all's bytes. The forwarding runs on links several times faster than the NIC, under the network time.
     */
    public double tokenDispatchSeconds(double bytes, int ranksPerNode, int nodes, int copiesPerToken) {
        Require.positive("copies per token", copiesPerToken, MAX_COPIES);
        return seconds(ALL_TO_ALL, bytes, ranksPerNode, nodes, copiesPerToken);
    }

    /** The most expert copies of one token a dispatch can describe (top-k routing). */
    static final int MAX_COPIES = 1024;

    /** {@code bytes} from one rank to all, pipelined along a ring. */
    public double broadcastSeconds(double bytes, int ranksPerNode, int nodes) {
        return seconds(BROADCAST, bytes, ranksPerNode, nodes);
    }

    /** One rank sends {@code bytes} to one other (pipeline stages, context-parallel rings), on another node or not. */
    public double sendRecvSeconds(double bytes, boolean acrossNodes) {
        // A broadcast between two ranks is exactly one send.
        return acrossNodes ? seconds(BROADCAST, bytes, 1, 2) : seconds(BROADCAST, bytes, 2, 1);
    }

    private double seconds(int kind, double bytes, int ranksPerNode, int nodes) {
        return seconds(kind, bytes, ranksPerNode, nodes, 0);
    }

    /** @param dedupCopies for a token dispatch that sends each token once per remote group, its copies per token; 0 otherwise */
    private double seconds(int kind, double bytes, int ranksPerNode, int nodes, int dedupCopies) {
        check(bytes, ranksPerNode, nodes);
        int ranks = ranksPerNode * nodes;
        if (ranks == 1) {
            return 0;
        }
        int upRanks;
        int hostRanks;
        int netRanks;
        if (domainHoldsNodes) {
            int nodesInDomain = Math.min(nodes, nodesPerDomain);
            upRanks = ranksPerNode * nodesInDomain;
            hostRanks = 1;
            netRanks = Math.ceilDiv(nodes, nodesInDomain);
        } else {
            upRanks = Math.min(ranksPerNode, scaleUp.domainSize());
            hostRanks = Math.ceilDiv(ranksPerNode, upRanks);
            netRanks = nodes;
        }
        double up = levelSeconds(kind, bytes, upRanks, 1, ranks, constants.scaleUp(), scaleUp.groupBytesPerSecond(upRanks));
        double host = levelSeconds(kind, bytes, hostRanks, upRanks, ranks, constants.hostLink(), hostLinkBytesPerSecond);
        double netBytes = dedupCopies > 0 && netRanks > 1 ? bytes * distinctShare(dedupCopies, netRanks) : bytes;
        double net = levelSeconds(kind, netBytes, netRanks, upRanks * hostRanks, ranks, constants.scaleOut(), scaleOutBytesPerSecond);
        double slowest = Math.max(up, Math.max(host, net));
        if (slowest == Double.POSITIVE_INFINITY) {
            return slowest;
        }
        double sum = up + host + net;
        double latency = constants.launchLatencySeconds()
                + steps(kind, upRanks, upRanks > ranksPerNode) * constants.scaleUpStepLatencySeconds()
                + steps(kind, hostRanks, false) * constants.scaleUpStepLatencySeconds()
                + steps(kind, netRanks, netRanks > 1) * scaleOutStepLatencySeconds;
        return latency + sum - constants.levelOverlap() * (sum - slowest);
    }

    /**
     * Bandwidth time of one level of {@code ranks}, entered by groups of {@code inner} ranks that the
     * levels below have already combined: a reduction or gather level handles a {@code 1/inner} shard;
     * an all-to-all level carries the share of each rank's buffer bound for the ranks it newly reaches.
     */
    private static double levelSeconds(int kind, double bytes, int ranks, int inner, int groupRanks, LinkEfficiency efficiency,
                                       double bytesPerSecond) {
        if (ranks == 1) {
            return 0;
        }
        double ringShare = (ranks - 1) / (double) ranks;
        double traffic = switch (kind) {
            case ALL_REDUCE -> 2 * ringShare * bytes / inner;
            case REDUCE_SCATTER, ALL_GATHER -> ringShare * bytes / inner;
            case ALL_TO_ALL -> (Math.min((long) inner * ranks, groupRanks) - inner) / (double) groupRanks * bytes;
            default -> bytes;
        };
        return efficiency.seconds(traffic, bytesPerSecond);
    }

    /** The share of {@code copies} copies spread evenly over {@code groups} groups that go to distinct remote groups. */
    static double distinctShare(int copies, int groups) {
        double n = groups;
        return n * (1 - Math.pow(1 - 1 / n, copies)) / copies;
    }

    /**
     * Latency steps at a level: a ring's {@code n − 1} (twice for all-reduce). An all-reduce over several
     * nodes, through the network or a multi-node scale-up domain (NVL72, a TPU torus), needs only about
     * {@code 2·log2 n}: NCCL switches to its tree or in-switch reduction there, and a torus reduces one
     * dimension at a time; inside one node NCCL's tree is a chain, no shorter than the ring.
     */
    private static int steps(int kind, int ranks, boolean acrossNodes) {
        int ring = ranks - 1;
        if (kind != ALL_REDUCE) {
            return ring;
        }
        int tree = acrossNodes ? 32 - Integer.numberOfLeadingZeros(ranks - 1) : ring;
        return 2 * Math.min(ring, tree);
    }

    private void check(double bytes, int ranksPerNode, int nodes) {
        Require.nonNegative("collective bytes", bytes, MAX_BYTES);
        if (ranksPerNode < 1 || ranksPerNode > devicesPerNode) {
            throw new IllegalArgumentException("ranks per node must be from 1 to the node's " + devicesPerNode + " devices, not " + ranksPerNode + ".");
        }
        Require.positive("nodes in a collective", nodes, Cluster.MAX_NODES);
    }
}
