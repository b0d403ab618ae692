package dev.trainplan.engine.job;

/** The processes of the job as torchrun lays them out: {@code nnodes} nodes of {@code nprocPerNode} ranks. */
public record Cluster(int nnodes, int nprocPerNode) {
    public static final int MAX_NODES = 1 << 20;
    public static final int MAX_PER_NODE = 1 << 10;
    public static final int MAX_WORLD = 1 << 22;

    public Cluster {
        Require.positive("nnodes", nnodes, MAX_NODES);
        Require.positive("nproc_per_node", nprocPerNode, MAX_PER_NODE);
        if ((long) nnodes * nprocPerNode > MAX_WORLD) {
            throw new IllegalArgumentException("world size nnodes " + nnodes + " × nproc_per_node " + nprocPerNode + " = "
                    + (long) nnodes * nprocPerNode + " is above the largest supported, " + MAX_WORLD + ".");
        }
    }

    public static Cluster of(int nnodes, int nprocPerNode) {
        return new Cluster(nnodes, nprocPerNode);
    }

    public int worldSize() {
        return nnodes * nprocPerNode;
    }
}
